from datetime import date

import pytest

from samen.monitoring.models import KPI, KPITarget, KPIValue, PlanNode, ProgressUpdate
from samen.monitoring.selectors import kpi_year, progress

pytestmark = pytest.mark.django_db


def _kpi(slug="om-suspects"):
    return KPI.objects.create(
        slug=slug,
        kind="manual",
        title_nl="Verdachten OM",
        unit="personen",
        definition="Door het OM geregistreerde verdachten van mensenhandel.",
        source="OM",
        owner="OM",
    )


def test_the_seeds_example_through_the_database():
    kpi = _kpi()
    KPIValue.objects.create(kpi=kpi, period_start=date(2019, 1, 1), period_end=date(2019, 12, 31), value=145)
    KPIValue.objects.create(
        kpi=kpi,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 9, 30),
        value=124,
        cumulative=True,
        source="Voortgangsbrief 2020",
    )
    KPITarget.objects.create(kpi=kpi, year=2020, value=190)
    figure = kpi_year(kpi, 2020)
    assert figure.value == 124 and not figure.complete and figure.target == 190
    assert 160 <= figure.forecast.point <= 170
    assert kpi_year(kpi, 2019).forecast is None and kpi_year(kpi, 2019).complete


def test_monthly_values_use_last_years_season():
    kpi = _kpi("signals-received")
    for month in range(1, 13):
        KPIValue.objects.create(
            kpi=kpi,
            period_start=date(2024, month, 1),
            period_end=date(2024, month, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31),
            value=10 if month <= 6 else 30,
        )
    for month in range(1, 7):
        KPIValue.objects.create(
            kpi=kpi,
            period_start=date(2025, month, 1),
            period_end=date(2025, month, 28 if month == 2 else 30 if month in (4, 6) else 31),
            value=12,
        )
    figure = kpi_year(kpi, 2025)
    assert figure.value == 72
    assert figure.forecast.point == pytest.approx(72 / (60 / 240), abs=0.5)


def test_progress_rolls_up_weighted():
    line = PlanNode.objects.create(kind="line", code="AL1", title_nl="Brede bewustwording")
    a = PlanNode.objects.create(kind="action", code="AL1.1", title_nl="a", parent=line, weight=3)
    b = PlanNode.objects.create(kind="action", code="AL1.2", title_nl="b", parent=line, weight=1)
    ProgressUpdate.objects.create(action=a, period="2025-H1", status="on-track", percent_complete=100, narrative="x")
    ProgressUpdate.objects.create(action=b, period="2025-H1", status="delayed", percent_complete=0, narrative="y")
    assert progress(line) == 75
    assert progress(line, weighted=False) == 50
