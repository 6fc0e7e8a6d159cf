"""Every write of the tables module: covenants, tables, agenda, findings, decisions, shares and purge.
Each runs in one transaction and writes its audit event; every share is a DataShare with a legal basis."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.signals.services import signal_subjects
from samen.taxonomy.selectors import terms_current

from . import fields, workflow
from .models import AgendaItem, CovenantVersion, DataShare, Decision, Enrichment, ShareEvent, Table
from .routing import recipient_type

ROUTE_OUTCOMES_WITHOUT_RECIPIENT = {"case-table", "await-information", "no-further-action"}


class TableError(ValidationError):
    """A refused table action, with a stable code and a readable message."""


def add_working_days(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def legal_basis_for(version: CovenantVersion, purpose: str) -> str:
    """The first legal basis of the covenant that serves the purpose; refuses a purpose the covenant does not
    allow or that none of its legal bases serves."""
    if purpose not in version.purposes:
        raise TableError(_("The covenant does not allow this purpose."), code="purpose_not_in_covenant")
    bases = {term.code: term for term in terms_current("legal_basis")}
    for code in version.legal_bases:
        term = bases.get(code)
        if term and purpose in term.extra.get("purposes", []):
            return code
    raise TableError(_("No legal basis of the covenant serves this purpose."), code="no_legal_basis")


def _member_organisations(table: Table):
    return [member.organisation for member in table.members.select_related("organisation__type")]


def _record_share(*, share: DataShare, by, text: str = "") -> DataShare:
    share.full_clean()
    share.save()
    ShareEvent.objects.create(share=share, by=by, from_status="", to_status=share.status, text=text)
    audit_record(
        actor=by,
        action=Action.SHARE,
        object_type="signals.signal",
        object_id=share.signal_id,
        subjects=signal_subjects(share.signal),
        purpose=share.purpose,
        legal_basis=share.legal_basis,
        on_behalf_of=str(share.to_organisation_id),
        reason=f"share:{share.kind}:{share.pk}",
    )
    return share


@transaction.atomic
def agenda_add(*, table: Table, signal, purpose: str, by) -> AgendaItem:
    """The owning organisation puts a signal on a table's agenda. Every other member then sees the minimised view
    under the covenant, recorded as one table share per member organisation."""
    if signal.organisation_id != by.organisation_id or not by.has_perm("tables.take_part_in_table"):
        raise PermissionDenied("only the owning organisation's table members put a signal on the agenda")
    members = _member_organisations(table)
    if by.organisation_id not in {organisation.pk for organisation in members}:
        raise PermissionDenied("the organisation is not a member of this table")
    version = table.covenant.current_version
    legal_basis = legal_basis_for(version, purpose)
    item = AgendaItem(table=table, signal=signal, purpose=purpose, added_by=by)
    item.full_clean()
    item.save()
    for organisation in members:
        if organisation.pk == signal.organisation_id:
            continue
        _record_share(
            share=DataShare(
                kind=DataShare.Kind.TABLE,
                table=table,
                from_organisation_id=signal.organisation_id,
                to_organisation=organisation,
                signal=signal,
                signal_reference=signal.reference,
                field_classes=sorted(version.classes_for(organisation) | {fields.BASIC}),
                legal_basis=legal_basis,
                purpose=purpose,
                covenant_version=version,
                decided_by=by,
                status=workflow.SENT,
            ),
            by=by,
        )
    return item


@transaction.atomic
def enrichment_add(*, item: AgendaItem, by, known: str, text: str = "", identifiers=()) -> Enrichment:
    if (
        not by.has_perm("tables.take_part_in_table")
        or not item.table.members.filter(organisation_id=by.organisation_id).exists()
    ):
        raise PermissionDenied("only members of the table add findings")
    enrichment = Enrichment(
        item=item,
        organisation_id=by.organisation_id,
        by=by,
        known=known,
        text=text.strip(),
        identifiers=list(identifiers),
    )
    enrichment.full_clean()
    enrichment.save()
    item.last_discussed_at = timezone.now()
    item.save(update_fields=["last_discussed_at"])
    audit_record(
        actor=by,
        action=Action.UPDATE,
        object_type="signals.signal",
        object_id=item.signal_id,
        subjects=signal_subjects(item.signal),
        purpose=item.purpose,
        reason=f"finding:{enrichment.pk}",
    )
    return enrichment


def _check_chair(table: Table, by) -> None:
    if table.chair_id != by.pk or not by.has_perm("tables.chair_table"):
        raise PermissionDenied("only the chair of this table decides")


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    outcome: str,
    by,
    recipient=None,
    reason: str = "",
    wait_until: date | None = None,
    purpose: str = "",
    suggested: str = "",
) -> Decision:
    """The chair decides on an agenda item. A routing outcome creates a share to the recipient, with the legal
    basis the covenant gives for the purpose, and a task with a deadline in the recipient's inbox."""
    _check_chair(item.table, by)
    outcomes = {term.code: term for term in terms_current("routing_outcome")}
    if outcome not in outcomes:
        raise TableError(_("Choose a routing outcome from the list."), code="unknown_outcome")
    reason = reason.strip()
    if outcome == "no-further-action" and not reason:
        raise TableError(_("Give the reason for no further action."), code="reason_required")
    if suggested and outcome != suggested and not reason:
        raise TableError(_("Give the reason for deciding otherwise than suggested."), code="reason_required")
    if outcome == "await-information" and (wait_until is None or wait_until <= timezone.localdate()):
        raise TableError(_("Give a date in the future until which to wait."), code="wait_until_required")
    expected_type = recipient_type(outcome)
    if expected_type and recipient is None:
        raise TableError(_("Choose the organisation to route to."), code="recipient_required")
    if expected_type and recipient.type.code != expected_type:
        raise TableError(_("This organisation is not of the type this outcome routes to."), code="wrong_recipient")
    if recipient is not None and recipient.pk == item.signal.organisation_id:
        raise TableError(_("The signal already belongs to this organisation."), code="recipient_is_owner")
    version = item.table.covenant.current_version
    purpose = purpose or item.purpose
    legal_basis = legal_basis_for(version, purpose) if recipient is not None else ""
    decision = Decision.objects.create(
        item=item,
        outcome=outcome,
        recipient=recipient,
        reason=reason,
        wait_until=wait_until,
        suggested=suggested,
        legal_basis=legal_basis,
        purpose=purpose if recipient else "",
        decided_by=by,
    )
    item.last_discussed_at = timezone.now()
    item.save(update_fields=["last_discussed_at"])
    if recipient is not None:
        days = outcomes[outcome].extra.get("deadline_working_days") or 10
        share = DataShare(
            kind=DataShare.Kind.ROUTING,
            table=item.table,
            from_organisation_id=item.signal.organisation_id,
            to_organisation=recipient,
            signal=item.signal,
            signal_reference=item.signal.reference,
            field_classes=sorted(version.classes_for(recipient) | {fields.BASIC}),
            legal_basis=legal_basis,
            purpose=purpose,
            covenant_version=version,
            decision=decision,
            decided_by=by,
            status=workflow.SENT,
            deadline=add_working_days(timezone.localdate(), int(days)),
            outcome=outcome,
        )
        _record_share(share=share, by=by, text=reason)
    audit_record(
        actor=by,
        action=Action.UPDATE,
        object_type="signals.signal",
        object_id=item.signal_id,
        subjects=signal_subjects(item.signal),
        purpose=item.purpose,
        reason=f"decision:{outcome}",
    )
    return decision


def _move(share: DataShare, target: str, by, text: str = "") -> DataShare:
    # Lock the share: the recipient accepting while the owner revokes must not both succeed.
    locked = DataShare.objects.select_for_update().get(pk=share.pk)
    if not workflow.can_move(locked.status, target):
        raise TableError(_("This step is not possible now."), code="transition_not_allowed")
    ShareEvent.objects.create(share=locked, by=by, from_status=locked.status, to_status=target, text=text)
    locked.status = target
    locked.save(update_fields=["status"])
    audit_record(
        actor=by,
        action=Action.UPDATE,
        object_type="tables.datashare",
        object_id=locked.pk,
        purpose=locked.purpose,
        legal_basis=locked.legal_basis,
        reason=f"share:{target}",
    )
    return locked


def _check_recipient(share: DataShare, by) -> None:
    if share.to_organisation_id != by.organisation_id or not by.has_perm("tables.handle_shares"):
        raise PermissionDenied("only the recipient organisation handles this share")


@transaction.atomic
def share_accept(*, share: DataShare, by) -> DataShare:
    _check_recipient(share, by)
    return _move(share, workflow.ACCEPTED, by)


@transaction.atomic
def share_return(*, share: DataShare, by, reason: str) -> DataShare:
    _check_recipient(share, by)
    if not reason.strip():
        raise TableError(_("Give the reason for returning it."), code="reason_required")
    return _move(share, workflow.RETURNED, by, reason.strip())


@transaction.atomic
def share_feed_back(*, share: DataShare, by, text: str) -> DataShare:
    """The recipient reports back (terugkoppeling); the table and the owner see it."""
    _check_recipient(share, by)
    if not text.strip():
        raise TableError(_("Write what was done with it."), code="feedback_required")
    return _move(share, workflow.FED_BACK, by, text.strip())


@transaction.atomic
def share_close(*, share: DataShare, by) -> DataShare:
    if share.table is None or share.table.chair_id != by.pk:
        raise PermissionDenied("only the chair closes a share")
    return _move(share, workflow.CLOSED, by)


@transaction.atomic
def share_revoke(*, share: DataShare, by, reason: str) -> DataShare:
    """From now on the recipient no longer sees the data; the revocation itself is recorded."""
    owner = share.from_organisation_id == by.organisation_id and by.has_perm("tables.take_part_in_table")
    chair = share.table is not None and share.table.chair_id == by.pk
    if not (owner or chair):
        raise PermissionDenied("only the owner or the chair revokes a share")
    if not reason.strip():
        raise TableError(_("Give the reason for revoking it."), code="reason_required")
    return _move(share, workflow.REVOKED, by, reason.strip())
