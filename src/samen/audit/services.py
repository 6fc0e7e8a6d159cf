"""The one way to write to the audit trail. Every touch of personal data calls `audit_record` in its own transaction."""

import hashlib
import hmac
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, transaction

from samen.bulk import insert_rows, reserve_ids

from .models import Action, AuditEvent, Outcome

logger = logging.getLogger(__name__)


def subject_pseudonym(kind: str, value: object) -> str:
    """A stable keyed pseudonym for a data subject, e.g. ("signal-person", 42). Not reversible without the key."""
    key = settings.PSEUDONYM_KEY.encode()
    message = f"{kind}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _actor_fields(actor) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": "", "actor_organisation_id": ""}
    organisation_id = getattr(actor, "organisation_id", None)
    return {"actor_id": str(actor.pk), "actor_organisation_id": str(organisation_id or "")}


def _event(
    *,
    actor,
    action: str,
    object_type: str = "",
    object_id: object = "",
    subjects: list[str] | tuple[str, ...] = (),
    purpose: str = "",
    legal_basis: str = "",
    outcome: str = Outcome.SUCCESS,
    reason: str = "",
    on_behalf_of: str = "",
    request_id: str = "",
) -> AuditEvent:
    """The event `audit_record` writes, not yet saved."""
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    return AuditEvent(
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else "",
        subjects=sorted(set(subjects)),
        purpose=purpose,
        legal_basis=legal_basis,
        outcome=outcome,
        reason=reason[:255],
        on_behalf_of=on_behalf_of,
        request_id=request_id,
        **_actor_fields(actor),
    )


def audit_record(
    *,
    actor,
    action: str,
    object_type: str = "",
    object_id: object = "",
    subjects: list[str] | tuple[str, ...] = (),
    purpose: str = "",
    legal_basis: str = "",
    outcome: str = Outcome.SUCCESS,
    reason: str = "",
    on_behalf_of: str = "",
    request_id: str = "",
    using: str = "default",
) -> AuditEvent:
    """Write one audit event in the caller's transaction: if the caller's work rolls back, so does its event."""
    event = _event(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        subjects=subjects,
        purpose=purpose,
        legal_basis=legal_basis,
        outcome=outcome,
        reason=reason,
        on_behalf_of=on_behalf_of,
        request_id=request_id,
    )
    event.save(using=using)
    return event


def audit_record_many(events: Iterable[dict], *, using: str = "default") -> list[AuditEvent]:
    """Write many audit events at once, in the caller's transaction, for bulk work (an import writes one event per
    signal). Each item holds `audit_record`'s arguments; the events are the ones `audit_record` would write, in the
    given order, with their ids. They are written as tuples (COPY on PostgreSQL, samen.bulk) rather than by
    bulk_create, which cost an import more than all its other writes of a signal together, and are sealed later
    like any other event."""
    built = [_event(**fields) for fields in events]
    connection = connections[using]
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    for event, pk in zip(built, reserve_ids(AuditEvent, len(built), using=using), strict=True):
        event.pk = pk
        event._state.adding, event._state.db = False, using
    rows = [
        (event.pk, *(field.get_db_prep_save(getattr(event, field.attname), connection) for field in fields))
        for event in built
    ]
    insert_rows(AuditEvent, ("id", *(field.column for field in fields)), rows, using=using)
    return built


def audit_record_denied(*, actor, object_type: str = "", object_id: object = "", reason: str, **extra) -> AuditEvent:
    """Log a refused request through the separate audit connection, so the event survives the request's rollback."""
    alias = settings.SAMEN_AUDIT_DB_ALIAS
    with transaction.atomic(using=alias):
        return audit_record(
            actor=actor,
            action=Action.DENIED,
            object_type=object_type,
            object_id=object_id,
            outcome=Outcome.DENIED,
            reason=reason,
            using=alias,
            **extra,
        )
