"""The bulk path for synthetic signals: the rows signal_submit would write (signal, forms, indicators, persons,
identifiers, history), computed with the same triage and normalisation, written in batches of a few thousand.

Used when many signals are wanted at once: a benchmark needs a million in minutes, which rules out both one
transaction per signal and building a Django model instance per row. Rows are plain tuples, written with COPY on
PostgreSQL and one multi-row INSERT per table on SQLite. Seeding is a system action: one audit event per batch, with
the pseudonyms of every person in it, instead of one per signal. Anonymous signals get no receipt: nobody would
hold its code.
"""

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import get_context

from django.db import connection, connections, transaction

from samen.audit.models import Action
from samen.audit.services import audit_record, subject_pseudonym
from samen.bulk import insert_rows, reserve_ids
from samen.geo.models import Municipality
from samen.signals import workflow
from samen.signals.batch import (
    EVENT_COLUMNS,
    IDENTIFIER_COLUMNS,
    LINK_COLUMNS,
    PERSON_COLUMNS,
    SIGNAL_COLUMNS,
    identifier_rows,
    person_row,
)
from samen.signals.models import Channel, Identifier, InvolvedPerson, Signal, SignalEvent
from samen.signals.services import _is_minor
from samen.signals.triage import triage
from samen.taxonomy.models import Term, VocabularyVersion
from samen.taxonomy.selectors import vocabulary_current

from .signal_world import COUNTRY, SeedContext, SyntheticSignal, history_times, synthetic_signal

BATCH_SIZE = 5_000
BULK_FROM = 2_000  # more missing signals than this go through the bulk path


@dataclass
class _Lookups:
    version: VocabularyVersion
    terms: dict[tuple[str, str], Term]
    municipalities: dict[str, int]

    @classmethod
    def load(cls) -> "_Lookups":
        version = vocabulary_current()
        terms = {(term.kind, term.code): term for term in Term.objects.filter(version=version)}
        municipalities = dict(Municipality.objects.filter(code__in=COUNTRY).values_list("code", "id"))
        return cls(version, terms, municipalities)


class _Batch:
    """The rows of one batch, as signal_submit (and signal_set_status) would write them."""

    def __init__(self, lookups: _Lookups, context: SeedContext, now: datetime):
        self.lookups = lookups
        self.context = context
        self.now = now
        ops = connection.ops
        self.datetime = ops.adapt_datetimefield_value
        self.date = ops.adapt_datefield_value
        self.signals: list[tuple] = []
        self.forms: list[tuple] = []
        self.indicators: list[tuple] = []
        self.persons: list[tuple] = []
        self.identifiers: list[tuple] = []
        self.events: list[tuple] = []
        self._person_data: list = []  # (signal id, PersonInput) in the order of self.persons

    def add(self, item: SyntheticSignal, signal_id: int) -> None:
        data, terms = item.data, self.lookups.terms
        indicators = [terms[("indicator", code)] for code in data.indicators]
        forms = {code: terms[("exploitation_form", code)] for code in data.forms}
        for indicator in indicators:
            # As signal_submit: an observed indicator implies its form is suspected.
            forms.setdefault(indicator.parent_code, terms[("exploitation_form", indicator.parent_code)])
        minor = _is_minor(data)
        urgency, explanation = triage(
            vocabulary_version=self.lookups.version.version,
            indicators=[(term.parent_code, term.code) for term in indicators],
            immediate_danger=data.immediate_danger,
            minor_involved=minor,
        )
        reporter = self.context.reporters[item.organisation] if item.channel == Channel.INTAKE_FORM else None
        self.signals.append(
            (
                signal_id,
                f"S-{item.received_at:%Y}-{signal_id:06d}",
                terms[("source_type", data.source_type)].id,
                item.channel,
                self.context.organisations[item.organisation].id,
                reporter.id if reporter else None,
                self.datetime(item.received_at),
                self.date(data.observed_on),
                self.lookups.municipalities[data.municipality] if data.municipality else None,
                terms[("place_type", data.place_type)].id if data.place_type else None,
                data.account.strip(),
                data.immediate_danger,
                "yes" if minor and data.minor_involved != "no" else data.minor_involved,
                urgency,
                json.dumps(explanation),
                data.own_reference.strip(),
                item.statuses[-1] if item.statuses else workflow.RECEIVED,
                self.lookups.version.id,
            )
        )
        self.forms += [(signal_id, term.id) for term in forms.values()]
        self.indicators += [(signal_id, term.id) for term in indicators]
        self.identifiers += identifier_rows(signal_id, None, data.identifiers)
        self._person_data += [(signal_id, person) for person in data.persons]
        self._add_history(item, signal_id, reporter)

    def _add_history(self, item: SyntheticSignal, signal_id: int, reporter) -> None:
        times = history_times(item, self.now)
        reporter_id = reporter.id if reporter else None
        self.events.append(
            (signal_id, self.datetime(times[0]), reporter_id, SignalEvent.Kind.CREATED, "", workflow.RECEIVED, "[]", "")
        )
        actor = self.context.actors[item.organisation]
        previous = workflow.RECEIVED
        for status, at in zip(item.statuses, times[1:], strict=True):
            self.events.append(
                (
                    signal_id,
                    self.datetime(at),
                    actor.id if actor else None,
                    SignalEvent.Kind.STATUS,
                    previous,
                    status,
                    "[]",
                    "",
                )
            )
            previous = status

    def write(self, number: int) -> None:
        """Insert every row of the batch and its one audit event (the caller holds the transaction)."""
        person_ids = reserve_ids(InvolvedPerson, len(self._person_data))
        for person_id, (signal_id, person) in zip(person_ids, self._person_data, strict=True):
            self.persons.append(person_row(person_id, signal_id, person))
            self.identifiers += identifier_rows(signal_id, person_id, person.identifiers)
        insert_rows(Signal, SIGNAL_COLUMNS, self.signals)
        insert_rows(Signal.forms.through, LINK_COLUMNS, self.forms)
        insert_rows(Signal.indicators.through, LINK_COLUMNS, self.indicators)
        insert_rows(InvolvedPerson, PERSON_COLUMNS, self.persons)
        insert_rows(Identifier, IDENTIFIER_COLUMNS, self.identifiers)
        insert_rows(SignalEvent, EVENT_COLUMNS, self.events)
        audit_record(
            actor=None,
            action=Action.CREATE,
            object_type="signals.signal",
            object_id=f"{self.signals[0][0]}-{self.signals[-1][0]}",
            subjects=[subject_pseudonym("signal-person", person_id) for person_id in person_ids],
            purpose="statistics",
            reason=f"seed-demo batch {number}",
        )


def _seed_batch(first: int, size: int, number: int, now: datetime, context: SeedContext, lookups: _Lookups) -> int:
    items = [synthetic_signal(index, now=now) for index in range(first, first + size)]
    with transaction.atomic():
        batch = _Batch(lookups, context, now)
        for item, signal_id in zip(items, reserve_ids(Signal, size), strict=True):
            batch.add(item, signal_id)
        batch.write(number)
    return size


# What a worker process loads once (it cannot share the parent's connection or objects).
_worker_state: dict = {}


def _worker_start() -> None:
    _worker_state["context"] = SeedContext.load()
    _worker_state["lookups"] = _Lookups.load()


def _worker_batch(first: int, size: int, number: int, now: datetime) -> int:
    return _seed_batch(first, size, number, now, _worker_state["context"], _worker_state["lookups"])


def seed_in_bulk(
    *,
    start: int,
    count: int,
    now: datetime,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write synthetic signals number `start` to `start + count - 1`, one transaction per batch (a crash loses only
    the batches in progress; running again tops up). With `workers` > 1 (PostgreSQL only), batches are written by
    that many processes at once, each with its own connection. Returns how many were written."""
    batches = [
        (start + offset, min(batch_size, count - offset), number)
        for number, offset in enumerate(range(0, count, batch_size), start=1)
    ]
    done = 0
    # Worker processes need their own connections: only on PostgreSQL, and not inside a caller's transaction.
    if workers <= 1 or len(batches) == 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        context, lookups = SeedContext.load(), _Lookups.load()
        for first, size, number in batches:
            done += _seed_batch(first, size, number, now, context, lookups)
            if progress:
                progress(done)
        return done
    # Children are forked: close our connection first, or parent and children would talk over one socket.
    connections.close_all()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=_worker_start)
    with pool:
        futures = [pool.submit(_worker_batch, first, size, number, now) for first, size, number in batches]
        for future in as_completed(futures):
            done += future.result()
            if progress:
                progress(done)
    return done
