"""Computed KPIs from signals and shares made in the test through the real services: whole months only, medians of
the days to the first routing, shares accepted within their deadline, and the stored monthly values."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from samen.audit.models import AuditEvent
from samen.monitoring import kpis
from samen.monitoring.loading import plan_load
from samen.monitoring.models import KPI, KPITarget, KPIValue
from samen.monitoring.services import kpi_target_set, kpi_value_set, kpi_values_recompute
from samen.tables.services import agenda_add, decision_record, share_accept, share_return
from tests.factories import UserFactory
from tests.signals.factories import make_signal
from tests.tables.factories import table_world

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 6, 15)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=AMSTERDAM)


def signal_on(world, moment: datetime):
    with time_machine.travel(moment, tick=False):
        return make_signal(world.care, reporter=world.member("care"))


def route(world, signal, moment: datetime):
    """Put the signal on the table and route it to the police at `moment`; returns the routing share."""
    owner = world.member("care")
    with time_machine.travel(moment, tick=False):
        item = signal.agenda_items.first() or agenda_add(
            table=world.table, signal=signal, purpose="signal-enrichment", by=owner
        )
        decision = decision_record(item=item, outcome="route-police", recipient=world.police, by=world.chair)
    return decision.shares.get()


@pytest.fixture
def world():
    return table_world()


def test_signals_received_counts_whole_months_with_zeros_between(world):
    signal_on(world, at(2026, 3, 1, 0))  # just after midnight local time: March, not February
    signal_on(world, at(2026, 3, 31, 23))
    signal_on(world, at(2026, 5, 5))
    signal_on(world, at(2026, 6, 2))  # the month in progress is left out
    values = kpis.signals_received(today=TODAY)
    assert values == {date(2026, 3, 1): 2, date(2026, 4, 1): 0, date(2026, 5, 1): 1}


def test_no_signals_no_values():
    assert kpis.signals_received(today=TODAY) == {}


def test_days_to_routing_is_the_median_of_first_routings_per_month(world):
    first = signal_on(world, at(2026, 3, 2))
    second = signal_on(world, at(2026, 3, 3))
    third = signal_on(world, at(2026, 3, 20))
    route(world, first, at(2026, 3, 6))  # 4 days
    route(world, second, at(2026, 3, 13))  # 10 days
    route(world, third, at(2026, 4, 1))  # 12 days, counted in April
    route(world, first, at(2026, 4, 20))  # a later routing of the same signal: only the first counts
    values = kpis.signal_to_routing_days(today=TODAY)
    assert values == {date(2026, 3, 1): Decimal("7.0"), date(2026, 4, 1): Decimal("12.0")}


def test_shares_accepted_within_deadline(world):
    police = world.member("police")
    on_time = route(world, signal_on(world, at(2026, 3, 2)), at(2026, 3, 6))
    late = route(world, signal_on(world, at(2026, 3, 3)), at(2026, 3, 9))
    route(world, signal_on(world, at(2026, 3, 4)), at(2026, 3, 10))  # never answered: counts as not in time
    returned = route(world, signal_on(world, at(2026, 3, 5)), at(2026, 3, 11))
    route(world, signal_on(world, at(2026, 6, 1)), at(2026, 6, 3))  # month in progress: left out
    with time_machine.travel(at(2026, 3, 10), tick=False):
        share_accept(share=on_time, by=police)
        share_return(share=returned, by=police, reason="Niet voor ons")
    with time_machine.travel(at(2026, 4, 20), tick=False):
        share_accept(share=late, by=police)
    assert on_time.deadline >= date(2026, 3, 10) and late.deadline < date(2026, 4, 20)
    assert kpis.shares_accepted_within_deadline(today=TODAY) == {date(2026, 3, 1): Decimal("33.3")}


def test_an_open_share_before_its_deadline_does_not_count_yet(world):
    route(world, signal_on(world, at(2026, 5, 28)), at(2026, 5, 29))
    assert kpis.shares_accepted_within_deadline(today=date(2026, 6, 2)) == {}


def test_recompute_stores_monthly_values_and_replaces_earlier_runs(world):
    plan_load(demo=False)
    signal_on(world, at(2026, 3, 10))
    signal_on(world, at(2026, 4, 10))
    stored = kpi_values_recompute(today=TODAY)
    assert stored["signals-received"] == 3  # March, April, May (zero)
    assert stored["victims-registered"] == 0 and stored["shelter-occupancy"] == 0
    kpi = KPI.objects.get(slug="signals-received")
    rows = list(kpi.values.order_by("period_start").values_list("period_start", "period_end", "value", "cumulative"))
    assert rows[0] == (date(2026, 3, 1), date(2026, 3, 31), Decimal(1), False)
    assert rows[-1][:2] == (date(2026, 5, 1), date(2026, 5, 31))
    KPIValue.objects.create(kpi=kpi, period_start=date(2020, 1, 1), period_end=date(2020, 1, 31), value=99)
    kpi_values_recompute(today=TODAY)
    assert kpi.values.count() == 3 and not kpi.values.filter(value=99).exists()


def test_kpis_not_yet_available_are_marked_and_never_get_values():
    plan_load(demo=False)
    kpi = KPI.objects.get(slug="shelter-occupancy")
    with translation.override("nl"):
        assert not kpis.is_available(kpi) and "zorgmodule" in kpis.availability_note(kpi)
    assert kpis.is_available(KPI.objects.get(slug="om-suspects"))
    assert kpis.monthly_values(kpi, today=TODAY) == []


def test_the_command_computes(world, capsys):
    plan_load(demo=False)
    signal_on(world, at(2025, 1, 10))
    call_command("compute_kpis")
    assert "signals-received:" in capsys.readouterr().out
    assert KPI.objects.get(slug="signals-received").values.exists()


# --- values and targets entered by programme staff ----------------------------------------------------------------


@pytest.fixture
def people():
    plan_load(demo=False)
    return {
        "staff": UserFactory(roles=["programme-staff"]),
        "analyst": UserFactory(roles=["analyst"]),
    }


def test_programme_staff_enter_and_correct_a_value_with_its_source(people):
    kpi = KPI.objects.get(slug="om-suspects")
    entered = kpi_value_set(
        kpi=kpi,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        value=Decimal(168),
        source="OM jaarcijfers 2020 (test)",
        by=people["staff"],
    )
    corrected = kpi_value_set(
        kpi=kpi,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        value=Decimal(169),
        source="OM jaarcijfers 2020, herzien (test)",
        by=people["staff"],
    )
    assert corrected.pk == entered.pk and corrected.value == 169
    events = AuditEvent.objects.filter(object_type="monitoring.kpivalue", object_id=str(entered.pk))
    assert [event.action for event in events.order_by("id")] == ["create", "update"]
    assert events.order_by("id").last().reason.endswith("168.00->169")


def test_a_target_is_set_and_audited(people):
    kpi = KPI.objects.get(slug="om-suspects")
    target = kpi_target_set(kpi=kpi, year=2021, value=Decimal(200), by=people["staff"])
    assert KPITarget.objects.get(kpi=kpi, year=2021).value == 200
    assert AuditEvent.objects.filter(object_type="monitoring.kpitarget", object_id=str(target.pk)).exists()


def test_only_programme_managers_enter_values_and_targets(people):
    kpi = KPI.objects.get(slug="om-suspects")
    with pytest.raises(PermissionDenied):
        kpi_target_set(kpi=kpi, year=2021, value=Decimal(200), by=people["analyst"])
    with pytest.raises(PermissionDenied):
        kpi_value_set(
            kpi=kpi,
            period_start=date(2021, 1, 1),
            period_end=date(2021, 12, 31),
            value=Decimal(1),
            source="x",
            by=people["analyst"],
        )


@pytest.mark.parametrize(
    ("slug", "changes", "field"),
    [
        ("signals-received", {}, "kpi"),
        ("om-suspects", {"period_end": date(2020, 1, 1), "period_start": date(2020, 2, 1)}, "period_end"),
        ("om-suspects", {"source": " "}, "source"),
        ("om-suspects", {"value": Decimal(-1)}, "value"),
    ],
)
def test_values_that_do_not_add_up_are_refused(people, slug, changes, field):
    values = {
        "period_start": date(2021, 1, 1),
        "period_end": date(2021, 12, 31),
        "value": Decimal(10),
        "source": "bron",
    } | changes
    with pytest.raises(ValidationError) as caught:
        kpi_value_set(kpi=KPI.objects.get(slug=slug), by=people["staff"], **values)
    assert field in caught.value.error_dict
