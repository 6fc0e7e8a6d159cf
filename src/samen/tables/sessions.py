"""Writes of a table's meetings: the chair opens a session for a date, puts agenda items on it and closes it.

Sessions hold no personal data themselves; the audit events record who planned which meeting. Closing a session
sends the items it did not decide back to the agenda, so the next session can take them and the decision list of
the closed session stays the same from then on.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.audit.models import Action
from samen.audit.services import audit_record

from .models import AgendaItem, Session, Table
from .services import TableError


def _check_chair(table: Table, by) -> None:
    if table.chair_id != by.pk or not by.has_perm("tables.chair_table"):
        raise PermissionDenied("only the chair of this table plans its sessions")


def _audit(by, session: Session, reason: str) -> None:
    audit_record(actor=by, action=Action.UPDATE, object_type="tables.session", object_id=session.pk, reason=reason)


@transaction.atomic
def session_open(*, table: Table, date: date, by, items=()) -> Session:
    """Open a session of the table on a date, with the given agenda items on it."""
    _check_chair(table, by)
    if date is None:
        raise TableError(_("Give the date of the session."), code="date_required")
    if table.sessions.filter(date=date, closed_at__isnull=True).exists():
        raise TableError(_("This table already has an open session on this date."), code="session_exists")
    session = Session(table=table, date=date)
    session.full_clean()
    session.save()
    _audit(by, session, "session:open")
    if items:
        session_assign(session=session, items=items, by=by)
    return session


@transaction.atomic
def session_assign(*, session: Session, items, by) -> list[AgendaItem]:
    """Put agenda items of the table that are not planned yet on an open session."""
    _check_chair(session.table, by)
    # Lock the session row: closing it while items are being added must not leave items on a closed session.
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is not None:
        raise TableError(_("This session is closed."), code="session_closed")
    ids = [item.pk for item in items]
    planned = list(AgendaItem.objects.filter(pk__in=ids, table_id=session.table_id, session__isnull=True))
    if len(planned) != len(set(ids)):
        raise TableError(_("Choose agenda items of this table that are not planned yet."), code="item_not_free")
    AgendaItem.objects.filter(pk__in=[item.pk for item in planned]).update(session=session)
    _audit(by, session, f"session:assign:{len(planned)}")
    return planned


@transaction.atomic
def session_close(*, session: Session, by) -> Session:
    """Close a session. Items it did not decide go back to the agenda for the next session."""
    _check_chair(session.table, by)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is not None:
        raise TableError(_("This session is closed."), code="session_closed")
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    session.items.filter(decisions__isnull=True).update(session=None)
    _audit(by, session, "session:close")
    return session
