"""The professional side of signals: intake with drafts, list and search, detail, edit, status, attachments, export.
Thin: rules live in services.py, editing.py and drafts.py; what a person may see comes from selectors.py."""

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.decorators import requires_permission
from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.geo.selectors import municipalities_current
from samen.taxonomy.selectors import vocabulary_current
from samen.web.pagination import CappedPage, CappedPaginator

from .display import signal_page, vocabulary_labels
from .drafts import draft_data, draft_discard, draft_of, draft_open, draft_save, drafts_of
from .editing import SignalChanges, signal_update
from .errors import SignalInvalid
from .export import export_lines, signals_export_start
from .forms import PERSON_BLOCKS, IntakeForm, PersonForm, SignalFieldsForm, SignalFilterForm, StatusForm
from .models import Channel, Signal
from .selectors import (
    NEWEST_WINDOW,
    signal_duplicates,
    signal_visible_to,
    signals_filter,
    signals_newest,
    signals_visible_to,
)
from .services import signal_set_status, signal_subjects, signal_submit

PURPOSE = "signal-intake"
PAGE_SIZE = 50
COUNT_CAP = 1000  # past this the list says "more than 1,000": an exact count of many rows is slow


def _pk(value) -> int:
    """An id from the query string or a form; anything that is not one is a page that does not exist."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise Http404
    return int(text)


def _visible_or_404(request, pk) -> Signal:
    signal = signal_visible_to(request.user, pk)
    if signal is None:
        raise Http404
    return signal


def _audit_read(request, signal: Signal, object_type: str = "signals.signal", object_id=None) -> None:
    audit_record(
        actor=request.user,
        action=Action.READ,
        object_type=object_type,
        object_id=object_id if object_id is not None else signal.pk,
        subjects=signal_subjects(signal),
        purpose=PURPOSE,
    )


# --- intake and drafts -------------------------------------------------------------------------------------------


def _initial_from(form: django_forms.Form, data: dict[str, list[str]]) -> dict:
    """A draft's stored values as a form's initial values (never bound: a reopened draft shows no errors)."""
    initial = {}
    for name, field in form.fields.items():
        values = data.get(form.add_prefix(name))
        if not values or isinstance(field, django_forms.FileField):
            continue
        if isinstance(field, django_forms.MultipleChoiceField):
            initial[name] = values
        elif isinstance(field, django_forms.BooleanField):
            initial[name] = values[-1].lower() in ("on", "true", "1")
        else:
            initial[name] = values[-1]
    return initial


def _intake_forms(version, data=None, files=None, draft=None) -> tuple[IntakeForm, list[PersonForm]]:
    form = IntakeForm(data, files, version=version)
    persons = [PersonForm(data, version=version, number=number) for number in range(1, PERSON_BLOCKS + 1)]
    if draft is not None:
        for each in (form, *persons):
            each.initial = _initial_from(each, draft.data)
    return form, persons


def _draftable_names(form: IntakeForm, persons: list[PersonForm]) -> set[str]:
    names = {form.add_prefix(name) for name in form.fields if name != "attachments"}
    return names | {person.add_prefix(name) for person in persons for name in person.fields}


def _render_intake(request, form, persons, draft, status=200):
    error_forms = [("", form)] + [(_("Person %(number)s") % {"number": p.number}, p) for p in persons if p.errors]
    return render(
        request,
        "signals/intake.html",
        {
            "form": form,
            "persons": persons,
            "draft": draft,
            "error_forms": [pair for pair in error_forms if pair[1].errors],
            "municipalities": municipalities_current().values_list("name", "code"),
        },
        status=status,
    )


def _apply_errors(error: SignalInvalid, form: IntakeForm, persons: list[PersonForm]) -> None:
    """Put the service's errors next to the fields they are about: "persons.0.estimated_age" on the first person
    that was filled in, "municipality" on the municipality field, anything else above the form."""
    for path, texts in error.messages().items():
        parts = path.split(".")
        target, name = form, None
        if parts[0] == "persons" and len(parts) > 2 and parts[1].isdigit() and int(parts[1]) < len(persons):
            target = persons[int(parts[1])]
            name = parts[2] if parts[2] in target.fields and len(parts) == 3 else None
        elif parts[0] in form.fields:
            name = parts[0]
        for text in texts:
            target.add_error(name, text)


@requires_permission("signals.intake_signal")
def intake(request):
    """The professional's intake form. "Save draft" keeps everything typed; "Submit" stores the signal."""
    if request.user.organisation_id is None:
        raise PermissionDenied("no organisation")
    version = vocabulary_current()
    if request.method == "POST":
        concept = request.POST.get("concept", "")
        draft = None
        if concept:
            draft = draft_of(request.user, _pk(concept))
            if draft is None:
                raise Http404
        form, persons = _intake_forms(version, request.POST, request.FILES)
        if request.POST.get("action") == "draft":
            return _save_draft(request, form, persons, draft)
        return _submit(request, version, form, persons, draft)
    draft = None
    if "concept" in request.GET:
        draft = draft_open(user=request.user, pk=_pk(request.GET["concept"]))
        if draft is None:
            raise Http404
    form, persons = _intake_forms(version, draft=draft)
    return _render_intake(request, form, persons, draft)


def _save_draft(request, form, persons, draft):
    data = draft_data(request.POST, _draftable_names(form, persons))
    draft = draft_save(owner=request.user, data=data, draft=draft)
    saved_at = timezone.localtime(draft.updated_at).strftime("%H:%M")
    if request.headers.get("X-Samen-Autosave") == "1":
        return JsonResponse({"concept": draft.pk, "saved_at": saved_at})
    messages.success(
        request,
        _("Draft saved at %(time)s. You can go on now, or later from your drafts.") % {"time": saved_at},
    )
    return redirect(f"{reverse('signals:new')}?concept={draft.pk}")


def _submit(request, version, form, persons, draft):
    filled = [person for person in persons if person.is_filled()]
    # Every form is checked, so that all errors show at once.
    checked = [form.is_valid()] + [person.is_valid() for person in filled]
    if all(checked):
        try:
            # One transaction: the draft disappears only if the signal was stored.
            with transaction.atomic():
                signal = signal_submit(
                    data=form.signal_input([person.person_input() for person in filled]),
                    organisation=request.user.organisation,
                    channel=Channel.INTAKE_FORM,
                    reporter=request.user,
                    attachments=form.cleaned_data["attachments"],
                )
                if draft is not None:
                    draft_discard(draft=draft, by=request.user)
        except SignalInvalid as error:
            _apply_errors(error, form, filled)
        else:
            messages.success(
                request, _("Signal %(reference)s has been stored. Thank you.") % {"reference": signal.reference}
            )
            return redirect("signals:detail", pk=signal.pk)
    # An untouched person block stays untouched: no "role is required" on people nobody meant to add.
    persons = [
        person if person.is_filled() else PersonForm(version=version, number=person.number) for person in persons
    ]
    return _render_intake(request, form, persons, draft, status=400)


@requires_permission("signals.intake_signal")
def drafts(request):
    if request.method == "POST":
        draft = draft_of(request.user, _pk(request.POST.get("discard")))
        if draft is None:
            raise Http404
        draft_discard(draft=draft, by=request.user)
        messages.success(request, _("The draft has been deleted."))
        return redirect("signals:drafts")
    items = list(drafts_of(request.user))
    for draft in items:
        draft.summary = " ".join((draft.data.get("account") or [""])[-1].split())[:120]
        draft.own_reference = (draft.data.get("own_reference") or [""])[-1][:64]
    if items:
        audit_record(actor=request.user, action=Action.SEARCH, object_type="signals.draft", purpose=PURPOSE)
    return render(request, "signals/drafts.html", {"drafts": items})


# --- list, detail, export ----------------------------------------------------------------------------------------


def _filtered(request, form: SignalFilterForm):
    return signals_filter(signals_visible_to(request.user), **form.filters())


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _render_list(request, version, form, page, status=200):
    urgency = {code: label for (_kind, code), label in vocabulary_labels(version.pk, "urgency").items()}
    if page is not None:
        for signal in page.object_list:
            signal.urgency_label = urgency.get(signal.urgency, signal.urgency)
    return render(
        request,
        "signals/list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
        status=status,
    )


def list_page(user, signals, number) -> CappedPage:
    """The page of `signals` (what `user` may see, filtered) that the list shows: its count capped, read from the
    newest signals first (benchmarked as such by `samen bench signal-list`)."""
    newest = signals_newest(signals_visible_to(user), signals, size=NEWEST_WINDOW)
    return CappedPaginator(signals, PAGE_SIZE, cap=COUNT_CAP, newest=newest).get_page(number)


@requires_permission("signals.view_signals")
def signal_list(request):
    version = vocabulary_current()
    form = SignalFilterForm(request.GET, version=version)
    if not form.is_valid():
        return _render_list(request, version, form, None, status=400)
    signals = _filtered(request, form).select_related("source_type", "municipality").prefetch_related("forms")
    page = list_page(request.user, signals, request.GET.get("page"))
    used = sorted(name for name, value in form.cleaned_data.items() if value)
    # The search text itself may hold a name: the trail records which filters were used, not their values.
    audit_record(
        actor=request.user,
        action=Action.SEARCH,
        object_type="signals.signal",
        purpose=PURPOSE,
        reason="filters:" + ",".join(used) if used else "",
    )
    return _render_list(request, version, form, page)


@requires_permission("signals.export_signals")
def export(request):
    version = vocabulary_current()
    form = SignalFilterForm(request.GET, version=version)
    if not form.is_valid():
        return _render_list(request, version, form, None, status=400)
    ids = signals_export_start(user=request.user, signals=_filtered(request, form))
    urgency = {code: label for (_kind, code), label in vocabulary_labels(version.pk, "urgency").items()}
    response = StreamingHttpResponse(
        export_lines(ids, urgency_labels=urgency, language=get_language()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="signals-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@requires_permission("signals.view_signals")
def detail(request, pk):
    signal = _visible_or_404(request, pk)
    context = signal_page(signal)
    visible = signals_visible_to(request.user).values("pk")
    context["duplicates"] = list(signal_duplicates(signal).filter(pk__in=visible).order_by("-received_at")[:20])
    if request.user.has_perm("signals.intake_signal"):
        context["status_form"] = StatusForm(current=signal.status)
    _audit_read(request, signal)
    return render(request, "signals/detail.html", context)


@requires_permission("signals.view_signals")
def attachment(request, pk, attachment_pk):
    """A file of a signal, only for those who may see the signal; always downloaded, never shown inline."""
    signal = _visible_or_404(request, pk)
    item = signal.attachments.filter(pk=attachment_pk).first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    _audit_read(request, signal, object_type="signals.attachment", object_id=item.pk)
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- changes -----------------------------------------------------------------------------------------------------


def _edit_initial(signal: Signal, form: SignalFieldsForm) -> dict:
    indicators = list(signal.indicators.values_list("parent_code", "code"))
    initial = {
        "account": signal.account,
        "forms": list(signal.forms.values_list("code", flat=True)),
        "municipality": signal.municipality.name if signal.municipality else "",
        "place_type": signal.place_type.code if signal.place_type else "",
        "immediate_danger": signal.immediate_danger,
        "minor_involved": signal.minor_involved,
        "own_reference": signal.own_reference,
    }
    for name in form.indicator_names:
        form_code = name.removeprefix("indicators_")
        initial[name] = [code for parent, code in indicators if parent == form_code]
    return initial


def _latest_event_id(signal: Signal) -> int | None:
    return signal.events.order_by("-at", "-id").values_list("pk", flat=True).first()


@requires_permission("signals.intake_signal")
def edit(request, pk):
    signal = _visible_or_404(request, pk)
    version = signal.vocabulary_version
    if request.method == "POST":
        form = SignalFieldsForm(request.POST, version=version)
        seen = request.POST.get("seen_event", "")
        if form.is_valid():
            data = form.cleaned_data
            changes = SignalChanges(
                account=data["account"],
                forms=data["forms"],
                indicators=form.indicator_codes(),
                municipality=data["municipality"],
                place_type=data["place_type"],
                immediate_danger=data["immediate_danger"],
                minor_involved=data["minor_involved"],
                own_reference=data["own_reference"],
            )
            try:
                changed = signal_update(
                    signal=signal,
                    data=changes,
                    by=request.user,
                    seen_event_id=int(seen) if seen.isascii() and seen.isdigit() else None,
                )
            except SignalInvalid as error:
                for path, codes in error.errors.items():
                    if "edited_meanwhile" in codes:
                        form.add_error(
                            None,
                            _(
                                "Someone else changed this signal while you were editing it. Open it again to see "
                                "their change, then make yours."
                            ),
                        )
                        continue
                    name = path if path in form.fields else None
                    for text in error.messages()[path]:
                        form.add_error(name, text)
            else:
                if changed:
                    messages.success(request, _("Your changes have been saved and added to the history."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("signals:detail", pk=signal.pk)
    else:
        form = SignalFieldsForm(version=version)
        form.initial = _edit_initial(signal, form)
        seen = str(_latest_event_id(signal) or "")
        _audit_read(request, signal)
    return render(
        request,
        "signals/edit.html",
        {
            "form": form,
            "signal": signal,
            "seen_event": seen,
            "municipalities": municipalities_current().values_list("name", "code"),
        },
        status=400 if form.errors else 200,
    )


@requires_permission("signals.intake_signal")
@require_POST
def status(request, pk):
    signal = _visible_or_404(request, pk)
    form = StatusForm(request.POST, current=signal.status)
    if not form.is_valid():
        messages.error(request, _("This status change is not possible now. Choose one of the statuses listed."))
        return redirect("signals:detail", pk=signal.pk)
    try:
        signal_set_status(signal=signal, status=form.cleaned_data["status"], by=request.user)
    except SignalInvalid:
        messages.error(request, _("This status change is not possible now. Choose one of the statuses listed."))
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("signals:detail", pk=signal.pk)
