"""Retention: a soft signal that was never routed is deleted after its retention period, everywhere, leaving only
a non-personal tombstone and an audit event."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.signals.models import Signal
from samen.signals.services import signal_subjects

from . import workflow
from .models import DataShare, Decision, Tombstone


@dataclass(frozen=True)
class PurgeCandidate:
    signal: Signal
    due: datetime
    reason: str


def _never_routed():
    routed = DataShare.objects.filter(kind=DataShare.Kind.ROUTING).exclude(status=workflow.REVOKED)
    return Signal.objects.exclude(pk__in=routed.values("signal_id"))


def purge_candidates(*, now: datetime | None = None) -> list[PurgeCandidate]:
    """Unrouted signals past their period: the covenant's period after the last table discussion, or the default
    period after receipt for signals that never came to a table."""
    now = now or timezone.now()
    default_days = settings.SAMEN_SIGNAL_RETENTION_DAYS
    candidates = []
    signals = _never_routed().annotate(last_discussed=Max("agenda_items__last_discussed_at"))
    for signal in signals.iterator():
        if signal.last_discussed is None:
            due = signal.received_at + timedelta(days=default_days)
            reason = f"not routed; {default_days} days after receipt"
        else:
            days = max(
                (
                    item.table.covenant.current_version.retention_days
                    for item in signal.agenda_items.select_related("table__covenant")
                ),
                default=default_days,
            )
            due = signal.last_discussed + timedelta(days=days)
            reason = f"not routed; {days} days after the last table discussion"
        if due <= now:
            candidates.append(PurgeCandidate(signal, due, reason))
    return candidates


@transaction.atomic
def signal_purge(*, candidate: PurgeCandidate) -> Tombstone:
    """Delete a signal and everything personal hanging off it (persons, identifiers, attachments and their files,
    history, receipts, agenda items, findings, decisions); keep a tombstone and the audit event."""
    signal = candidate.signal
    last = Decision.objects.filter(item__signal=signal).order_by("-decided_at").first()
    subjects = signal_subjects(signal)
    tombstone = Tombstone.objects.create(
        reference=signal.reference,
        received_at=signal.received_at,
        outcome=last.outcome if last else "",
        reason=candidate.reason[:100],
    )
    files = [attachment.file for attachment in signal.attachments.all()]
    signal_id = signal.pk
    signal.delete()
    for stored in files:
        # Remove the file only once the rows are gone for sure: after the commit.
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))
    audit_record(
        actor=None,
        action=Action.DELETE,
        object_type="signals.signal",
        object_id=signal_id,
        subjects=subjects,
        purpose="retention",
        reason=candidate.reason[:255],
    )
    return tombstone


def purge(*, dry_run: bool = False, now: datetime | None = None) -> list[PurgeCandidate]:
    candidates = purge_candidates(now=now)
    if not dry_run:
        for candidate in candidates:
            signal_purge(candidate=candidate)
    return candidates
