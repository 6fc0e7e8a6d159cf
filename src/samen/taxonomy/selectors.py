"""Reads of the vocabulary. The vocabulary is public knowledge: no personal data, no scoping needed."""

from django.db.models import QuerySet

from .models import Term, VocabularyVersion


def vocabulary_current() -> VocabularyVersion | None:
    return VocabularyVersion.objects.order_by("-published", "-id").first()


def terms_current(kind: str, *, parent: str | None = None) -> QuerySet[Term]:
    terms = Term.objects.filter(version=vocabulary_current(), kind=kind)
    if parent is not None:
        terms = terms.filter(parent_code=parent)
    return terms.order_by("position")


def term_current(kind: str, code: str) -> Term:
    """The current term of a kind by code; raises Term.DoesNotExist for an unknown code."""
    return terms_current(kind).get(code=code)
