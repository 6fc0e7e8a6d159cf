"""The public, anonymous report pages: no account, no JavaScript needed, nothing that tracks the reporter.

Every answer is marked not to be cached: the confirmation shows a secret phrase once, and a shared computer must
not keep it. The phrase travels only in POST bodies and is never put in a URL or a session.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samen.geo.selectors import municipalities_current

from . import workflow
from .errors import SignalInvalid
from .forms_public import (
    RATE_WINDOW_SECONDS,
    RECEIPT_WRONG,
    STATUS_LIMIT,
    AddInformationForm,
    ReceiptForm,
    ReportForm,
    public_report_limit,
    quick_exit_url,
)
from .ratelimit import rate_limit_allows
from .services import receipt_add_information, receipt_open, signal_submit_anonymous

FORM_TEMPLATE = "signals/public/form.html"
CONFIRMATION_TEMPLATE = "signals/public/confirmation.html"
STATUS_TEMPLATE = "signals/public/status.html"
STATUS_DETAIL_TEMPLATE = "signals/public/status_detail.html"


def client_address(request) -> str:
    """The client's address, only to count its requests (it is hashed before it is stored). Behind N trusted
    proxies the client is the N-th address from the right of X-Forwarded-For: whatever stands left of it, the
    client may have written itself."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _allowed(request, *, scope: str, limit: int) -> bool:
    return rate_limit_allows(
        scope=scope, client=client_address(request), limit=limit, window_seconds=RATE_WINDOW_SECONDS
    )


def _public(request, template: str, context: dict, status: int = 200):
    context = {
        "quick_exit_url": quick_exit_url(),
        "intake_name": settings.SAMEN_PUBLIC_INTAKE_ORGANISATION,
        **context,
    }
    response = render(request, template, context, status=status)
    if status == 429:
        response["Retry-After"] = str(RATE_WINDOW_SECONDS)
    return response


def _form_page(request, form: ReportForm, status: int = 200, **extra):
    return _public(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "municipality_names": municipalities_current().values_list("name", flat=True),
            "danger": form.is_bound and form.said_danger(),
            "choose_files_again": form.is_bound and form.had_files() and status != 200,
            **extra,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    if request.method == "GET":
        return _form_page(request, ReportForm())
    form = ReportForm(request.POST, request.FILES)
    if form.honeypot_filled():
        # Only a program fills in the hidden field. It gets a thank-you without codes, and nothing is stored: an
        # error would teach it what to change.
        return _public(request, CONFIRMATION_TEMPLATE, {"decoy": True})
    if not form.is_valid():
        return _form_page(request, form, status=400)
    if not _allowed(request, scope="public-report", limit=public_report_limit()):
        return _form_page(request, form, status=429, limited=True)
    try:
        signal, code, phrase = signal_submit_anonymous(
            data=form.signal_input(), attachments=form.cleaned_data["attachments"]
        )
    except SignalInvalid as error:  # the vocabulary changed between checking and storing
        form.add_signal_errors(error)
        return _form_page(request, form, status=400)
    # The confirmation is this POST's own answer, not a redirect: the phrase must not travel in a URL or session.
    return _public(request, CONFIRMATION_TEMPLATE, {"code": code, "phrase": phrase, "danger": signal.immediate_danger})


def _status_page(request, signal, receipt: dict, add_form=None, *, added: bool = False, status: int = 200):
    return _public(
        request,
        STATUS_DETAIL_TEMPLATE,
        {
            "status_label": workflow.STATUSES.get(signal.status, signal.status),
            "received_on": signal.received_at,
            "add_form": add_form or AddInformationForm(initial=receipt),
            "added": added,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    """Read the non-personal status of one's report, and add information to it, with the receipt."""
    if request.method == "GET":
        return _public(request, STATUS_TEMPLATE, {"form": ReceiptForm()})
    adding = request.POST.get("step") == "add"
    form = (AddInformationForm if adding else ReceiptForm)(request.POST)
    if not _allowed(request, scope="public-status", limit=STATUS_LIMIT):
        return _public(request, STATUS_TEMPLATE, {"form": ReceiptForm(request.POST), "limited": True}, status=429)
    form.is_valid()
    receipt = {key: form.cleaned_data[key] for key in ("code", "phrase") if key in form.cleaned_data}
    signal = receipt_open(**receipt) if len(receipt) == 2 else None
    if signal is None:
        # One message for a wrong code and a wrong phrase: the page must not tell which receipt codes exist.
        refused = ReceiptForm(request.POST)
        refused.is_valid()
        if not refused.errors:
            refused.add_error(None, RECEIPT_WRONG)
        return _public(request, STATUS_TEMPLATE, {"form": refused}, status=400)
    if not adding:
        return _status_page(request, signal, receipt)
    if form.errors:
        return _status_page(request, signal, receipt, form, status=400)
    try:
        receipt_add_information(signal=signal, text=form.cleaned_data["text"])
    except SignalInvalid as error:
        for messages in error.messages().values():
            for message in messages:
                form.add_error("text", message)
        return _status_page(request, signal, receipt, form, status=400)
    return _status_page(request, signal, receipt, added=True)
