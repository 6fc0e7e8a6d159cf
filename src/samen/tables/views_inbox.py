"""The recipient's inbox of routing tasks (accept, return, report back) and the privacy officer's overview of every
share. Thin: the share workflow lives in services.py, what a person may see in selectors.py."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.decorators import requires_permission
from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.taxonomy.selectors import terms_current

from . import workflow
from .forms import FeedbackForm, ReasonForm, ShareFilterForm, apply_error
from .minimised import class_labels, findings_for, labels, minimised, signal_read_audit
from .models import DataShare
from .pages import display_name, legal_basis_part
from .selectors import SignalView, shares_received_by, shares_visible_to
from .services import TableError, share_accept, share_feed_back, share_return

HANDLE = "tables.handle_shares"
OVERSEE = "tables.oversee_shares"
PAGE_SIZE = 50


def _task_or_404(request, share_pk: int) -> DataShare:
    """A task the person's organisation still holds: a revoked, returned or closed share is gone for it (404)."""
    share = (
        shares_received_by(request.user)
        .filter(pk=share_pk, status__in=workflow.VISIBLE_TO_RECIPIENT, signal__isnull=False)
        .select_related("signal", "from_organisation", "table")
        .first()
    )
    if share is None:
        raise Http404
    return share


@requires_permission(HANDLE)
def inbox(request):
    outcomes = labels("routing_outcome")
    tasks = (
        shares_received_by(request.user)
        .filter(status__in=workflow.VISIBLE_TO_RECIPIENT)
        .select_related("from_organisation", "table")
        .order_by("deadline", "decided_at", "id")
    )
    rows = [
        {
            "share": share,
            "outcome": outcomes.get(share.outcome, share.outcome),
            "status": workflow.STATUSES.get(share.status, share.status),
            "is_open": share.status in workflow.OPEN,
        }
        for share in tasks
    ]
    return render(
        request,
        "tables/inbox.html",
        {
            "open_rows": [row for row in rows if row["is_open"]],
            "done_rows": [row for row in rows if not row["is_open"]],
        },
    )


def _render_task(request, share: DataShare, *, return_form=None, feedback_form=None, status=200):
    """The task with the minimised view the share names; every showing is a read under the share's purpose."""
    view = SignalView(share.signal, frozenset(share.field_classes), False)
    signal_read_audit(request.user, share.signal, share=share, reason=f"task:{share.pk}")
    item = share.table.items.filter(signal=share.signal).first() if share.table else None
    bases = {term.code: term for term in terms_current("legal_basis")}
    context = {
        "share": share,
        "signal": minimised(view),
        "findings": findings_for(view, item, request.user) if item else [],
        "outcome": labels("routing_outcome").get(share.outcome, share.outcome),
        "status": workflow.STATUSES.get(share.status, share.status),
        "purpose": labels("purpose").get(share.purpose, share.purpose),
        "legal_basis": legal_basis_part(share.legal_basis, bases),
        "can_accept": workflow.can_move(share.status, workflow.ACCEPTED),
        "can_feed_back": workflow.can_move(share.status, workflow.FED_BACK),
        "return_form": return_form or ReasonForm(prefix="return", label=_("Reason for returning")),
        "feedback_form": feedback_form or FeedbackForm(),
        "events": [
            {
                "status": workflow.STATUSES.get(event.to_status, event.to_status),
                "at": event.at,
                "by": display_name(event.by),
                "text": event.text if event.to_status in (workflow.FED_BACK, workflow.RETURNED) else "",
            }
            for event in share.events.select_related("by")
        ],
    }
    return render(request, "tables/task.html", context, status=status)


@requires_permission(HANDLE)
def task(request, share_pk: int):
    return _render_task(request, _task_or_404(request, share_pk))


@requires_permission(HANDLE)
@require_POST
def task_accept(request, share_pk: int):
    share = _task_or_404(request, share_pk)
    try:
        share_accept(share=share, by=request.user)
    except TableError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You accepted the task. Report back when it has been picked up."))
    return redirect("tables:task", share_pk=share.pk)


@requires_permission(HANDLE)
@require_POST
def task_return(request, share_pk: int):
    share = _task_or_404(request, share_pk)
    form = ReasonForm(request.POST, prefix="return", label=_("Reason for returning"))
    if form.is_valid():
        try:
            share_return(share=share, by=request.user, reason=form.cleaned_data["reason"])
        except TableError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("You returned the task to the table."))
            return redirect("tables:inbox")
    return _render_task(request, share, return_form=form, status=400)


@requires_permission(HANDLE)
@require_POST
def task_feed_back(request, share_pk: int):
    share = _task_or_404(request, share_pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            share_feed_back(share=share, by=request.user, text=form.cleaned_data["text"])
        except TableError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Your feedback is sent to the table."))
            return redirect("tables:task", share_pk=share.pk)
    return _render_task(request, share, feedback_form=form, status=400)


@requires_permission(OVERSEE)
def share_overview(request):
    """Every share with its legal basis and purpose, for privacy oversight. Records only: no case content."""
    form = ShareFilterForm(request.GET or None)
    shares = shares_visible_to(request.user).select_related(
        "from_organisation", "to_organisation", "covenant_version__covenant", "decided_by"
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["organisation"]:
            shares = shares.filter(Q(from_organisation=data["organisation"]) | Q(to_organisation=data["organisation"]))
        if data["status"]:
            shares = shares.filter(status=data["status"])
        if data["date_from"]:
            shares = shares.filter(decided_at__date__gte=data["date_from"])
        if data["date_to"]:
            shares = shares.filter(decided_at__date__lte=data["date_to"])
    elif form.is_bound:
        shares = shares.none()
    page = Paginator(shares.order_by("-decided_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(actor=request.user, action=Action.SEARCH, object_type="tables.datashare", purpose="privacy-oversight")
    bases = {term.code: term for term in terms_current("legal_basis")}
    purposes = labels("purpose")
    rows = [
        {
            "share": share,
            "classes": class_labels(share.field_classes),
            "legal_basis": legal_basis_part(share.legal_basis, bases),
            "purpose": purposes.get(share.purpose, share.purpose),
            "status": workflow.STATUSES.get(share.status, share.status),
            "decided_by": display_name(share.decided_by),
        }
        for share in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tables/shares.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )
