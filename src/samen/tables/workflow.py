"""The life of a share (DataShare): proposed → sent → accepted | returned → fed back → closed; revoked from any
open state. Each move appends a ShareEvent."""

from django.utils.translation import gettext_lazy as _

PROPOSED = "proposed"
SENT = "sent"
ACCEPTED = "accepted"
RETURNED = "returned"
FED_BACK = "fed-back"
CLOSED = "closed"
REVOKED = "revoked"

STATUSES = {
    PROPOSED: _("proposed"),
    SENT: _("sent"),
    ACCEPTED: _("accepted"),
    RETURNED: _("returned"),
    FED_BACK: _("fed back"),
    CLOSED: _("closed"),
    REVOKED: _("revoked"),
}
STATUS_CHOICES = list(STATUSES.items())

TRANSITIONS = {
    PROPOSED: {SENT, REVOKED},
    SENT: {ACCEPTED, RETURNED, REVOKED},
    ACCEPTED: {FED_BACK, REVOKED},
    RETURNED: {CLOSED},
    FED_BACK: {CLOSED},
    CLOSED: set(),
    REVOKED: set(),
}
# States in which the recipient still sees the shared data.
VISIBLE_TO_RECIPIENT = {SENT, ACCEPTED, FED_BACK}
OPEN = {PROPOSED, SENT, ACCEPTED}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())
