import re
from datetime import timedelta

import pytest

from django.utils import timezone

from samen.audit.models import AuditEvent
from samen.signals.errors import SignalInvalid
from samen.signals.inputs import PersonInput
from samen.signals.models import Identifier, Signal, SignalEvent
from samen.signals.selectors import signal_duplicates, signals_visible_to
from samen.signals.services import receipt_add_information, receipt_open, signal_set_status, signal_submit_anonymous
from tests.factories import OrganisationFactory, UserFactory
from tests.signals.factories import make_signal, signal_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory()


def test_a_signal_gets_a_readable_reference_and_its_history_starts(organisation):
    signal = make_signal(organisation)
    assert re.fullmatch(r"S-\d{4}-\d{6}", signal.reference)
    assert signal.vocabulary_version.version == "2026.1"
    assert list(signal.events.values_list("kind", "to_status")) == [("created", "received")]
    assert AuditEvent.objects.filter(action="create", object_type="signals.signal", object_id=str(signal.pk)).exists()


def test_identifiers_are_kept_as_entered_and_normalised(organisation):
    signal = make_signal(
        organisation,
        identifiers=[
            ("iban", "nl91 abna 0417 1643 00"),
            ("plate", "12-abc-3"),
            ("iban", "NL00 FOUT"),
            ("url", "https://www.Example.nl/ad/1/"),
        ],
    )
    rows = {(i.kind, i.value): i for i in Identifier.objects.filter(signal=signal)}
    assert rows[("phone", "06 12345678")].normalised == "+31612345678"
    assert rows[("iban", "nl91 abna 0417 1643 00")].normalised == "NL91ABNA0417164300"
    assert rows[("plate", "12-abc-3")].normalised == "12ABC3"
    assert rows[("url", "https://www.Example.nl/ad/1/")].normalised == "example.nl/ad/1"
    flagged = rows[("iban", "NL00 FOUT")]
    assert not flagged.is_valid and flagged.problem and flagged.digest == ""


def test_triage_explains_its_urgency(organisation):
    signal = make_signal(
        organisation,
        forms=["labour"],
        indicators=["labour-id-retained", "labour-debt-bondage", "labour-excessive-hours"],
    )
    assert signal.urgency == "high"
    assert signal.triage["scores"] == {"labour": 7}
    assert [d["indicator"] for d in signal.triage["drivers"]["labour"]][:2] == [
        "labour-debt-bondage",
        "labour-id-retained",
    ]


def test_an_indicator_implies_its_form(organisation):
    signal = make_signal(organisation, forms=[], indicators=["criminal-front-man-money-mule"])
    assert list(signal.forms.values_list("code", flat=True)) == ["criminal"]


@pytest.mark.parametrize(
    ("overrides", "urgency"),
    [
        ({"immediate_danger": True, "indicators": []}, "acute"),
        ({"minor_involved": "yes", "indicators": []}, "high"),
        ({"indicators": [], "persons": [PersonInput(role="possible-victim", estimated_age=15)]}, "high"),
        ({"indicators": ["sexual-alcohol-drugs"], "persons": []}, "normal"),
    ],
)
def test_danger_and_minors_always_raise_urgency(organisation, overrides, urgency):
    assert make_signal(organisation, **overrides).urgency == urgency


def test_every_problem_is_reported_at_once_and_nothing_is_stored(settings, organisation):
    settings.SAMEN_PUBLIC_INTAKE_ORGANISATION = organisation.name
    data = signal_input(
        account="",
        source_type="nope",
        forms=["sexual", "piracy"],
        municipality="GM9999",
        observed_on=timezone.localdate() + timedelta(days=3),
        persons=[PersonInput(role="boss", estimated_age=300)],
    )
    with pytest.raises(SignalInvalid) as error:
        signal_submit_anonymous(data=data)
    assert error.value.errors == {
        "account": ["required"],
        "source_type": ["unknown_source_type"],
        "forms": ["unknown_form"],
        "municipality": ["unknown_municipality"],
        "observed_on": ["future_date"],
        "persons.0.role": ["unknown_person_role"],
        "persons.0.estimated_age": ["too_old"],
    }
    assert not Signal.objects.exists()


def test_municipality_by_name_or_code(organisation):
    assert make_signal(organisation, municipality="amsterdam").municipality.code == "GM0363"
    assert make_signal(organisation, municipality="gm363").municipality.code == "GM0363"


def test_anonymous_report_gets_a_receipt_that_opens_it_later(settings, organisation):
    settings.SAMEN_PUBLIC_INTAKE_ORGANISATION = organisation.name
    signal, code, phrase = signal_submit_anonymous(data=signal_input(source_type="anonymous-citizen", persons=[]))
    assert signal.organisation == organisation and signal.reporter is None
    assert len(code.replace("-", "")) == 10 and len(phrase.replace("-", "")) == 20
    assert receipt_open(code=code.lower(), phrase=phrase.lower()) == signal
    assert receipt_open(code=code, phrase="WRONG") is None
    assert receipt_open(code="NOPE", phrase=phrase) is None
    receipt_add_information(signal=signal, text="Het gebeurt ook op zaterdag.")
    assert signal.events.filter(kind=SignalEvent.Kind.ADDITION).get().text == "Het gebeurt ook op zaterdag."


def test_status_moves_follow_the_workflow(organisation):
    user = UserFactory(organisation=organisation)
    signal = make_signal(organisation)
    signal = signal_set_status(signal=signal, status="in-progress", by=user)
    signal = signal_set_status(signal=signal, status="handled", by=user)
    with pytest.raises(SignalInvalid):
        signal_set_status(signal=signal, status="received", by=user)
    assert list(signal.events.values_list("to_status", flat=True)) == ["received", "in-progress", "handled"]


def test_an_identifier_that_grows_past_the_column_when_normalised_is_stored_flagged(organisation):
    # NFKD folding turns the one character U+FDFA into eighteen letters: 30 of them would need 540 characters.
    ligatures = "\ufdfa" * 30
    signal = make_signal(organisation, identifiers=[("name", ligatures), ("address", ligatures)])
    for kind in ("name", "address"):
        stored = Identifier.objects.get(signal=signal, kind=kind)
        assert stored.value == ligatures and not stored.is_valid and stored.normalised == "" and stored.problem


def test_duplicates_are_found_by_normalised_identifier_within_the_organisation(organisation):
    first = make_signal(organisation)
    other_org = make_signal(OrganisationFactory())
    second = make_signal(
        organisation, persons=[PersonInput(role="possible-victim", identifiers=[("phone", "+31 6 1234 5678")])]
    )
    assert list(signal_duplicates(second)) == [first]
    assert other_org not in signal_duplicates(second)


def test_only_the_own_organisation_with_the_permission_sees_signals(organisation):
    signal = make_signal(organisation)
    assert list(signals_visible_to(UserFactory(organisation=organisation, roles=["analyst"]))) == [signal]
    assert not signals_visible_to(UserFactory(organisation=organisation, roles=["functional-admin"])).exists()
    assert not signals_visible_to(UserFactory(roles=["analyst"])).exists()
