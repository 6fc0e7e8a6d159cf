import re
from datetime import timedelta

import pytest
from stdnum import iban as stdnum_iban

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import Resolver404, resolve
from django.utils import timezone

from samen.audit.models import AuditEvent
from samen.demo import signal_texts
from samen.demo.signal_world import (
    DEMO_SUFFIX,
    FORMS,
    HISTORY_DAYS,
    MESSY_EVERY,
    SOURCE_TYPES,
    api_body,
    synthetic_signal,
)
from samen.demo.signals import (
    RECEIPTS_PER_RUN,
    demo_organisations_ensure,
    demo_signals_seed,
    seed_with_services,
    synthetic_signals,
)
from samen.demo.signals_bulk import seed_in_bulk
from samen.signals.api.serializers import signal_input_from
from samen.signals.models import Identifier, Receipt, Signal
from samen.signals.selectors import signal_duplicates
from samen.signals.services import signal_validate
from samen.taxonomy.selectors import terms_current
from tests.factories import OrganisationFactory
from tests.signals.factories import make_signal

pytestmark = pytest.mark.django_db

N = 40  # covers every source type and form (the first 36 signals walk all combinations) and two duplicate pairs


@pytest.fixture
def demo_organisations(settings):
    settings.SAMEN_PUBLIC_INTAKE_ORGANISATION = "CoMensha (demo)"
    return demo_organisations_ensure()


@pytest.fixture
def seeded(demo_organisations):
    assert demo_signals_seed(target=N) == N
    return synthetic_signals()


def codes(signals, relation: str) -> set[str]:
    return set(signals.values_list(f"{relation}__code", flat=True)) - {None}


def test_seeding_adds_signals_of_every_source_type_and_form(seeded):
    assert seeded.count() == N
    assert codes(seeded, "source_type") == set(SOURCE_TYPES)
    assert codes(seeded, "forms") == set(FORMS)
    assert {"public-form", "intake-form", "api", "import"} <= set(seeded.values_list("channel", flat=True))
    assert all(name.endswith(DEMO_SUFFIX) for name in seeded.values_list("organisation__name", flat=True))
    # A few anonymous reports come through signal_submit_anonymous, with a receipt, as from the public form.
    assert 1 <= Receipt.objects.filter(signal__in=seeded).count() <= RECEIPTS_PER_RUN


def test_a_second_seed_adds_nothing(seeded):
    assert demo_signals_seed(target=N) == 0
    assert demo_signals_seed(target=N - 5) == 0
    assert synthetic_signals().count() == N


def test_indicators_fit_the_forms_and_accounts_are_complete_dutch_text(seeded):
    for signal in seeded.prefetch_related("forms", "indicators"):
        forms = {form.code for form in signal.forms.all()}
        assert {indicator.parent_code for indicator in signal.indicators.all()} <= forms
        assert "{" not in signal.account and len(signal.account) > 80
        assert set(signal.triage["scores"]) <= forms


def test_identifiers_normalise_except_the_deliberately_messy_ones(seeded):
    identifiers = Identifier.objects.filter(signal__in=seeded)
    assert {"phone", "iban", "plate", "handle", "url"} <= set(identifiers.values_list("kind", flat=True))
    flagged = identifiers.filter(is_valid=False)
    assert flagged.count() == len(range(MESSY_EVERY // 2, N, MESSY_EVERY))
    for identifier in identifiers.filter(is_valid=True):
        assert identifier.normalised and identifier.digest
        if identifier.kind == "phone":
            assert re.fullmatch(r"\+316\d{8}", identifier.normalised)
        if identifier.kind == "iban":
            assert stdnum_iban.is_valid(identifier.normalised) and identifier.normalised[4:8] == "DEMO"
        if identifier.kind == "url":
            assert re.match(r"example\.(com|org|net)/", identifier.normalised)
        if identifier.kind == "email":
            assert identifier.normalised.endswith("@example.com")


def test_some_signals_share_a_phone_number_and_show_the_duplicate_hint(seeded):
    with_hint = [signal for signal in seeded if signal_duplicates(signal).exists()]
    assert len(with_hint) >= 2


def test_dates_spread_over_eighteen_months_and_statuses_are_mixed(seeded):
    now = timezone.now()
    dates = list(seeded.values_list("received_at", flat=True))
    assert min(dates) >= now - timedelta(days=HISTORY_DAYS + 1)
    assert max(dates) - min(dates) > timedelta(days=180)
    assert len(set(seeded.values_list("status", flat=True))) >= 2
    assert len(set(seeded.values_list("municipality__police_unit__code", flat=True))) >= 3
    for signal in seeded:
        assert signal.reference == f"S-{signal.received_at:%Y}-{signal.pk:06d}"
        assert signal.events.order_by("id").first().at == signal.received_at


def test_the_same_number_is_always_the_same_signal():
    now = timezone.now()
    assert synthetic_signal(123, now=now) == synthetic_signal(123, now=now)
    assert synthetic_signal(123, now=now) != synthetic_signal(124, now=now)


def test_generated_signals_pass_the_services_checks_and_the_api_shape(demo_organisations):
    now = timezone.now()
    for index in range(120):
        data = synthetic_signal(index, now=now).data
        signal_validate(data)
        assert signal_input_from(api_body(data)) == data


def test_every_indicator_of_the_vocabulary_has_a_sentence(demo_organisations):
    indicators = set(terms_current("indicator").values_list("code", flat=True))
    assert set(signal_texts.INDICATOR_SENTENCES) == indicators


def shape(signal: Signal) -> dict:
    """Everything a signal holds, without its ids."""
    persons = {person.pk: index for index, person in enumerate(signal.persons.order_by("id"))}
    return {
        "signal": {
            field: getattr(signal, field)
            for field in (
                "source_type_id",
                "channel",
                "organisation_id",
                "reporter_id",
                "received_at",
                "observed_on",
                "municipality_id",
                "place_type_id",
                "account",
                "immediate_danger",
                "minor_involved",
                "urgency",
                "triage",
                "own_reference",
                "status",
                "vocabulary_version_id",
            )
        },
        "reference_year": signal.reference[2:6],
        "forms": sorted(signal.forms.values_list("code", flat=True)),
        "indicators": sorted(signal.indicators.values_list("code", flat=True)),
        "persons": list(
            signal.persons.order_by("id").values_list(
                "role", "name", "alias", "date_of_birth", "estimated_age", "gender", "nationality", "languages"
            )
        ),
        "identifiers": sorted(
            (persons.get(i.person_id, -1), i.kind, i.value, i.normalised, i.is_valid, i.problem, i.digest)
            for i in signal.identifiers.all()
        ),
        "events": list(signal.events.order_by("id").values_list("kind", "from_status", "to_status", "at", "by_id")),
    }


def test_the_bulk_path_writes_what_the_services_write(demo_organisations):
    now = timezone.now()
    items = [synthetic_signal(index, now=now) for index in range(30)]
    seed_with_services(items, now=now)
    seed_in_bulk(start=0, count=30, now=now, batch_size=7)
    signals = list(Signal.objects.order_by("id"))
    assert len(signals) == 60
    for by_service, in_bulk in zip(signals[:30], signals[30:], strict=True):
        assert re.fullmatch(r"S-\d{4}-\d{6}", in_bulk.reference)
        assert in_bulk.reference == f"S-{in_bulk.received_at:%Y}-{in_bulk.pk:06d}"
        assert shape(in_bulk) == shape(by_service)
    # An indicator implies its form, on both paths.
    implied = [item.index for item in items if item.data.indicators and not item.data.forms]
    assert implied, "the generator leaves the form to the indicators now and then"


def test_bulk_seeding_writes_one_audit_event_per_batch(demo_organisations):
    before = AuditEvent.objects.count()
    assert seed_in_bulk(start=0, count=12, now=timezone.now(), batch_size=5) == 12
    events = AuditEvent.objects.order_by("id")[before:]
    assert [event.reason for event in events] == ["seed-demo batch 1", "seed-demo batch 2", "seed-demo batch 3"]
    assert {(event.action, event.object_type, event.purpose, event.actor_id) for event in events} == {
        ("create", "signals.signal", "statistics", "")
    }
    persons = sum(signal.persons.count() for signal in Signal.objects.all())
    assert sum(len(event.subjects) for event in events) == persons


def test_the_bulk_path_is_chosen_for_many_signals_and_continues_numbering(demo_organisations):
    assert demo_signals_seed(target=8, bulk=True) == 8
    assert demo_signals_seed(target=15, bulk=True) == 7
    references = list(Signal.objects.order_by("id").values_list("reference", "id"))
    assert len({reference for reference, _id in references}) == 15
    assert all(reference.endswith(f"{pk:06d}") for reference, pk in references)


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo", "--signals", "5")
    with pytest.raises(CommandError, match="--signals"):
        call_command("seed_demo", "--allow-non-demo")


def test_seed_demo_with_allow_non_demo_seeds_signals_but_no_accounts(settings):
    settings.DEMO_MODE = False
    call_command("seed_demo", "--signals", "6", "--allow-non-demo", "--workers", "1")
    assert synthetic_signals().count() == 6
    assert not get_user_model().objects.filter(is_demo=True).exists()


def test_seed_demo_with_allow_non_demo_refuses_a_database_with_real_signals(settings):
    settings.DEMO_MODE = False
    make_signal(OrganisationFactory(name="Gemeente Echt"))
    with pytest.raises(CommandError, match="not synthetic"):
        call_command("seed_demo", "--signals", "6", "--allow-non-demo")
    assert not synthetic_signals().exists()


def test_seed_demo_in_demo_mode_builds_the_world_with_signals_once(settings):
    settings.DEMO_MODE = True
    settings.SAMEN_PUBLIC_INTAKE_ORGANISATION = "CoMensha (demo)"
    call_command("seed_demo", "--signals", "20")
    assert get_user_model().objects.filter(username="demo-intake").exists()
    count = synthetic_signals().count()
    assert count >= 20
    call_command("seed_demo", "--signals", "20")
    assert synthetic_signals().count() == count
    intake = get_user_model().objects.get(username="demo-intake")
    assert Signal.objects.filter(organisation=intake.organisation, reporter=intake).exists()


def test_the_floor_endpoint_exists_only_under_the_benchmark_urls():
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
    assert resolve("/bench/floor/", urlconf="samen.config.urls_bench").url_name == "bench-floor"
