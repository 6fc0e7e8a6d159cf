"""audit_record_many: the events audit_record would write, inserted together, then sealed like any other."""

import pytest

from django.db import transaction

from samen.audit.models import AuditEvent
from samen.audit.sealing import audit_seal_all, audit_verify
from samen.audit.services import audit_record, audit_record_many, subject_pseudonym
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTENT = (
    "actor_id",
    "actor_organisation_id",
    "on_behalf_of",
    "action",
    "object_type",
    "object_id",
    "subjects",
    "purpose",
    "legal_basis",
    "outcome",
    "reason",
    "request_id",
)


def content(event: AuditEvent) -> dict:
    event.refresh_from_db()
    return {name: getattr(event, name) for name in CONTENT}


def arguments(actor) -> list[dict]:
    subjects = [subject_pseudonym("signal-person", n) for n in (3, 1, 3)]
    return [
        {"actor": actor, "action": "create", "object_type": "signals.signal", "object_id": 7, "subjects": subjects},
        {"actor": None, "action": "read", "object_id": None, "purpose": "signal-intake", "reason": "r" * 300},
        {"actor": actor, "action": "share", "legal_basis": "avg-6-1-e", "on_behalf_of": "4", "request_id": "abc"},
    ]


def test_many_events_hold_what_audit_record_writes_one_by_one():
    actor = UserFactory()
    one_by_one = [content(audit_record(**fields)) for fields in arguments(actor)]
    together = [content(event) for event in audit_record_many(arguments(actor))]
    assert together == one_by_one
    assert together[0]["subjects"] == sorted({subject_pseudonym("signal-person", n) for n in (1, 3)})
    assert len(together[1]["reason"]) == 255 and together[1]["actor_id"] == ""


def test_events_are_inserted_in_the_given_order():
    events = audit_record_many({"actor": None, "action": "read", "object_id": n} for n in range(5))
    stored = AuditEvent.objects.filter(pk__in=[event.pk for event in events]).order_by("id")
    assert [event.object_id for event in stored] == ["0", "1", "2", "3", "4"]


def test_an_unknown_action_refuses_every_event():
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record_many([{"actor": None, "action": "read"}, {"actor": None, "action": "peek"}])
    assert not AuditEvent.objects.exists()


def test_the_events_roll_back_with_the_callers_work():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record_many([{"actor": None, "action": "create"}] * 3)
        raise RuntimeError("the work failed")
    assert not AuditEvent.objects.exists()


def test_the_sealer_chains_events_written_together():
    audit_record(actor=None, action="read")
    audit_record_many([{"actor": None, "action": "create", "object_id": n} for n in range(4)])
    audit_seal_all()
    verification = audit_verify()
    assert verification.ok and verification.events == 5
