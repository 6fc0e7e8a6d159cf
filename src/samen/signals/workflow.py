"""The signal's statuses and the allowed moves between them. History is appended (SignalEvent), never rewritten."""

from django.utils.translation import gettext_lazy as _

RECEIVED = "received"
IN_PROGRESS = "in-progress"
HANDLED = "handled"

STATUSES = {
    RECEIVED: _("received"),
    IN_PROGRESS: _("being handled"),
    HANDLED: _("handled"),
}
STATUS_CHOICES = list(STATUSES.items())

TRANSITIONS = {
    RECEIVED: {IN_PROGRESS, HANDLED},
    IN_PROGRESS: {HANDLED, RECEIVED},
    HANDLED: {IN_PROGRESS},
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())
