"""A KPI's figures as they may leave the platform: definition, values per period, targets, and per year the value,
target and forecast, with disclosure control applied to every count of people.

For a KPI that counts people (`counts_people`), a value from 1 to 9 is shown as "<10" (the threshold is the setting
SAMEN_DISCLOSURE_THRESHOLD). Monthly values of a year are treated as one row of a table whose total is the year's
figure, with secondary suppression: when one month is hidden, a second one is too, so that the year total minus the
visible months does not give the hidden one away. A forecast built on a hidden year-to-date value is withheld, since
it could be worked back to that value.
"""

from decimal import Decimal

from .disclosure import Table, is_small, suppress, threshold
from .forecast import Forecast
from .kpis import availability_note, is_available
from .models import KPI, KPIValue
from .selectors import YearFigure, kpi_year, kpi_years

YEAR = "year"


def suppressed_text() -> str:
    return f"<{threshold()}"


def number(value: Decimal | float | int | None) -> int | float | None:
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _is_month(value: KPIValue) -> bool:
    return (
        not value.cumulative
        and value.period_start.day == 1
        and value.period_start.month == value.period_end.month
        and value.period_start.year == value.period_end.year
    )


def hidden_values(kpi: KPI, values: list[KPIValue]) -> tuple[set[int], set[int]]:
    """Which values (by pk) and which years' figures must be shown as suppressed."""
    if not kpi.counts_people:
        return set(), set()
    hidden_values: set[int] = set()
    hidden_years: set[int] = set()
    months_by_year: dict[int, list[KPIValue]] = {}
    for value in values:
        if _is_month(value):
            months_by_year.setdefault(value.period_start.year, []).append(value)
        elif is_small(value.value):
            hidden_values.add(value.pk)
            hidden_years.add(value.period_start.year)
    for year, months in months_by_year.items():
        columns = [str(value.pk) for value in months]
        table = suppress(Table([YEAR], columns, {(YEAR, str(value.pk)): int(value.value) for value in months}))
        hidden_values |= {int(column) for row, column in table.hidden if row == YEAR and column != Table.TOTAL}
        if (YEAR, Table.TOTAL) in table.hidden:
            hidden_years.add(year)
    return hidden_values, hidden_years


def _forecast(forecast: Forecast | None) -> dict | None:
    if forecast is None:
        return None
    return {"point": forecast.point, "low": forecast.low, "high": forecast.high, "method": forecast.method}


def _year(kpi: KPI, figure: YearFigure, hidden_years: set[int]) -> dict:
    hidden = kpi.counts_people and figure.value is not None and (figure.year in hidden_years or is_small(figure.value))
    return {
        "year": figure.year,
        "value": suppressed_text() if hidden else number(figure.value),
        "complete": figure.complete,
        "through": figure.through.isoformat() if figure.through else None,
        "target": number(figure.target),
        "forecast": None if hidden else _forecast(figure.forecast),
    }


def kpi_document(kpi: KPI) -> dict:
    """Everything about one KPI, disclosure-controlled, in the shape of GET /api/v1/kpis/<slug>/."""
    values = list(kpi.values.order_by("period_start", "period_end", "cumulative"))
    masked, hidden_years = hidden_values(kpi, values)
    years = [_year(kpi, kpi_year(kpi, year), hidden_years) for year in kpi_years(kpi)]
    forecast = None
    for year in reversed(years):
        if year["value"] is not None and not year["complete"]:
            if year["forecast"] is not None:
                forecast = {"year": year["year"], **year["forecast"]}
            break
    return {
        "slug": kpi.slug,
        "title": kpi.title,
        "kind": kpi.kind,
        "unit": kpi.unit,
        "definition": kpi.definition,
        "source": kpi.source,
        "owner": kpi.owner,
        "counts_people": kpi.counts_people,
        "higher_is_better": kpi.higher_is_better,
        "line": kpi.line.code if kpi.line_id else None,
        "available": is_available(kpi),
        "availability": availability_note(kpi),
        "values": [
            {
                "period_start": value.period_start.isoformat(),
                "period_end": value.period_end.isoformat(),
                "value": suppressed_text() if value.pk in masked else number(value.value),
                "cumulative": value.cumulative,
                "source": value.source,
            }
            for value in values
        ],
        "targets": [{"year": target.year, "value": number(target.value)} for target in kpi.targets.order_by("year")],
        "years": years,
        "forecast": forecast,
    }
