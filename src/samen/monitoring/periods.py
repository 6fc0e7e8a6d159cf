"""Reporting periods: the programme reports twice a year, so a period is a half year written as "2025-H1"."""

import re
from datetime import date

from django.utils import timezone

PERIOD_PATTERN = re.compile(r"^(\d{4})-H([12])$")


def period_of(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def current_period() -> str:
    return period_of(timezone.localdate())


def is_period(text: str) -> bool:
    return bool(PERIOD_PATTERN.match(text or ""))


def period_bounds(period: str) -> tuple[date, date]:
    match = PERIOD_PATTERN.match(period or "")
    if not match:
        raise ValueError(f"not a period: {period!r}")
    year, half = int(match.group(1)), int(match.group(2))
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def previous_period(period: str) -> str:
    start, _end = period_bounds(period)
    return f"{start.year - 1}-H2" if start.month == 1 else f"{start.year}-H1"


def recent_periods(count: int = 2) -> list[str]:
    """The current period and the ones before it, newest first: the periods a holder may still report on."""
    periods = [current_period()]
    while len(periods) < count:
        periods.append(previous_period(periods[-1]))
    return periods
