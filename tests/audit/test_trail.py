import os
from datetime import timedelta

import pytest
import time_machine

from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from samen.audit import triggers
from samen.audit.models import AuditEvent, AuditSeal
from samen.audit.sealing import anchor_of, audit_seal, audit_seal_all, audit_verify
from samen.audit.services import audit_record, audit_record_denied, subject_pseudonym
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _events(n: int, **extra) -> list[AuditEvent]:
    user = UserFactory()
    return [audit_record(actor=user, action="read", object_type="test.thing", object_id=i, **extra) for i in range(n)]


def _raw(sql: str, params=()) -> None:
    """Change the table behind the application's back, as a database superuser could: triggers off first."""
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.install(connection)


def test_event_records_who_what_and_purpose_without_personal_data():
    user = UserFactory()
    subject = subject_pseudonym("signal-person", 7)
    event = audit_record(
        actor=user,
        action="read",
        object_type="signals.signal",
        object_id=12,
        subjects=[subject],
        purpose="signal-enrichment",
        legal_basis="avg-6-1-e",
    )
    event.refresh_from_db()
    assert (event.actor_id, event.actor_organisation_id) == (str(user.pk), str(user.organisation_id))
    assert event.subjects == [subject]
    assert user.username not in event.canonical().decode()
    assert subject != "7" and len(subject) == 32


def test_pseudonym_is_stable_and_keyed(settings):
    first = subject_pseudonym("person", "Jan Jansen 1990-01-01")
    assert first == subject_pseudonym("person", "Jan Jansen 1990-01-01")
    settings.PSEUDONYM_KEY = "another-key"
    assert subject_pseudonym("person", "Jan Jansen 1990-01-01") != first


def test_unknown_action_is_refused():
    with pytest.raises(ValueError):
        audit_record(actor=None, action="peek")


def test_event_rolls_back_with_the_callers_work():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="create", object_type="test.thing", object_id=1)
        raise RuntimeError("the caller's work failed")
    assert not AuditEvent.objects.filter(object_type="test.thing").exists()


def test_denied_event_is_recorded_with_its_reason():
    event = audit_record_denied(actor=None, object_type="accounts.user", reason="sign-in failed")
    assert AuditEvent.objects.filter(pk=event.pk, action="denied", outcome="denied", reason="sign-in failed").exists()


@pytest.mark.skipif(os.environ.get("SAMEN_TEST_DB") != "postgres", reason="needs two concurrent writers")
@pytest.mark.django_db(transaction=True, databases=["default", "audit"])
def test_denied_event_survives_the_rollback_of_the_request(settings, reference_data_transactional):
    settings.SAMEN_AUDIT_DB_ALIAS = "audit"
    with pytest.raises(PermissionError), transaction.atomic():
        audit_record(actor=None, action="create", object_type="test.thing", object_id=1)
        audit_record_denied(actor=None, object_type="test.thing", object_id=2, reason="refused")
        raise PermissionError
    assert list(AuditEvent.objects.values_list("object_id", "action")) == [("2", "denied")]


@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"])
def test_database_refuses_update_and_delete(statement):
    _events(1)
    with pytest.raises(Exception) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert "append-only" in str(error.value)


def test_orm_update_is_refused_too():
    event = _events(1)[0]
    event.action = "delete"
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        event.save()


def test_seal_covers_new_events_and_chains_to_the_previous_seal():
    _events(3)
    first = audit_seal()
    assert first.event_count == 3 and first.height == 1
    assert audit_seal() is None  # nothing new
    _events(2)
    second = audit_seal()
    assert second.previous == first and second.event_count == 2
    result = audit_verify()
    assert result.ok and result.head == second and result.events == AuditEvent.objects.count()


@pytest.mark.parametrize("fork_at", ["genesis", "head"])
def test_two_sealers_cannot_fork_the_chain(fork_at):
    _events(1)
    head = audit_seal()
    previous, height = (None, 1) if fork_at == "genesis" else (head.previous, head.height)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditSeal.objects.create(previous=previous, height=height, event_count=0, digest="f" * 64)


def test_verify_names_a_changed_event():
    events = _events(3)
    audit_seal_all()
    _raw("UPDATE audit_auditevent SET purpose = 'other' WHERE id = %s", [events[1].pk])
    result = audit_verify()
    assert not result.ok and result.problem == f"event {events[1].pk} was changed after sealing"


def test_verify_names_a_removed_event():
    events = _events(3)
    audit_seal_all()
    _raw("DELETE FROM audit_auditsealedevent WHERE event_id = %s", [events[0].pk])
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
    assert not audit_verify().ok


def test_verify_fails_on_a_changed_seal():
    _events(2)
    seal = audit_seal()
    _raw("UPDATE audit_auditseal SET digest = %s WHERE id = %s", ["0" * 64, seal.pk])
    result = audit_verify()
    assert not result.ok and f"seal {seal.pk}" in result.problem


def test_verify_fails_on_an_event_inserted_back_in_time():
    _events(1)
    audit_seal_all()
    back_then = timezone.now() - timedelta(hours=2)
    with time_machine.travel(back_then, tick=False):
        forged = audit_record(actor=None, action="read", object_type="test.thing", object_id=99)
    result = audit_verify()
    assert not result.ok and result.problem == f"event {forged.pk} has been left unsealed"


def test_fresh_unsealed_events_are_tolerated_for_a_minute():
    _events(1)
    assert audit_verify().ok
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert not audit_verify().ok


def test_anchor_pins_history_against_a_rewritten_chain():
    _events(2)
    anchor = anchor_of(audit_seal())
    assert audit_verify(anchor=anchor).ok
    assert not audit_verify(anchor=anchor.split(":")[0] + ":" + "a" * 64).ok


def test_verify_command_exits_non_zero_naming_the_event(capsys):
    events = _events(2)
    call_command("seal_audit")
    call_command("verify_audit")
    assert "audit trail intact" in capsys.readouterr().out
    _raw("UPDATE audit_auditevent SET object_id = 'x' WHERE id = %s", [events[0].pk])
    with pytest.raises(CommandError, match=f"event {events[0].pk}"):
        call_command("verify_audit")
