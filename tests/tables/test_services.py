from datetime import timedelta

import pytest
import time_machine

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from samen.audit.models import AuditEvent
from samen.signals.models import Signal
from samen.tables import workflow
from samen.tables.models import DataShare, Tombstone
from samen.tables.retention import purge
from samen.tables.routing import routes_suggested
from samen.tables.selectors import signal_view_for
from samen.tables.services import (
    TableError,
    add_working_days,
    agenda_add,
    decision_record,
    enrichment_add,
    share_accept,
    share_feed_back,
    share_return,
    share_revoke,
)
from tests.signals.factories import make_signal
from tests.tables.factories import table_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return table_world()


@pytest.fixture
def item(world):
    owner = world.member("municipality")
    signal = make_signal(world.municipality, forms=["labour"], indicators=["labour-id-retained"])
    return agenda_add(table=world.table, signal=signal, purpose="signal-enrichment", by=owner)


def test_putting_a_signal_on_the_agenda_records_a_share_per_member(world, item):
    shares = DataShare.objects.filter(kind="table", signal=item.signal)
    assert {share.to_organisation for share in shares} == {world.police, world.care, world.riec}
    assert all(share.legal_basis == "avg-6-1-e" and share.purpose == "signal-enrichment" for share in shares)
    assert AuditEvent.objects.filter(action="share", object_id=str(item.signal_id)).count() == 3


def test_members_see_only_what_the_covenant_allows_their_party_type(world, item):
    police_view = signal_view_for(world.member("police"), item.signal)
    care_view = signal_view_for(world.member("care"), item.signal)
    assert police_view.allows("identifiers") and police_view.allows("persons")
    assert not care_view.allows("identifiers") and care_view.allows("persons")
    assert signal_view_for(world.member("outsider"), item.signal) is None


def test_only_the_owner_puts_its_signal_on_the_agenda(world):
    signal = make_signal(world.municipality)
    with pytest.raises(PermissionDenied):
        agenda_add(table=world.table, signal=signal, purpose="signal-enrichment", by=world.member("police"))


def test_a_purpose_outside_the_covenant_is_refused(world):
    signal = make_signal(world.municipality)
    with pytest.raises(TableError) as error:
        agenda_add(table=world.table, signal=signal, purpose="statistics", by=world.member("municipality"))
    assert error.value.code == "purpose_not_in_covenant"


def test_findings_are_attributed_to_the_member(world, item):
    finding = enrichment_add(item=item, by=world.member("police"), known="known", text="Bekend van eerdere melding.")
    assert finding.organisation == world.police
    with pytest.raises(PermissionDenied):
        enrichment_add(item=item, by=world.member("outsider"), known="not-known")


def test_suggested_routes_follow_the_rules(world, item):
    assert [s.outcome for s in routes_suggested(item.signal)] == ["route-labour-inspectorate"]
    acute = make_signal(world.municipality, immediate_danger=True, minor_involved="yes", forms=["sexual"])
    assert [s.outcome for s in routes_suggested(acute)][:3] == [
        "route-police",
        "route-veilig-thuis",
        "route-care-coordinator",
    ]


def test_routing_creates_a_task_with_a_deadline_and_a_legal_basis(world, item):
    decision = decision_record(
        item=item,
        outcome="route-police",
        recipient=world.police,
        by=world.chair,
        suggested="route-labour-inspectorate",
        reason="Politie kent het adres al.",
    )
    share = DataShare.objects.get(decision=decision)
    assert share.kind == "routing" and share.status == workflow.SENT and share.legal_basis == "avg-6-1-e"
    assert share.deadline == add_working_days(timezone.localdate(), 5)
    assert share.covenant_version == world.version


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"outcome": "no-further-action"}, "reason_required"),
        ({"outcome": "route-police", "suggested": "route-labour-inspectorate"}, "reason_required"),
        ({"outcome": "route-police"}, "recipient_required"),
        ({"outcome": "await-information"}, "wait_until_required"),
        ({"outcome": "teleport"}, "unknown_outcome"),
    ],
)
def test_decisions_need_what_makes_them_accountable(world, item, kwargs, code):
    with pytest.raises(TableError) as error:
        decision_record(item=item, by=world.chair, **kwargs)
    assert error.value.code == code


def test_only_the_chair_decides(world, item):
    with pytest.raises(PermissionDenied):
        decision_record(item=item, outcome="no-further-action", reason="x", by=world.member("police"))


def test_the_recipient_accepts_and_reports_back(world, item):
    decision_record(item=item, outcome="route-police", recipient=world.police, by=world.chair, reason="r")
    share = DataShare.objects.get(kind="routing")
    officer = world.member("police")
    share = share_accept(share=share, by=officer)
    share = share_feed_back(share=share, by=officer, text="Onderzoek gestart.")
    assert list(share.events.values_list("to_status", flat=True)) == ["sent", "accepted", "fed-back"]
    with pytest.raises(PermissionDenied):
        share_accept(share=share, by=world.member("care"))


def test_a_returned_share_needs_a_reason(world, item):
    decision_record(item=item, outcome="route-police", recipient=world.police, by=world.chair, reason="r")
    share = DataShare.objects.get(kind="routing")
    with pytest.raises(TableError):
        share_return(share=share, by=world.member("police"), reason=" ")
    assert share_return(share=share, by=world.member("police"), reason="Geen taak voor ons.").status == "returned"


def test_revocation_hides_the_data_from_the_recipient_at_once(world, item):
    decision_record(item=item, outcome="route-care-coordinator", recipient=world.care, by=world.chair, reason="r")
    care_person = world.member("care")
    assert signal_view_for(care_person, item.signal) is not None
    for share in DataShare.objects.filter(to_organisation=world.care):
        share_revoke(share=share, by=world.chair, reason="Te veel gedeeld.")
    assert signal_view_for(care_person, item.signal) is None


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (current, target, target in workflow.TRANSITIONS[current])
        for current in workflow.STATUSES
        for target in workflow.STATUSES
        if current != target
    ],
)
def test_every_share_transition_is_allowed_or_refused(current, target, allowed):
    assert workflow.can_move(current, target) is allowed


def test_the_database_refuses_a_share_without_legal_basis_or_purpose(world, item):
    share = DataShare.objects.filter(kind="table").first()
    for field in ("legal_basis", "purpose"):
        with pytest.raises(IntegrityError), transaction.atomic():
            DataShare.objects.filter(pk=share.pk).update(**{field: ""})


def test_purge_deletes_unrouted_signals_everywhere_and_leaves_a_tombstone(world, item):
    signal = item.signal
    enrichment_add(item=item, by=world.member("police"), known="known", text="Zelfde busje gezien")
    reference, name = signal.reference, "Anna Visser"
    routed = make_signal(world.municipality, persons=[])
    routed_item = agenda_add(
        table=world.table, signal=routed, purpose="signal-enrichment", by=world.member("municipality")
    )
    decision_record(item=routed_item, outcome="route-police", recipient=world.police, by=world.chair, reason="r")
    assert [c.signal for c in purge(dry_run=True)] == []
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        assert [c.signal.reference for c in purge(dry_run=True)] == [reference]
        assert Signal.objects.filter(pk=signal.pk).exists()
        purge()
    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert Signal.objects.filter(pk=routed.pk).exists()
    assert Tombstone.objects.get(reference=reference).reason.startswith("not routed")
    assert AuditEvent.objects.filter(action="delete", object_id=str(signal.pk), purpose="retention").exists()
    _assert_nowhere_in_the_database([name, "Zelfde busje gezien", "06 12345678", "+31612345678"])


def _assert_nowhere_in_the_database(values):
    """Scan every column of every table, cast to text, for the purged values."""
    with connection.cursor() as cursor:
        for model_table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, model_table)
            for column in description:
                quoted_table, quoted_column = (
                    connection.ops.quote_name(model_table),
                    connection.ops.quote_name(column.name),
                )
                for value in values:
                    with transaction.atomic():
                        cursor.execute(
                            f"SELECT COUNT(*) FROM {quoted_table} WHERE CAST({quoted_column} AS TEXT) LIKE %s",  # noqa: S608 - names from introspection
                            [f"%{value}%"],
                        )
                        assert cursor.fetchone()[0] == 0, f"{value!r} is still in {model_table}.{column.name}"
