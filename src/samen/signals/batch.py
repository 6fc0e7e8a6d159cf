"""Submitting many signals at once, for bulk imports (decision 0012).

Each row is checked exactly as `signal_submit` checks it: the same validation, vocabulary, triage and normalisation,
imported from there. The valid rows of a batch are then written together: per table one COPY (PostgreSQL) or one
executemany (SQLite) of plain tuples for the whole batch, instead of some twenty statements and a savepoint per
signal. What is written is what `signal_submit` writes: the signal with its reference, forms, indicators, persons,
identifiers, the first history row, and one audit event per signal with the same content.
tests/signals/test_batch.py holds the two paths to the same rows.

Imports carry no attachments, and nothing else follows a submission: duplicate hints are read from the identifiers'
digests when a signal is shown.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from samen.accounts.models import Organisation
from samen.audit.models import Action
from samen.audit.services import audit_record_many
from samen.bulk import insert_rows, reserve_ids
from samen.geo.services import UnknownMunicipality
from samen.taxonomy.models import Term
from samen.taxonomy.selectors import vocabulary_current

from . import workflow
from .errors import SignalInvalid
from .identifiers import normalise
from .inputs import PersonInput, SignalInput
from .models import Identifier, InvolvedPerson, Signal, SignalEvent
from .services import _assessed, _municipality, _persons_pseudonyms, _Resolver, _validate

_UNKNOWN = object()  # a municipality that is not there, remembered for the rest of the batch

# The columns written per table, in the order of the tuples built below (a test holds them to the models).
SIGNAL_COLUMNS = (
    "id",
    "reference",
    "source_type_id",
    "channel",
    "organisation_id",
    "reporter_id",
    "received_at",
    "observed_on",
    "municipality_id",
    "place_type_id",
    "account",
    "immediate_danger",
    "minor_involved",
    "urgency",
    "triage",
    "own_reference",
    "status",
    "vocabulary_version_id",
)
LINK_COLUMNS = ("signal_id", "term_id")
PERSON_COLUMNS = (
    "id",
    "signal_id",
    "role",
    "name",
    "alias",
    "date_of_birth",
    "estimated_age",
    "gender",
    "nationality",
    "languages",
)
IDENTIFIER_COLUMNS = ("signal_id", "person_id", "kind", "value", "normalised", "is_valid", "problem", "digest")
EVENT_COLUMNS = ("signal_id", "at", "by_id", "kind", "from_status", "to_status", "fields", "text")


@dataclass
class BatchOutcome:
    """What became of each row, by its position in the batch."""

    signal_ids: dict[int, int] = field(default_factory=dict)
    invalid: dict[int, SignalInvalid] = field(default_factory=dict)
    # Rows the database refused (a value its column cannot hold): not stored, the rest of the batch is.
    refused: list[int] = field(default_factory=list)


@dataclass
class _Valid:
    """A row that passed the checks: its signal's columns (all but id and reference), ready for the database."""

    position: int
    data: SignalInput
    signal: tuple
    received_at: datetime
    forms: list[Term]
    indicators: list[Term]


class _Checker:
    """Checks rows against one vocabulary version, looking each municipality up once per batch: the lookup costs
    more than every other check of a row together."""

    def __init__(self):
        self.version = vocabulary_current()
        self._municipalities: dict[str, object] = {}

    def _municipality(self, value: str):
        """As `_municipality`, from the batch's cache: raises UnknownMunicipality, returns None when not given."""
        if value not in self._municipalities:
            try:
                self._municipalities[value] = _municipality(value)
            except UnknownMunicipality:
                self._municipalities[value] = _UNKNOWN
        found = self._municipalities[value]
        if found is _UNKNOWN:
            raise UnknownMunicipality(value)
        return found

    def check(self, data: SignalInput) -> None:
        """Raise SignalInvalid as `signal_submit` would for `data`."""
        _validate(data, _Resolver(self.version), find_municipality=self._municipality)

    def prepare(self, position: int, data: SignalInput, organisation, channel: str, reporter) -> _Valid:
        """The signal `signal_submit` would create for `data`, not yet written. Raises SignalInvalid."""
        resolver = _Resolver(self.version)
        resolved = _validate(data, resolver, find_municipality=self._municipality)
        forms, minor, urgency, explanation = _assessed(data, resolver, resolved)
        ops = connection.ops
        received_at = timezone.now()
        municipality, place_type = resolved.get("municipality"), resolved["place_type"]
        signal = (
            resolved["source_type"].pk,
            channel,
            organisation.pk,
            reporter.pk if reporter else None,
            ops.adapt_datetimefield_value(received_at),
            ops.adapt_datefield_value(data.observed_on),
            municipality.pk if municipality else None,
            place_type.pk if place_type else None,
            data.account.strip(),
            data.immediate_danger,
            "yes" if minor and data.minor_involved != "no" else data.minor_involved,
            urgency,
            json.dumps(explanation),
            data.own_reference.strip(),
            workflow.RECEIVED,
            self.version.pk,
        )
        return _Valid(position, data, signal, received_at, list(forms.values()), resolved["indicators"])


def person_row(person_id: int, signal_id: int, person: PersonInput) -> tuple:
    """The PERSON_COLUMNS tuple of an involved person, trimmed as signal_submit stores it."""
    return (
        person_id,
        signal_id,
        person.role,
        person.name.strip(),
        person.alias.strip(),
        connection.ops.adapt_datefield_value(person.date_of_birth),
        person.estimated_age,
        person.gender,
        person.nationality.strip(),
        person.languages.strip(),
    )


def identifier_rows(signal_id: int, person_id: int | None, pairs) -> list[tuple]:
    """IDENTIFIER_COLUMNS tuples for (kind, value) pairs, each normalised (or flagged) as signal_submit does."""
    rows = []
    for kind, value in pairs:
        result = normalise(kind, value)
        rows.append(
            (
                signal_id,
                person_id,
                kind,
                result.value,
                result.normalised,
                result.is_valid,
                result.problem,
                result.digest,
            )
        )
    return rows


def _write(rows: list[_Valid], reporter) -> list[int]:
    """Insert what signal_submit inserts for each row, table by table for the whole batch, as plain tuples: model
    instances and Django's INSERTs cost nearly twice as much on PostgreSQL and five times as much on SQLite
    (decision 0012). Returns the signals' ids."""
    ops = connection.ops
    now = timezone.now()
    signal_ids = reserve_ids(Signal, len(rows))
    person_ids = iter(reserve_ids(InvolvedPerson, sum(len(row.data.persons) for row in rows)))
    signals, forms, indicators, persons, identifiers, events, audit = [], [], [], [], [], [], []
    for row, pk in zip(rows, signal_ids, strict=True):
        # The number comes from the row id, so concurrent submissions never compete for a counter.
        signals.append((pk, f"S-{row.received_at:%Y}-{pk:06d}", *row.signal))
        # A code given twice is one link, as in signal_submit.
        forms += [(pk, term.pk) for term in dict.fromkeys(row.forms)]
        indicators += [(pk, term.pk) for term in dict.fromkeys(row.indicators)]
        identifiers += identifier_rows(pk, None, row.data.identifiers)
        mine = []
        for person in row.data.persons:
            mine.append(person_id := next(person_ids))
            persons.append(person_row(person_id, pk, person))
            identifiers += identifier_rows(pk, person_id, person.identifiers)
        events.append(
            (
                pk,
                ops.adapt_datetimefield_value(now),
                reporter.pk if reporter else None,
                SignalEvent.Kind.CREATED,
                "",
                workflow.RECEIVED,
                "[]",
                "",
            )
        )
        audit.append(
            {
                "actor": reporter,
                "action": Action.CREATE,
                "object_type": "signals.signal",
                "object_id": pk,
                "subjects": _persons_pseudonyms(mine),
                "purpose": "signal-intake",
            }
        )
    insert_rows(Signal, SIGNAL_COLUMNS, signals)
    insert_rows(Signal.forms.through, LINK_COLUMNS, forms)
    insert_rows(Signal.indicators.through, LINK_COLUMNS, indicators)
    insert_rows(InvolvedPerson, PERSON_COLUMNS, persons)
    insert_rows(Identifier, IDENTIFIER_COLUMNS, identifiers)
    insert_rows(SignalEvent, EVENT_COLUMNS, events)
    audit_record_many(audit)
    return signal_ids


@transaction.atomic
def signals_submit_batch(
    *, rows: Sequence[SignalInput], organisation: Organisation, channel: str, reporter=None
) -> BatchOutcome:
    """Store the valid ones of `rows` as `signal_submit` would store each (same checks, triage, normalisation,
    history row and audit event), written together in the caller's transaction. A row that fails the checks is not
    stored and its SignalInvalid is in `invalid`; should the database refuse the batch, it is written again row by
    row and only the rows it still refuses are left out (`refused`)."""
    outcome = BatchOutcome()
    checker = _Checker()
    valid = []
    for position, data in enumerate(rows):
        try:
            valid.append(checker.prepare(position, data, organisation, channel, reporter))
        except SignalInvalid as error:
            outcome.invalid[position] = error
    if not valid:
        return outcome
    try:
        with transaction.atomic():
            ids = _write(valid, reporter)
        outcome.signal_ids = {row.position: pk for row, pk in zip(valid, ids, strict=True)}
    except (DataError, IntegrityError):
        for row in valid:
            try:
                with transaction.atomic():
                    outcome.signal_ids[row.position] = _write([row], reporter)[0]
            except (DataError, IntegrityError):
                outcome.refused.append(row.position)
    return outcome


def signals_validate_batch(*, rows: Sequence[SignalInput]) -> dict[int, SignalInvalid]:
    """Why each row that `signal_submit` would refuse is refused, by its position; stores nothing (for the check
    pass of an all-or-nothing import)."""
    checker = _Checker()
    invalid = {}
    for position, data in enumerate(rows):
        try:
            checker.check(data)
        except SignalInvalid as error:
            invalid[position] = error
    return invalid
