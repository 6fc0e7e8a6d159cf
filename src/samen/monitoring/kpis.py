"""Computed KPIs: one function per computation name, turning platform data into monthly values.

Only whole months are computed. The month in progress appears once it has ended, so that a year-to-date total and
the forecast built on it always cover whole months (half a month counted as a month would inflate the forecast).
These functions aggregate: what leaves them is a count, a median or a percentage per month, never a record.

Monitoring sits on top of the other modules (ARCHITECTURE.md's layers) and reads their tables for aggregates only.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.signals.models import Signal
from samen.tables import workflow
from samen.tables.models import DataShare, ShareEvent

from .models import KPI


@dataclass(frozen=True)
class MonthlyValue:
    start: date
    end: date
    value: Decimal


def month_end(start: date) -> date:
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _next_month(start: date) -> date:
    return date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _local_month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def signals_received(*, today: date) -> dict[date, Decimal]:
    """Signals received per month, through every channel. Months without a signal between the first and the last
    whole month count as zero: no signal is a fact, not a gap."""
    this_month = today.replace(day=1)
    rows = (
        Signal.objects.filter(received_at__lt=_start_of(this_month))
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(count=Count("id"))
    )
    counts: dict[date, int] = defaultdict(int)
    for row in rows:
        counts[_local_month(row["month"])] += row["count"]
    if not counts:
        return {}
    values = {}
    month = min(counts)
    while month < this_month:
        values[month] = Decimal(counts.get(month, 0))
        month = _next_month(month)
    return values


def signal_to_routing_days(*, today: date) -> dict[date, Decimal]:
    """Median days from receiving a signal to its first routing decision, per month of that decision."""
    this_month = today.replace(day=1)
    firsts = (
        DataShare.objects.filter(kind=DataShare.Kind.ROUTING, signal__isnull=False)
        .values("signal_id")
        .annotate(first=Min("decided_at"), received=Min("signal__received_at"))
    )
    days: dict[date, list[float]] = defaultdict(list)
    for row in firsts:
        month = _local_month(row["first"])
        if month < this_month:
            days[month].append(max(0.0, (row["first"] - row["received"]).total_seconds() / 86_400))
    return {month: _round(statistics.median(values)) for month, values in sorted(days.items())}


def shares_accepted_within_deadline(*, today: date) -> dict[date, Decimal]:
    """Of the routing shares with a deadline whose outcome is known, the percentage accepted on or before the
    deadline, per month of the decision. Revoked shares, shares returned within the deadline and shares still open
    before their deadline do not count."""
    this_month = today.replace(day=1)
    shares = (
        DataShare.objects.filter(
            kind=DataShare.Kind.ROUTING, deadline__isnull=False, decided_at__lt=_start_of(this_month)
        )
        .exclude(status=workflow.REVOKED)
        .values_list("id", "decided_at", "deadline")
    )
    shares = list(shares)
    ids = [share_id for share_id, _decided, _deadline in shares]

    def first_event(status: str) -> dict[int, datetime]:
        events = ShareEvent.objects.filter(share_id__in=ids, to_status=status).values("share_id").annotate(at=Min("at"))
        return {row["share_id"]: row["at"] for row in events}

    accepted, returned = first_event(workflow.ACCEPTED), first_event(workflow.RETURNED)
    tally: dict[date, list[int]] = defaultdict(lambda: [0, 0])  # [accepted in time, counted]
    for share_id, decided_at, deadline in shares:
        month = _local_month(decided_at)
        if share_id in accepted:
            tally[month][0] += _local_day(accepted[share_id]) <= deadline
            tally[month][1] += 1
        elif share_id in returned and _local_day(returned[share_id]) <= deadline:
            continue
        elif deadline < today:
            tally[month][1] += 1
    return {month: _round(100 * hits / counted) for month, (hits, counted) in sorted(tally.items()) if counted}


COMPUTATIONS: dict[str, Callable[..., dict[date, Decimal]]] = {
    "signals-received": signals_received,
    "signal-to-routing-days": signal_to_routing_days,
    "shares-accepted-within-deadline": shares_accepted_within_deadline,
}
# Defined now so that dashboards and the letter can name them, computed once their module exists: until then they
# have no values rather than made-up ones.
NOT_YET_AVAILABLE = {
    "victims-registered": _("Not yet available: this figure comes with the care module."),
    "shelter-occupancy": _("Not yet available: this figure comes with the care module."),
}
KNOWN = frozenset(COMPUTATIONS) | frozenset(NOT_YET_AVAILABLE)


def is_available(kpi: KPI) -> bool:
    return kpi.kind == KPI.Kind.MANUAL or kpi.computation in COMPUTATIONS


def availability_note(kpi: KPI) -> str:
    return "" if is_available(kpi) else str(NOT_YET_AVAILABLE.get(kpi.computation, _("Not yet available.")))


def monthly_values(kpi: KPI, *, today: date | None = None) -> list[MonthlyValue]:
    """The KPI's values for every whole month the platform has data for (empty when not available)."""
    computation = COMPUTATIONS.get(kpi.computation) if kpi.kind == KPI.Kind.COMPUTED else None
    if computation is None:
        return []
    values = computation(today=today or timezone.localdate())
    return [MonthlyValue(start, month_end(start), value) for start, value in sorted(values.items())]
