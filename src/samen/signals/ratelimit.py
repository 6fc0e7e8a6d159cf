"""Per-client rate limits for public forms, counted in the database so every server process sees the same count.
The client is a keyed hash of its address and the window: the address itself is never stored."""

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from samen.audit.services import subject_pseudonym

from .models import RateLimitBucket


def rate_limit_allows(*, scope: str, client: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; False when the client has used up its `limit` in the current window."""
    now = timezone.now()
    window = int(now.timestamp()) // window_seconds
    bucket = subject_pseudonym(f"rate:{scope}", f"{client}:{window}")
    window_start = datetime.fromtimestamp(window * window_seconds, tz=UTC)
    with transaction.atomic():
        updated = RateLimitBucket.objects.filter(bucket=bucket).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitBucket.objects.create(bucket=bucket, window_start=window_start, count=1)
            except IntegrityError:  # another process created it first
                RateLimitBucket.objects.filter(bucket=bucket).update(count=F("count") + 1)
        count = RateLimitBucket.objects.get(bucket=bucket).count
    return count <= limit


def rate_limit_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    deleted, _ = RateLimitBucket.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
