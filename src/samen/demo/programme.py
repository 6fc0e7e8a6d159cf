"""Synthetic progress updates for the demo, so that dashboards and the progress letter have something to show.

Most actions get an update for 2024-H2 and 2025-H1, reported by a person of the holder organisation when the demo
has one. Every text says it is synthetic. Some actions are left without an update in a period on purpose: the
reminder list and the letter then show what a gap looks like. Idempotent: a period that already has an update for
an action is left alone.
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samen.accounts.models import User
from samen.monitoring.models import PlanNode, ProgressUpdate
from samen.monitoring.periods import period_bounds

SEED = 273
PERIODS = ("2024-H2", "2025-H1")
MARK = "Synthetisch demo-voorbeeld."

TEXTS = {
    PlanNode.Status.NOT_STARTED: (
        "{mark} Met '{title}' is nog niet gestart. De voorbereiding met de betrokken organisaties volgt in de "
        "volgende periode.",
        "",
        "Een startoverleg plannen en een plan van aanpak opstellen.",
    ),
    PlanNode.Status.ON_TRACK: (
        "{mark} In deze periode is verder gewerkt aan '{title}'. Er waren {meetings} overleggen met de betrokken "
        "organisaties en een eerste versie van het plan van aanpak is besproken.",
        "Verslagen van de overleggen (synthetisch).",
        "Het plan van aanpak vaststellen en de uitvoering starten.",
    ),
    PlanNode.Status.DELAYED: (
        "{mark} '{title}' loopt vertraging op: afstemming met de betrokken organisaties kost meer tijd dan "
        "verwacht. De planning is bijgesteld.",
        "Bijgestelde planning (synthetisch).",
        "De bijgestelde planning met de stuurgroep bespreken.",
    ),
    PlanNode.Status.DONE: (
        "{mark} '{title}' is afgerond. Het resultaat is gedeeld met de betrokken organisaties en wordt in de "
        "werkwijze opgenomen.",
        "Eindproduct en verslag van de afronding (synthetisch).",
        "",
    ),
}


def _reporter(action: PlanNode) -> User | None:
    if action.holder_id is None:
        return None
    permission = Permission.objects.filter(content_type__app_label="monitoring", codename="update_own_actions")
    people = User.objects.filter(organisation_id=action.holder_id, is_active=True).order_by("username")
    return (
        people.filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)).first()
        or people.first()
    )


def _next(rng: random.Random, status: str, percent: int, first: bool) -> tuple[str, int]:
    if first:
        status = rng.choices(
            [PlanNode.Status.ON_TRACK, PlanNode.Status.DELAYED, PlanNode.Status.NOT_STARTED], [6, 2, 2]
        )[0]
        return status, {PlanNode.Status.ON_TRACK: 30, PlanNode.Status.DELAYED: 15}.get(status, 0) + (
            5 * rng.randrange(4) if status != PlanNode.Status.NOT_STARTED else 0
        )
    if status == PlanNode.Status.NOT_STARTED:
        return PlanNode.Status.ON_TRACK, 10 + 5 * rng.randrange(3)
    percent = min(100, percent + 20 + 5 * rng.randrange(6))
    if percent >= 100:
        return PlanNode.Status.DONE, 100
    return rng.choices([PlanNode.Status.ON_TRACK, PlanNode.Status.DELAYED], [3, 1])[0], percent


@transaction.atomic
def demo_progress_seed() -> int:
    added = 0
    actions = PlanNode.objects.filter(kind=PlanNode.Kind.ACTION).order_by("code")
    for index, action in enumerate(actions):
        rng = random.Random(f"{SEED}-{action.code}")
        reporter = _reporter(action)
        status, percent = PlanNode.Status.NOT_STARTED, 0
        for number, period in enumerate(PERIODS):
            status, percent = _next(rng, status, percent, number == 0)
            if (index + number) % 5 == 4 or action.updates.filter(period=period).exists():
                continue
            narrative, evidence, next_steps = TEXTS[status]
            _start, end = period_bounds(period)
            at = timezone.make_aware(datetime.combine(end - timedelta(days=rng.randrange(3, 20)), time(10)))
            update = ProgressUpdate(
                action=action,
                period=period,
                status=status,
                percent_complete=percent,
                narrative=narrative.format(mark=MARK, title=action.title_nl, meetings=rng.choice(["twee", "drie"])),
                evidence=evidence,
                next_steps=next_steps,
                by=reporter,
                at=at,
            )
            update.full_clean(exclude=["by"])  # nobody reports for a holder the demo has no people for
            update.save()
            added += 1
    return added
