"""Reads of the audit trail, for privacy officers."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_events_search(
    *,
    actor_ids: list[str] | None = None,
    organisation_id: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if actor_ids is not None:
        events = events.filter(actor_id__in=actor_ids)
    if organisation_id:
        events = events.filter(actor_organisation_id=organisation_id)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=timezone.make_aware(datetime.combine(date_from, time.min), tz))
    if date_to:
        events = events.filter(occurred_at__lte=timezone.make_aware(datetime.combine(date_to, time.max), tz))
    return events.order_by("-id")
