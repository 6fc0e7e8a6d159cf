"""Reads of the reference geography (public facts, no personal data)."""

from django.db.models import Q, QuerySet

from .models import Municipality


def municipalities_current() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_current=True).order_by("name")


def municipalities_matching(text: str) -> QuerySet[Municipality]:
    text = (text or "").strip()
    return municipalities_current().filter(Q(name__icontains=text) | Q(code__iexact=text))
