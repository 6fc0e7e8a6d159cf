"""The batch path stores what signal_submit stores, row for row, and refuses what it refuses, with the same codes."""

from datetime import date, timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.audit.models import AuditEvent
from samen.audit.services import subject_pseudonym
from samen.demo.signal_world import synthetic_signal
from samen.signals import batch
from samen.signals.batch import signals_submit_batch, signals_validate_batch
from samen.signals.errors import SignalInvalid
from samen.signals.inputs import PersonInput
from samen.signals.models import Channel, Identifier, InvolvedPerson, Signal, SignalEvent
from samen.signals.services import signal_submit, signal_validate
from tests.factories import OrganisationFactory, UserFactory
from tests.signals.factories import signal_input

pytestmark = pytest.mark.django_db


def fields(instance, *leave_out: str) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.name not in leave_out}


def stored(signal: Signal) -> dict:
    """Everything stored for one signal, without the ids and times that differ between two stores of one row."""
    persons = list(signal.persons.order_by("id"))
    place = {person.pk: index for index, person in enumerate(persons)}
    audit = list(AuditEvent.objects.filter(object_type="signals.signal", object_id=str(signal.pk)).order_by("id"))
    assert all(event.subjects == sorted(subject_pseudonym("signal-person", p.pk) for p in persons) for event in audit)
    forms, indicators = Signal.forms.through.objects, Signal.indicators.through.objects
    return {
        "signal": fields(signal, "id", "reference", "received_at"),
        "forms": sorted(forms.filter(signal=signal).values_list("term__code", flat=True)),
        "indicators": sorted(indicators.filter(signal=signal).values_list("term__code", flat=True)),
        "persons": [fields(person, "id", "signal") for person in persons],
        "identifiers": [
            {**fields(identifier, "id", "signal", "person"), "person": place.get(identifier.person_id)}
            for identifier in signal.identifiers.order_by("id")
        ],
        "events": [fields(event, "id", "signal", "at") for event in signal.events.order_by("id")],
        "audit": [fields(event, "id", "occurred_at", "object_id", "subjects") for event in audit],
    }


def varied_rows() -> list:
    """Synthetic signals (every source type and form, persons, identifiers that do and do not normalise) and the
    corners of signal_submit: implied forms, a code given twice, names for municipalities, minors by age or birth."""
    now = timezone.now()
    rows = [synthetic_signal(index, now=now).data for index in range(40)]
    victim = PersonInput(role="possible-victim", date_of_birth=date.today() - timedelta(days=16 * 365))
    rows += [
        signal_input(forms=[], indicators=["sexual-older-contacts-pickup", "sexual-older-contacts-pickup"]),
        signal_input(forms=["labour", "labour"], municipality="utrecht ", account="  met spaties  "),
        signal_input(municipality="0363", immediate_danger=True, minor_involved="no", persons=[victim]),
        signal_input(municipality="", place_type="", persons=[], identifiers=[("plate", "geen kenteken")]),
        signal_input(minor_involved="no", persons=[PersonInput(role="other", estimated_age=15, alias=" Bo ")]),
        signal_input(
            minor_involved="unknown", persons=[PersonInput(role="possible-victim", name=" Sara ", estimated_age=16)]
        ),
    ]
    return rows


@pytest.mark.parametrize("as_account", [True, False], ids=["account", "operator"])
def test_the_batch_stores_what_signal_submit_stores(as_account):
    reporter = UserFactory() if as_account else None
    organisation = reporter.organisation if reporter else OrganisationFactory()
    rows = varied_rows()
    one_by_one = [
        signal_submit(data=data, organisation=organisation, channel=Channel.IMPORT, reporter=reporter) for data in rows
    ]
    before = timezone.now()
    outcome = signals_submit_batch(rows=rows, organisation=organisation, channel=Channel.IMPORT, reporter=reporter)
    assert not outcome.invalid and not outcome.refused
    together = Signal.objects.in_bulk(outcome.signal_ids.values())
    for position, by_service in enumerate(one_by_one):
        in_batch = together[outcome.signal_ids[position]]
        assert in_batch.reference == f"S-{in_batch.received_at:%Y}-{in_batch.pk:06d}"
        assert in_batch.received_at >= before
        assert stored(in_batch) == stored(by_service), f"row {position}"


def test_rows_keep_their_order_in_ids_and_audit_events():
    outcome = signals_submit_batch(rows=varied_rows()[:6], organisation=OrganisationFactory(), channel=Channel.IMPORT)
    ids = [outcome.signal_ids[position] for position in range(6)]
    assert ids == sorted(ids)
    audited = AuditEvent.objects.filter(object_type="signals.signal").order_by("id")
    assert list(audited.values_list("object_id", flat=True)) == [str(pk) for pk in ids]


def refusals() -> list:
    persons = [PersonInput(role="possible-victim")] * 21
    strange = PersonInput(role="boss", gender="x", estimated_age=130, identifiers=[("shoe", "44")])
    return [
        signal_input(source_type="nope"),
        signal_input(municipality="Atlantis"),
        # The municipality's error sits between the others, where signal_submit reports it.
        signal_input(account="", forms=["nope"], municipality="Atlantis", minor_involved="maybe", persons=[strange]),
        signal_input(municipality="GM9999", observed_on=date.today() + timedelta(days=1)),
        signal_input(persons=persons, identifiers=[("phone", "0612345678")] * 40),
        signal_input(place_type="moon", own_reference="x" * 65, identifiers=[("shoe", "1")]),
    ]


def test_the_batch_refuses_what_signal_submit_refuses_with_the_same_codes_in_the_same_order():
    good = signal_input()
    rows = [good, *refusals(), good]
    expected = {}
    for position, data in enumerate(rows):
        try:
            signal_validate(data)
        except SignalInvalid as error:
            expected[position] = list(error.errors.items())
    outcome = signals_submit_batch(rows=rows, organisation=OrganisationFactory(), channel=Channel.IMPORT)
    assert {position: list(error.errors.items()) for position, error in outcome.invalid.items()} == expected
    assert set(expected) == set(range(1, len(rows) - 1))
    assert sorted(outcome.signal_ids) == [0, len(rows) - 1] and Signal.objects.count() == 2
    checked = signals_validate_batch(rows=rows)
    assert {position: list(error.errors.items()) for position, error in checked.items()} == expected
    assert Signal.objects.count() == 2, "checking stores nothing"


def test_a_batch_of_only_refusals_stores_nothing():
    outcome = signals_submit_batch(rows=refusals(), organisation=OrganisationFactory(), channel=Channel.IMPORT)
    assert len(outcome.invalid) == len(refusals()) and not outcome.signal_ids
    assert not Signal.objects.exists() and not AuditEvent.objects.exists()


def test_a_batch_costs_the_same_statements_for_few_rows_as_for_many():
    organisation = OrganisationFactory()

    def statements(n: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            signals_submit_batch(rows=[signal_input()] * n, organisation=organisation, channel=Channel.IMPORT)
        return len(queries)

    statements(1)  # the vocabulary's terms are read once per process
    assert statements(3) == statements(30)


@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (Signal, batch.SIGNAL_COLUMNS),
        (Signal.forms.through, batch.LINK_COLUMNS),
        (Signal.indicators.through, batch.LINK_COLUMNS),
        (InvolvedPerson, batch.PERSON_COLUMNS),
        (Identifier, batch.IDENTIFIER_COLUMNS),
        (SignalEvent, batch.EVENT_COLUMNS),
    ],
)
def test_the_batch_writes_every_column_of_every_table(model, columns):
    assert set(columns) | {"id"} == {field.column for field in model._meta.concrete_fields}
