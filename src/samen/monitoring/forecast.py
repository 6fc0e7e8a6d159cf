"""Forecasting a KPI's year total from a partial year, with an interval and the method stated in words.

Two methods, chosen by the data available:
- pro rata: the year-to-date count scaled to twelve months, with a Poisson interval that also reflects how
  uncertain the monthly rate itself is (the seeds' example: 124 suspects through September -> about 165);
- seasonal: when earlier years have monthly values, the year-to-date count divided by the share of the year that
  those years had typically reached by the same month, with an interval from the spread of that share.
"""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

Z_80 = 1.2816  # two-sided 80% interval


@dataclass(frozen=True)
class Forecast:
    point: float
    low: float
    high: float
    method: str
    months_observed: int
    year_to_date: float


def pro_rata(*, year_to_date: float, months: int) -> Forecast:
    if not 1 <= months <= 12:
        raise ValueError("months must be 1-12")
    if months == 12:
        return Forecast(
            year_to_date, year_to_date, year_to_date, _("The year is complete: no forecast needed."), 12, year_to_date
        )
    remaining = 12 - months
    point = year_to_date * 12 / months
    # Variance of the remaining months' count: Poisson noise of the months to come, plus the uncertainty of the
    # monthly rate estimated from the months observed.
    rate = year_to_date / months
    variance = rate * remaining + (remaining / months) ** 2 * year_to_date
    spread = Z_80 * math.sqrt(variance)
    method = _(
        "Pro rata: %(ytd)s in the first %(months)s months, scaled to twelve months. The band is an 80%% interval "
        "for the count of the remaining months (Poisson), including the uncertainty of the monthly rate."
    ) % {"ytd": _fmt(year_to_date), "months": months}
    return Forecast(
        round(point, 1),
        round(max(year_to_date, point - spread), 1),
        round(point + spread, 1),
        method,
        months,
        year_to_date,
    )


def seasonal(*, year_to_date: float, months: int, history: dict[int, list[float]]) -> Forecast:
    """`history` maps earlier years to their twelve monthly values."""
    shares = []
    for values in history.values():
        total = sum(values)
        if len(values) == 12 and total > 0:
            shares.append(sum(values[:months]) / total)
    if not shares:
        return pro_rata(year_to_date=year_to_date, months=months)
    mean_share = sum(shares) / len(shares)
    point = year_to_date / mean_share
    base = pro_rata(year_to_date=year_to_date, months=months)
    poisson = (base.high - base.point) if months < 12 else 0
    low = min(year_to_date / max(shares), point - poisson)
    high = max(year_to_date / min(shares), point + poisson)
    method = _(
        "Seasonal: %(ytd)s in the first %(months)s months; in %(years)s earlier year(s) the same months held on "
        "average %(share)s%% of the year. The band spans the lowest and highest share seen, and at least the "
        "pro-rata 80%% interval."
    ) % {"ytd": _fmt(year_to_date), "months": months, "years": len(shares), "share": round(mean_share * 100)}
    return Forecast(round(point, 1), round(max(year_to_date, low), 1), round(high, 1), method, months, year_to_date)


def months_observed(period_end: date) -> int:
    """Whole months from January to period_end (a period ending mid-month counts the months before it)."""
    next_day = date.fromordinal(period_end.toordinal() + 1)
    return period_end.month if next_day.month != period_end.month else period_end.month - 1


def _fmt(value: float) -> str:
    return f"{value:g}"
