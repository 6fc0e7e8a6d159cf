from datetime import date

import pytest

from django.utils import translation

from samen.monitoring.forecast import months_observed, pro_rata, seasonal


def test_the_seeds_example_124_suspects_through_september_projects_160_to_170():
    with translation.override("en"):
        forecast = pro_rata(year_to_date=124, months=months_observed(date(2020, 9, 30)))
    assert 160 <= forecast.point <= 170
    assert forecast.low < forecast.point < forecast.high
    assert forecast.low >= 124
    assert "Pro rata" in forecast.method and "124" in forecast.method


def test_a_complete_year_needs_no_forecast():
    forecast = pro_rata(year_to_date=814, months=12)
    assert forecast.point == forecast.low == forecast.high == 814


def test_the_band_narrows_as_the_year_progresses():
    early, late = pro_rata(year_to_date=40, months=3), pro_rata(year_to_date=120, months=9)
    assert (early.high - early.low) > (late.high - late.low)


def test_seasonality_is_used_when_monthly_history_exists():
    # Earlier years: the first nine months held only 54 of 114 (a busy autumn).
    busy_autumn = [6, 6, 6, 6, 6, 6, 6, 6, 6, 20, 20, 20]
    with translation.override("en"):
        forecast = seasonal(year_to_date=54, months=9, history={2022: busy_autumn, 2023: busy_autumn})
    assert forecast.point == pytest.approx(114, abs=0.5)
    assert pro_rata(year_to_date=54, months=9).point == pytest.approx(72)
    assert "Seasonal" in forecast.method or "Seizoens" in forecast.method


def test_without_usable_history_seasonal_falls_back_to_pro_rata():
    assert (
        seasonal(year_to_date=54, months=9, history={2023: [0] * 12}).point == pro_rata(year_to_date=54, months=9).point
    )


@pytest.mark.parametrize(("end", "months"), [(date(2020, 9, 30), 9), (date(2020, 9, 15), 8), (date(2020, 12, 31), 12)])
def test_months_observed(end, months):
    assert months_observed(end) == months
