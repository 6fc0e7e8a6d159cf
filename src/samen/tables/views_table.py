"""The pages of a table: the list of tables, a table with its members, covenant, sessions and agenda, an agenda item
with the minimised view, findings and the chair's decision, sessions and their decision list, and the chair's
closing and revoking of shares. Thin: rules live in services.py and sessions.py, reads in selectors.py and pages.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.decorators import requires_permission
from samen.signals.selectors import signals_visible_to

from . import pages, pdf
from .forms import (
    AgendaAddForm,
    DecisionForm,
    FindingForm,
    ReasonForm,
    SessionAssignForm,
    SessionOpenForm,
    apply_error,
)
from .minimised import findings_for, labels, live_share_for, minimised, signal_read_audit
from .models import AgendaItem, DataShare, Session, Table
from .routing import routes_suggested
from .selectors import agenda_items_visible_to, signal_view_for, tables_visible_to
from .services import TableError, agenda_add, decision_record, enrichment_add, share_close, share_revoke
from .sessions import session_assign, session_close, session_open

TAKE_PART = "tables.take_part_in_table"
CHAIR = "tables.chair_table"


def _table_or_404(request, pk: int) -> Table:
    table = tables_visible_to(request.user).select_related("covenant", "region", "chair").filter(pk=pk).first()
    if table is None:
        raise Http404
    return table


def _item_or_404(request, table: Table, item_pk: int) -> AgendaItem:
    item = agenda_items_visible_to(request.user, table).select_related("session").filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


def _session_or_404(table: Table, session_pk: int) -> Session:
    session = table.sessions.filter(pk=session_pk).first()
    if session is None:
        raise Http404
    return session


def _check_chair(request, table: Table) -> None:
    """Visible but not the chair of this table: 403."""
    if table.chair_id != request.user.pk:
        raise PermissionDenied("not the chair of this table")


def _is_member(user, table: Table) -> bool:
    return user.has_perm(TAKE_PART) and table.members.filter(organisation_id=user.organisation_id).exists()


def _own_signals(user):
    # Only the owner brings a signal to a table: a signal seen through a share is never offered here.
    return signals_visible_to(user).filter(organisation_id=user.organisation_id)


def _free_items(table: Table):
    return list(table.items.filter(session__isnull=True).select_related("signal").order_by("added_at", "id"))


# --- list and table -----------------------------------------------------------------------------------------------


@requires_permission(TAKE_PART)
def table_list(request):
    rows = pages.table_rows(tables_visible_to(request.user), request.user)
    return render(request, "tables/list.html", {"rows": rows})


def _render_table(request, table: Table, *, agenda_form=None, session_form=None, status=200):
    user = request.user
    is_chair = table.chair_id == user.pk
    can_add = _is_member(user, table) and user.has_perm("signals.view_signals")
    if agenda_form is None and can_add:
        agenda_form = AgendaAddForm(table=table, signals=_own_signals(user))
    if session_form is None and is_chair:
        session_form = SessionOpenForm(free_items=_free_items(table))
    context = {
        "table": table,
        "is_chair": is_chair,
        "members": pages.member_rows(table),
        "covenant": pages.covenant_part(table),
        "sessions": table.sessions.all(),
        "agenda": pages.agenda_rows(agenda_items_visible_to(user, table), user),
        "agenda_form": agenda_form if can_add else None,
        "session_form": session_form,
        "overdue": pages.overdue_rows(table) if is_chair else None,
    }
    return render(request, "tables/table.html", context, status=status)


@requires_permission(TAKE_PART)
def table_detail(request, pk: int):
    return _render_table(request, _table_or_404(request, pk))


@requires_permission(TAKE_PART)
@require_POST
def agenda_add_view(request, pk: int):
    """A member of the owning organisation puts one of its own signals on the agenda, for a purpose."""
    table = _table_or_404(request, pk)
    if not _is_member(request.user, table):
        raise PermissionDenied("the organisation is not a member of this table")
    form = AgendaAddForm(request.POST, table=table, signals=_own_signals(request.user))
    if form.is_valid():
        try:
            item = agenda_add(
                table=table, signal=form.cleaned_data["signal"], purpose=form.cleaned_data["purpose"], by=request.user
            )
        except TableError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The signal is on the agenda. The members now see what the covenant allows."))
            return redirect("tables:item", pk=table.pk, item_pk=item.pk)
    return _render_table(request, table, agenda_form=form, status=400)


# --- agenda item -------------------------------------------------------------------------------------------------


def _render_item(
    request, table: Table, item: AgendaItem, *, finding_form=None, decision_form=None, revoke=None, status=200
):
    """The item page: the minimised view for this person, findings, suggested routes and decisions; for the chair
    the decision form; for the chair and the owner the shares with their feedback. Every showing is a read."""
    user = request.user
    signal = item.signal
    is_chair = table.chair_id == user.pk
    view = signal_view_for(user, signal)
    is_owner = view is not None and view.is_owner
    suggestions = routes_suggested(signal)
    outcomes = labels("routing_outcome")
    if view is not None:
        share = None if is_owner else live_share_for(user, signal, table)
        signal_read_audit(user, signal, share=share, purpose=item.purpose, reason=f"table:{table.pk}:item:{item.pk}")
    is_member = _is_member(user, table)
    if finding_form is None and is_member and view is not None:
        finding_form = FindingForm()
    first = suggestions[0].outcome if suggestions else ""
    if decision_form is None and is_chair:
        decision_form = DecisionForm(item=item, suggested=first)
    shares = None
    if is_chair or is_owner:
        shares = pages.share_rows(
            DataShare.objects.filter(table=table, signal=signal).order_by("decided_at", "id"), user=user, table=table
        )
    revoke_share, revoke_form = revoke or (None, None)
    for row in shares or []:
        if row.can_revoke:
            row.revoke_form = (
                revoke_form
                if revoke_share is not None and revoke_share.pk == row.share.pk
                else ReasonForm(prefix=f"revoke-{row.share.pk}", label=_("Reason for revoking"))
            )
    context = {
        "table": table,
        "item": item,
        "owner": signal.organisation.name,
        "purpose": labels("purpose").get(item.purpose, item.purpose),
        "signal": minimised(view) if view is not None else None,
        "reference": signal.reference,
        "findings": findings_for(view, item, user) if view is not None else [],
        "finding_form": finding_form if is_member and view is not None else None,
        "suggestions": [(outcomes.get(s.outcome, s.outcome), s.rule) for s in suggestions],
        "decisions": pages.decision_rows(item, with_reasons=is_chair or is_owner),
        "decision_form": decision_form if is_chair else None,
        "shares": shares,
        "revoke_form": revoke_form,
        "is_chair": is_chair,
    }
    return render(request, "tables/item.html", context, status=status)


@requires_permission(TAKE_PART)
def item_detail(request, pk: int, item_pk: int):
    table = _table_or_404(request, pk)
    return _render_item(request, table, _item_or_404(request, table, item_pk))


@requires_permission(TAKE_PART)
@require_POST
def finding_add(request, pk: int, item_pk: int):
    table = _table_or_404(request, pk)
    item = _item_or_404(request, table, item_pk)
    if not _is_member(request.user, table) or signal_view_for(request.user, item.signal) is None:
        raise PermissionDenied("only members who see the signal add findings")
    form = FindingForm(request.POST)
    if form.is_valid():
        enrichment_add(
            item=item,
            by=request.user,
            known=form.cleaned_data["known"],
            text=form.cleaned_data["text"],
            identifiers=form.cleaned_data["identifiers"],
        )
        messages.success(request, _("Your finding is added."))
        return redirect("tables:item", pk=table.pk, item_pk=item.pk)
    return _render_item(request, table, item, finding_form=form, status=400)


@requires_permission(CHAIR)
@require_POST
def decision_add(request, pk: int, item_pk: int):
    table = _table_or_404(request, pk)
    item = _item_or_404(request, table, item_pk)
    _check_chair(request, table)
    suggestions = routes_suggested(item.signal)
    # The suggestion to compare with comes from the rules, never from the form.
    suggested = suggestions[0].outcome if suggestions else ""
    form = DecisionForm(request.POST, item=item, suggested=suggested)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision_record(
                item=item,
                outcome=data["outcome"],
                by=request.user,
                recipient=data["recipient"],
                reason=data["reason"],
                wait_until=data["wait_until"],
                purpose=data["purpose"],
                suggested=suggested,
            )
        except TableError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("tables:item", pk=table.pk, item_pk=item.pk)
    return _render_item(request, table, item, decision_form=form, status=400)


# --- shares: close and revoke ------------------------------------------------------------------------------------


def _share_at_table_or_404(table: Table, share_pk: int) -> tuple[DataShare, AgendaItem]:
    share = DataShare.objects.filter(table=table, pk=share_pk, signal__isnull=False).first()
    item = table.items.filter(signal_id=share.signal_id).first() if share else None
    if share is None or item is None:
        raise Http404
    return share, item


@requires_permission(CHAIR)
@require_POST
def share_close_view(request, pk: int, share_pk: int):
    table = _table_or_404(request, pk)
    share, item = _share_at_table_or_404(table, share_pk)
    _check_chair(request, table)
    try:
        share_close(share=share, by=request.user)
    except TableError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The share is closed."))
    return redirect("tables:item", pk=table.pk, item_pk=item.pk)


@requires_permission(TAKE_PART)
@require_POST
def share_revoke_view(request, pk: int, share_pk: int):
    """The chair or the owning organisation revokes a share, with a reason; the recipient loses sight at once."""
    table = _table_or_404(request, pk)
    share, item = _share_at_table_or_404(table, share_pk)
    owner = share.from_organisation_id == request.user.organisation_id
    if not (owner or table.chair_id == request.user.pk):
        raise PermissionDenied("only the chair or the owner revokes a share")
    form = ReasonForm(request.POST, prefix=f"revoke-{share.pk}", label=_("Reason for revoking"))
    if form.is_valid():
        try:
            share_revoke(share=share, by=request.user, reason=form.cleaned_data["reason"])
        except TableError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The share is revoked. The recipient no longer sees the data."))
            return redirect("tables:item", pk=table.pk, item_pk=item.pk)
    return _render_item(request, table, item, revoke=(share, form), status=400)


# --- sessions ----------------------------------------------------------------------------------------------------


@requires_permission(CHAIR)
@require_POST
def session_open_view(request, pk: int):
    table = _table_or_404(request, pk)
    _check_chair(request, table)
    form = SessionOpenForm(request.POST, free_items=_free_items(table))
    if form.is_valid():
        try:
            session = session_open(
                table=table, date=form.cleaned_data["date"], items=form.cleaned_data["items"], by=request.user
            )
        except TableError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The session is opened."))
            return redirect("tables:session", pk=table.pk, session_pk=session.pk)
    return _render_table(request, table, session_form=form, status=400)


def _render_session(request, table: Table, session: Session, *, assign_form=None, status=200):
    is_chair = table.chair_id == request.user.pk
    if assign_form is None and is_chair and session.closed_at is None:
        assign_form = SessionAssignForm(free_items=_free_items(table))
    items = agenda_items_visible_to(request.user, table).filter(session=session)
    context = {
        "table": table,
        "session": session,
        "agenda": pages.agenda_rows(items, request.user),
        "assign_form": assign_form if is_chair and session.closed_at is None else None,
        "is_chair": is_chair,
    }
    return render(request, "tables/session.html", context, status=status)


@requires_permission(TAKE_PART)
def session_detail(request, pk: int, session_pk: int):
    table = _table_or_404(request, pk)
    return _render_session(request, table, _session_or_404(table, session_pk))


@requires_permission(CHAIR)
@require_POST
def session_assign_view(request, pk: int, session_pk: int):
    table = _table_or_404(request, pk)
    session = _session_or_404(table, session_pk)
    _check_chair(request, table)
    form = SessionAssignForm(request.POST, free_items=_free_items(table))
    if form.is_valid():
        try:
            session_assign(session=session, items=form.cleaned_data["items"], by=request.user)
        except TableError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The agenda items are on this session."))
            return redirect("tables:session", pk=table.pk, session_pk=session.pk)
    return _render_session(request, table, session, assign_form=form, status=400)


@requires_permission(CHAIR)
@require_POST
def session_close_view(request, pk: int, session_pk: int):
    table = _table_or_404(request, pk)
    session = _session_or_404(table, session_pk)
    _check_chair(request, table)
    try:
        session_close(session=session, by=request.user)
    except TableError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The session is closed. Items without a decision are back on the agenda."))
    return redirect("tables:session", pk=table.pk, session_pk=session.pk)


@requires_permission(TAKE_PART)
def decision_list(request, pk: int, session_pk: int):
    """The decision list (besluitenlijst) as PDF: references, decisions and recipients, and no more personal data
    than the covenant allows every member. Each download is an audited export."""
    table = _table_or_404(request, pk)
    session = _session_or_404(table, session_pk)
    content = pdf.decision_list_pdf(session)
    pdf.decision_list_audit(session, by=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="besluitenlijst-{session.date:%Y-%m-%d}.pdf"'
    return response
