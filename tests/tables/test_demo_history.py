"""The demo's signal table has earlier sessions, so the routing KPIs show whole months, not an empty chart."""

from datetime import date

import pytest

from django.core.management import call_command
from django.utils import timezone

from samen.monitoring.kpis import shares_accepted_within_deadline, signal_to_routing_days
from samen.tables.models import DataShare, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    settings.SAMEN_PUBLIC_INTAKE_ORGANISATION = "CoMensha (demo)"
    call_command("seed_demo", "--signals", "0")


def test_earlier_sessions_lie_in_five_whole_months_before_this_one(demo):
    this_month = timezone.localdate().replace(day=1)
    months = {session.date.replace(day=1) for session in Session.objects.filter(date__lt=this_month)}
    assert len(months) == 5
    for share in DataShare.objects.filter(decided_at__lt=timezone.now().replace(day=1)):
        assert share.signal.received_at < share.decided_at  # a signal is received before it is routed
        assert share.deadline > timezone.localtime(share.decided_at).date()


def test_the_routing_kpis_have_a_value_for_each_of_those_months(demo):
    today = timezone.localdate()
    days = signal_to_routing_days(today=today)
    in_time = shares_accepted_within_deadline(today=today)
    assert len(days) == 5 and all(value > 0 for value in days.values())
    assert set(in_time) == set(days)
    # One share in five months was accepted after its deadline and one never answered: not every month is 100 %.
    assert any(value < 100 for value in in_time.values())
    assert all(month < today.replace(day=1) and isinstance(month, date) for month in days)
