"""Reads of signals, always scoped to what the requesting person may see (need to know)."""

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Exists, Expression, OuterRef, Q, QuerySet

from samen.taxonomy.models import Term

from .models import Identifier, Signal


class StoredSearchVector(Expression):
    """PostgreSQL's stored text-search vector of a signal (account, reference, own reference; column added by
    migration 0002 with its GIN index). Read, not recomputed: recomputing it for every row the list passes is what
    made search slow with many signals."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.search_vector", []


def signals_visible_to(user) -> QuerySet[Signal]:
    """The signals a person may see: those of their own organisation, if their role allows seeing signals.
    (Signals received through a recorded share are added by the signal-table module.)"""
    if not user.is_authenticated or not user.has_perm("signals.view_signals") or user.organisation_id is None:
        return Signal.objects.none()
    return Signal.objects.filter(organisation_id=user.organisation_id)


NEWEST_WINDOW = 10_000


def signals_newest(visible: QuerySet[Signal], filtered: QuerySet[Signal], size: int = NEWEST_WINDOW):
    """`filtered` limited to the `size` newest signals of `visible` (ties on the boundary included), or None when
    `visible` holds fewer. The list reads its page from here first (CappedPaginator's `newest`). PostgreSQL
    estimates each search word as if it were independent of the others, so it misjudges a search like
    "schuld bemiddelaar", whose words come together, and fetches all 30,000 of its matches to sort them by date
    (100-200 ms with a million signals). Limited by date, it combines the text index with the date index and
    reads a few hundred rows (about 10 ms)."""
    boundary = next(iter(visible.order_by("-received_at").values_list("received_at", flat=True)[size - 1 : size]), None)
    if boundary is None:
        return None
    return filtered.filter(received_at__gte=boundary)


def signal_visible_to(user, pk) -> Signal | None:
    return (
        signals_visible_to(user)
        .select_related("source_type", "municipality", "place_type", "organisation", "reporter", "vocabulary_version")
        .filter(pk=pk)
        .first()
    )


def signals_filter(
    signals: QuerySet[Signal],
    *,
    form: str = "",
    police_unit: str = "",
    status: str = "",
    urgency: str = "",
    source_type: str = "",
    date_from=None,
    date_to=None,
    text: str = "",
) -> QuerySet[Signal]:
    if form:
        # EXISTS on the term ids, not a join on the code: no DISTINCT, and PostgreSQL can walk the date-ordered
        # (organisation, received_at) index, testing each row, instead of collecting every signal of the form.
        term_ids = list(Term.objects.filter(kind="exploitation_form", code=form).values_list("id", flat=True))
        signals = signals.filter(
            Exists(Signal.forms.through.objects.filter(signal_id=OuterRef("pk"), term_id__in=term_ids))
        )
    if police_unit:
        signals = signals.filter(municipality__police_unit__code=police_unit)
    if status:
        signals = signals.filter(status=status)
    if urgency:
        signals = signals.filter(urgency=urgency)
    if source_type:
        signals = signals.filter(source_type__code=source_type)
    if date_from:
        signals = signals.filter(received_at__date__gte=date_from)
    if date_to:
        signals = signals.filter(received_at__date__lte=date_to)
    if text:
        signals = _search(signals, text)
    return signals


def _search(signals: QuerySet[Signal], text: str) -> QuerySet[Signal]:
    """Full-text search within what the person may see: PostgreSQL's text search in production, a plain
    substring match on the embedded SQLite database."""
    text = text.strip()[:200]
    if connection.vendor == "postgresql":
        return signals.alias(search=StoredSearchVector()).filter(
            Q(search=SearchQuery(text, config="dutch", search_type="websearch")) | Q(reference__iexact=text)
        )
    return signals.filter(Q(account__icontains=text) | Q(reference__iexact=text) | Q(own_reference__iexact=text))


def signal_duplicates(signal: Signal) -> QuerySet[Signal]:
    """Earlier signals of the same organisation that share a normalised identifier with this one."""
    digests = list(signal.identifiers.exclude(digest="").values_list("digest", flat=True))
    if not digests:
        return Signal.objects.none()
    ids = Identifier.objects.filter(digest__in=digests).exclude(signal=signal).values("signal_id")
    return Signal.objects.filter(
        pk__in=ids, organisation_id=signal.organisation_id, received_at__lte=signal.received_at
    )
