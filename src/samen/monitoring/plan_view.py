"""The plan as a flat list in tree order, each item with its rolled-up progress and, for actions, the latest update.

The same rules as selectors.progress (an action's progress is its latest update's percentage up to the period; a
parent's is the weighted or plain average of its children), computed bottom-up from one query of the updates, so
that the whole tree costs a few queries instead of one per item and level.
"""

from collections import defaultdict
from dataclasses import dataclass

from .models import PlanNode, ProgressUpdate


@dataclass(frozen=True)
class PlanRow:
    node: PlanNode
    depth: int
    parent_code: str | None
    progress: float
    status: str | None  # actions only: the latest update's status, or not-started
    latest: ProgressUpdate | None


def _latest_updates(period: str | None) -> dict[int, ProgressUpdate]:
    updates = ProgressUpdate.objects.filter(action__kind=PlanNode.Kind.ACTION).select_related("by__organisation")
    if period:
        updates = updates.filter(period__lte=period)
    latest: dict[int, ProgressUpdate] = {}
    for update in updates.order_by("action_id", "-period", "-at", "-id"):
        latest.setdefault(update.action_id, update)
    return latest


def plan_rows(*, period: str | None = None, weighted: bool = True) -> list[PlanRow]:
    nodes = list(PlanNode.objects.select_related("holder").prefetch_related("involved").order_by("position", "code"))
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    latest = _latest_updates(period)
    progress: dict[int, float] = {}

    def roll_up(node: PlanNode) -> float:
        if node.kind == PlanNode.Kind.ACTION:
            update = latest.get(node.pk)
            value = float(update.percent_complete) if update else 0.0
        elif not children[node.pk]:
            value = 0.0
        else:
            kids = children[node.pk]
            weights = [float(kid.weight) if weighted else 1.0 for kid in kids]
            total = sum(weights) or 1.0
            value = sum(roll_up(kid) * weight for kid, weight in zip(kids, weights, strict=True)) / total
        progress[node.pk] = value
        return value

    rows: list[PlanRow] = []

    def walk(parent: PlanNode | None, depth: int) -> None:
        for node in children[parent.pk if parent else None]:
            update = latest.get(node.pk)
            status = None
            if node.kind == PlanNode.Kind.ACTION:
                status = update.status if update else PlanNode.Status.NOT_STARTED
            rows.append(PlanRow(node, depth, parent.code if parent else None, progress[node.pk], status, update))
            walk(node, depth + 1)

    for root in children[None]:
        roll_up(root)
    walk(None, 0)
    return rows
