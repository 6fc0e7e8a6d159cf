"""Sealing and verifying the audit trail's hash chain.

Writers only INSERT events and never wait for one another. A sealer then takes the events committed since the last
seal, in commit order as it finds them, and adds a seal whose digest covers the previous seal's digest and the
digests of its events. Changing, removing or back-dating any event, or any seal, breaks the chain from there on.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AuditEvent, AuditSeal, AuditSealedEvent

GENESIS = "0" * 64
BATCH = 5000


def _chain(previous_digest: str, event_digests: list[str]) -> str:
    h = hashlib.sha256(previous_digest.encode())
    for digest in event_digests:
        h.update(b"\n" + digest.encode())
    return h.hexdigest()


def audit_seal(*, batch: int = BATCH) -> AuditSeal | None:
    """Seal the events committed since the last seal. Returns the new seal, or None when nothing was new."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _seal_once(batch)
        except IntegrityError:
            # Another sealer took the same previous seal first (unique constraint): take the new head and retry.
            continue
    raise RuntimeError("could not seal the audit trail: other sealers kept winning")


def _seal_once(batch: int) -> AuditSeal | None:
    events = list(AuditEvent.objects.filter(sealed__isnull=True).order_by("id")[:batch])
    if not events:
        return None
    head = AuditSeal.objects.order_by("-id").first()
    digests = [event.digest() for event in events]
    seal = AuditSeal.objects.create(
        previous=head,
        height=head.height + 1 if head else 1,
        event_count=len(events),
        digest=_chain(head.digest if head else GENESIS, digests),
    )
    AuditSealedEvent.objects.bulk_create(
        AuditSealedEvent(event=event, seal=seal, event_digest=digest)
        for event, digest in zip(events, digests, strict=True)
    )
    return seal


def audit_seal_all() -> int:
    """Seal until nothing is left; returns how many seals were made."""
    count = 0
    while audit_seal() is not None:
        count += 1
    return count


@dataclass(frozen=True)
class Verification:
    ok: bool
    seals: int
    events: int
    problem: str = ""
    head: AuditSeal | None = None


def audit_verify(*, anchor: str = "") -> Verification:
    """Walk the chain from the first seal. `anchor` ("<seal id>:<digest>"), exported earlier, pins the history."""
    previous_id, previous_digest = None, GENESIS
    seal_count = event_count = 0
    head = None
    for seal in AuditSeal.objects.order_by("id").iterator():
        if seal.previous_id != previous_id or seal.height != seal_count + 1:
            return Verification(False, seal_count, event_count, f"seal {seal.pk} does not follow seal {previous_id}")
        entries = list(AuditSealedEvent.objects.filter(seal=seal).order_by("event_id"))
        events = AuditEvent.objects.in_bulk([entry.event_id for entry in entries])
        if len(entries) != seal.event_count:
            return Verification(False, seal_count, event_count, f"seal {seal.pk} covers a different number of events")
        for entry in entries:
            event = events.get(entry.event_id)
            if event is None:
                return Verification(False, seal_count, event_count, f"event {entry.event_id} was removed")
            if event.digest() != entry.event_digest:
                return Verification(False, seal_count, event_count, f"event {event.pk} was changed after sealing")
        if _chain(previous_digest, [entry.event_digest for entry in entries]) != seal.digest:
            return Verification(False, seal_count, event_count, f"seal {seal.pk} does not match its events")
        previous_id, previous_digest, head = seal.pk, seal.digest, seal
        seal_count += 1
        event_count += len(entries)

    limit = timezone.now() - timedelta(seconds=settings.SAMEN_AUDIT_MAX_UNSEALED_AGE)
    stale = AuditEvent.objects.filter(sealed__isnull=True, occurred_at__lt=limit).order_by("id").first()
    if stale is not None:
        return Verification(False, seal_count, event_count, f"event {stale.pk} has been left unsealed", head)

    if anchor:
        seal_id, _, digest = anchor.partition(":")
        pinned = AuditSeal.objects.filter(pk=seal_id if seal_id.isdigit() else 0).first()
        if pinned is None or pinned.digest != digest:
            return Verification(False, seal_count, event_count, f"the exported seal {anchor} is not in the chain", head)
    return Verification(True, seal_count, event_count, "", head)


def anchor_of(seal: AuditSeal | None) -> str:
    return f"{seal.pk}:{seal.digest}" if seal else ""
