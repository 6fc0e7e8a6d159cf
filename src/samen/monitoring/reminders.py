"""Reads behind the progress pages: the actions a person reports on with their latest update, and the reminder list
of actions without an update in a period (everything for programme staff, one's own organisation's for holders)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import PlanNode, ProgressUpdate
from .selectors import actions_held_by

MANAGE = "monitoring.manage_programme"
UPDATE = "monitoring.update_own_actions"


@dataclass(frozen=True)
class ActionState:
    action: PlanNode
    latest: ProgressUpdate | None
    updated_this_period: bool


def reminder_scope(user) -> QuerySet[PlanNode]:
    """Whose actions the person is reminded of: every action for programme staff, else the ones their
    organisation holds (none without either permission)."""
    if user.has_perm(MANAGE):
        return PlanNode.objects.filter(kind=PlanNode.Kind.ACTION)
    return actions_held_by(user)


def action_states(actions: QuerySet[PlanNode], period: str) -> list[ActionState]:
    actions = actions.select_related("holder", "parent__parent").order_by("code")
    latest: dict[int, ProgressUpdate] = {}
    updated: set[int] = set()
    for update in ProgressUpdate.objects.filter(action__in=actions).order_by("action_id", "-period", "-at", "-id"):
        latest.setdefault(update.action_id, update)
        if update.period == period:
            updated.add(update.action_id)
    return [ActionState(action, latest.get(action.pk), action.pk in updated) for action in actions]


def actions_without_update(user, period: str) -> list[ActionState]:
    return [state for state in action_states(reminder_scope(user), period) if not state.updated_this_period]


def history(action: PlanNode) -> QuerySet[ProgressUpdate]:
    """Every update of the action, newest first: nothing is ever overwritten."""
    return action.updates.select_related("by__organisation").order_by("-at", "-id")
