"""Reads of the programme: the plan tree with rolled-up progress, KPI values, targets and forecasts, and the
inventory of awareness campaigns and reporting points (public programme facts: no scoping by organisation)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from .forecast import Forecast, months_observed, pro_rata, seasonal
from .models import KPI, InventoryEntry, KPITarget, KPIValue, PlanNode, ProgressUpdate


def plan_roots() -> QuerySet[PlanNode]:
    return PlanNode.objects.filter(parent=None).order_by("position", "code")


def action_lines() -> QuerySet[PlanNode]:
    return PlanNode.objects.filter(kind=PlanNode.Kind.LINE).order_by("position", "code")


def actions_held_by(user) -> QuerySet[PlanNode]:
    """The actions a person may report progress on: those their organisation holds."""
    if not user.is_authenticated or user.organisation_id is None or not user.has_perm("monitoring.update_own_actions"):
        return PlanNode.objects.none()
    return PlanNode.objects.filter(kind=PlanNode.Kind.ACTION, holder_id=user.organisation_id)


def latest_update(action: PlanNode, period: str | None = None) -> ProgressUpdate | None:
    updates = action.updates.all()
    if period:
        updates = updates.filter(period__lte=period)
    return updates.order_by("-period", "-at", "-id").first()


def progress(node: PlanNode, period: str | None = None, *, weighted: bool = True) -> float:
    """0-100. An action's progress is its latest update's percentage; a parent's rolls up from its children,
    weighted by their weights (or a plain average)."""
    if node.kind == PlanNode.Kind.ACTION:
        update = latest_update(node, period)
        return float(update.percent_complete) if update else 0.0
    children = list(node.children.all())
    if not children:
        return 0.0
    weights = [float(child.weight) if weighted else 1.0 for child in children]
    total = sum(weights) or 1.0
    return (
        sum(
            progress(child, period, weighted=weighted) * weight for child, weight in zip(children, weights, strict=True)
        )
        / total
    )


@dataclass(frozen=True)
class YearFigure:
    year: int
    value: Decimal | None
    complete: bool  # the whole year is known
    through: date | None  # last day the value covers
    target: Decimal | None
    forecast: Forecast | None


def _year_to_date(kpi: KPI, year: int, until: date | None = None) -> tuple[Decimal | None, date | None, bool]:
    values = KPIValue.objects.filter(kpi=kpi, period_start__year=year).order_by("period_end")
    if until is not None:
        values = values.filter(period_end__lte=until)
    values = list(values)
    if not values:
        return None, None, False
    full_year = [v for v in values if v.period_start == date(year, 1, 1) and v.period_end == date(year, 12, 31)]
    if full_year:
        return full_year[-1].value, date(year, 12, 31), True
    cumulative = [v for v in values if v.cumulative]
    if cumulative:
        last = cumulative[-1]
        return last.value, last.period_end, last.period_end == date(year, 12, 31)
    monthly = [v for v in values if not v.cumulative]
    last_end = max(v.period_end for v in monthly)
    return sum((v.value for v in monthly), Decimal(0)), last_end, last_end == date(year, 12, 31)


def _monthly_history(kpi: KPI, before_year: int) -> dict[int, list[float]]:
    history: dict[int, list[float]] = {}
    for value in KPIValue.objects.filter(kpi=kpi, cumulative=False, period_start__year__lt=before_year):
        if value.period_start.day == 1 and value.period_start.month == value.period_end.month:
            history.setdefault(value.period_start.year, [0.0] * 12)[value.period_start.month - 1] = float(value.value)
    return {year: months for year, months in history.items() if all(m is not None for m in months)}


def kpi_year(kpi: KPI, year: int, *, until: date | None = None) -> YearFigure:
    """A KPI's figure for a year: the value (year to date if incomplete), the target, and a forecast for a
    partial year (seasonal when earlier years have monthly values, else pro rata). `until` leaves out values
    that end after that day, so a report on a past period reads the figures as they stood then."""
    value, through, complete = _year_to_date(kpi, year, until)
    target = KPITarget.objects.filter(kpi=kpi, year=year).values_list("value", flat=True).first()
    forecast = None
    if value is not None and not complete and through is not None:
        months = months_observed(through)
        if months >= 1:
            history = _monthly_history(kpi, year)
            forecast = (
                seasonal(year_to_date=float(value), months=months, history=history)
                if history
                else pro_rata(year_to_date=float(value), months=months)
            )
    return YearFigure(year, value, complete, through, target, forecast)


def kpi_years(kpi: KPI) -> list[int]:
    years = {d.year for d in KPIValue.objects.filter(kpi=kpi).values_list("period_start", flat=True)}
    years |= set(KPITarget.objects.filter(kpi=kpi).values_list("year", flat=True))
    return sorted(years)


def inventory_order(entry: InventoryEntry) -> tuple:
    """Campaigns first, then reporting points, each by Dutch name and slug. Sorted in Python, not by the database:
    PostgreSQL's collation and SQLite's byte order would put "Voorlichting van" and "Voorlichtingsbijeenkomsten"
    the other way round, and the letter must read the same on both."""
    return (list(InventoryEntry.Kind.values).index(entry.kind), entry.title_nl.casefold(), entry.title_nl, entry.slug)


def inventory_all() -> QuerySet[InventoryEntry]:
    """Every campaign and reporting point (lists for people are put in inventory_order)."""
    return (
        InventoryEntry.objects.select_related("organisation", "region")
        .prefetch_related("municipalities", "actions")
        .order_by("kind", "title_nl", "slug")
    )


def inventory_running_between(first: date, last: date) -> QuerySet[InventoryEntry]:
    """The entries that ran at some time from `first` to `last`: by their dates (an open end is open), or, for an
    entry whose source states no period, by its `active` mark from the date of that source on. The query form of
    InventoryEntry.runs_between."""
    dated = Q(start__isnull=False) | Q(end__isnull=False)
    overlaps = (Q(start__isnull=True) | Q(start__lte=last)) & (Q(end__isnull=True) | Q(end__gte=first))
    known = Q(running_as_of__isnull=True) | Q(running_as_of__lte=last)
    undated_running = Q(start__isnull=True, end__isnull=True, active=True) & known
    return inventory_all().filter((dated & overlaps) | undated_running)


def inventory_filtered(
    *, kind: str = "", form: str = "", running: bool | None = None, on: date | None = None
) -> list[InventoryEntry]:
    """The inventory with the dashboard's and the API's filters: a kind, an exploitation form, and whether it runs
    on the day `on` (True), or not (False: ended, not started or not stated). Forms are matched in Python: the
    registry is small, and JSON containment is not portable to SQLite."""
    entries = inventory_all()
    if kind:
        entries = entries.filter(kind=kind)
    if running is not None and on is not None:
        running_ids = inventory_running_between(on, on).values("pk")
        entries = entries.filter(pk__in=running_ids) if running else entries.exclude(pk__in=running_ids)
    found = sorted(entries, key=inventory_order)
    if form:
        found = [entry for entry in found if form in (entry.forms or [])]
    return found
