"""Seeding synthetic signals (`samen seed-demo --signals N`): a few through the real services, one by one, exactly as
the channels submit them; many through the bulk path (signals_bulk.py), which writes the same rows in batches.

The signals themselves come from signal_world.py: Dutch accounts built from templates, indicators that fit the
forms, invented people and identifiers. Nobody in them is real.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from samen.accounts.models import Organisation
from samen.geo.models import Municipality
from samen.signals.models import Channel, Signal, SignalEvent
from samen.signals.services import (
    public_intake_organisation,
    signal_set_status,
    signal_submit,
    signal_submit_anonymous,
)
from samen.taxonomy.selectors import term_current, vocabulary_current

from .signal_world import DEMO_SUFFIX, SeedContext, SyntheticSignal, history_times, synthetic_signal
from .signals_bulk import BULK_FROM, seed_in_bulk
from .world import ORGANISATIONS

RECEIPTS_PER_RUN = 3


def synthetic_signals() -> QuerySet[Signal]:
    """Signals owned by the demo organisations: the synthetic ones."""
    return Signal.objects.filter(organisation__name__endswith=DEMO_SUFFIX)


def real_signals_exist() -> bool:
    """True when the database holds a signal that is not synthetic (its owner is not a demo organisation)."""
    return Signal.objects.exclude(organisation__name__endswith=DEMO_SUFFIX).exists()


@transaction.atomic
def demo_organisations_ensure() -> dict[str, Organisation]:
    """Only the demo world's organisations, no accounts: enough to own synthetic signals on a database that is not a
    demo (a benchmark), where demo accounts with a known password must never exist."""
    organisations = {}
    for type_code, name, municipality_code in ORGANISATIONS:
        organisations[name], _created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "type": term_current("organisation_type", type_code),
                "municipality": Municipality.objects.get(code=municipality_code),
            },
        )
    return organisations


def _public_owner() -> str:
    try:
        return public_intake_organisation().name
    except Organisation.DoesNotExist:
        return ""


def _submit_one(item: SyntheticSignal, context: SeedContext, now: datetime, receipt_owner: str) -> Signal:
    owner = context.organisations[item.organisation]
    if item.channel == Channel.PUBLIC_FORM and item.organisation == receipt_owner:
        signal, _code, _phrase = signal_submit_anonymous(data=item.data)
    else:
        reporter = context.reporters[item.organisation] if item.channel == Channel.INTAKE_FORM else None
        signal = signal_submit(data=item.data, organisation=owner, channel=item.channel, reporter=reporter)
    for status in item.statuses:
        signal = signal_set_status(signal=signal, status=status, by=context.actors[item.organisation])
    # The services stamp everything "now"; a demo needs a past. Move the receipt date (and the reference, which
    # carries the year) and the history rows back, in the same transaction, before anyone has seen the signal.
    times = history_times(item, now)
    Signal.objects.filter(pk=signal.pk).update(
        received_at=item.received_at, reference=f"S-{item.received_at:%Y}-{signal.pk:06d}"
    )
    for event, at in zip(signal.events.order_by("id"), times, strict=False):
        SignalEvent.objects.filter(pk=event.pk).update(at=at)
    return signal


def seed_with_services(items: list[SyntheticSignal], *, now: datetime, progress=None) -> int:
    """Submit each signal through the services the channels use, one transaction each. Returns how many."""
    context = SeedContext.load()
    public_owner = _public_owner()
    receipts = 0
    for done, item in enumerate(items, start=1):
        # A receipt costs an Argon2 hash (up to a second on a small machine) and nobody holds a synthetic secret
        # phrase: only the first few public-form reports get one; the others are stored without.
        wants_receipt = item.channel == Channel.PUBLIC_FORM and receipts < RECEIPTS_PER_RUN
        receipts += wants_receipt
        with transaction.atomic():
            _submit_one(item, context, now, public_owner if wants_receipt else "")
        if progress and done % 100 == 0:
            progress(done)
    return len(items)


def demo_signals_seed(
    *, target: int, now: datetime | None = None, bulk: bool | None = None, workers: int = 1, progress=None
) -> int:
    """Make sure the database holds at least `target` synthetic signals; returns how many were added. Up to
    BULK_FROM missing signals go through the services; more go through the bulk path (`bulk` overrides), written by
    `workers` processes at once on PostgreSQL."""
    vocabulary_current()  # fail before any work when the reference data is missing
    now = now or timezone.now()
    start = synthetic_signals().count()
    missing = max(target - start, 0)
    if missing == 0:
        return 0
    if bulk is None:
        bulk = missing > BULK_FROM
    if bulk:
        return seed_in_bulk(start=start, count=missing, now=now, workers=workers, progress=progress)
    items = [synthetic_signal(index, now=now) for index in range(start, start + missing)]
    return seed_with_services(items, now=now, progress=progress)
