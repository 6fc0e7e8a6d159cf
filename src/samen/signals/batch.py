"""Submitting many signals at once, for bulk imports (decision 0012).

Each row is checked exactly as `signal_submit` checks it: the same validation, vocabulary, triage and normalisation,
imported from there. The valid rows of a batch are then written together, a few statements per table for the whole
batch instead of some twenty statements and a savepoint per signal: signals with their reference, forms, indicators,
persons, identifiers, the first history row, and one audit event per signal with the content `signal_submit` gives
it. tests/signals/test_batch.py holds the two paths to the same rows.

Imports carry no attachments, and nothing else follows a submission: duplicate hints are read from the identifiers'
digests when a signal is shown.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.db import DataError, IntegrityError, connection, transaction

from samen.accounts.models import Organisation
from samen.audit.models import Action
from samen.audit.services import audit_record_many
from samen.geo.services import UnknownMunicipality
from samen.taxonomy.models import Term
from samen.taxonomy.selectors import vocabulary_current

from . import workflow
from .errors import SignalInvalid
from .inputs import SignalInput
from .models import Identifier, InvolvedPerson, Signal, SignalEvent
from .services import _identifier_rows, _is_minor, _municipality, _persons_pseudonyms, _Resolver, _validate
from .triage import triage

_UNKNOWN = object()  # a municipality that is not there, remembered for the rest of the batch


@dataclass
class BatchOutcome:
    """What became of each row, by its position in the batch."""

    signal_ids: dict[int, int] = field(default_factory=dict)
    invalid: dict[int, SignalInvalid] = field(default_factory=dict)
    # Rows the database refused (a value its column cannot hold): not stored, the rest of the batch is.
    refused: list[int] = field(default_factory=list)


@dataclass
class _Valid:
    position: int
    data: SignalInput
    signal: Signal
    forms: list[Term]
    indicators: list[Term]


class _Checker:
    """Checks rows against one vocabulary version, looking each municipality up once per batch: the lookup costs
    more than every other check of a row together."""

    def __init__(self):
        self.version = vocabulary_current()
        self._municipalities: dict[str, object] = {}

    def _municipality(self, value: str):
        if value not in self._municipalities:
            try:
                self._municipalities[value] = _municipality(value)
            except UnknownMunicipality:
                self._municipalities[value] = _UNKNOWN
        return self._municipalities[value]

    def check(self, data: SignalInput) -> tuple[_Resolver, dict]:
        """`_validate`'s resolver and resolved objects for `data`; raises SignalInvalid as `_validate` does."""
        resolver = _Resolver(self.version)
        municipality = self._municipality(data.municipality)
        if municipality is _UNKNOWN:
            # The error path: let _validate look it up itself, so the error sits among the row's other errors
            # exactly where signal_submit reports it.
            return resolver, _validate(data, resolver)
        # _validate reads the municipality from nothing else: without it, it skips only the lookup.
        resolved = _validate(replace(data, municipality=""), resolver)
        resolved["municipality"] = municipality
        return resolver, resolved

    def prepare(self, position: int, data: SignalInput, organisation, channel: str, reporter) -> _Valid:
        """The signal `signal_submit` would create for `data` (not yet saved). Raises SignalInvalid."""
        resolver, resolved = self.check(data)
        forms = {term.code: term for term in resolved["forms"]}
        for indicator in resolved["indicators"]:
            # An observed indicator implies its form is suspected, even if the reporter did not tick it.
            forms.setdefault(indicator.parent_code, resolver.terms[("exploitation_form", indicator.parent_code)])
        minor = _is_minor(data)
        urgency, explanation = triage(
            vocabulary_version=self.version.version,
            indicators=[(term.parent_code, term.code) for term in resolved["indicators"]],
            immediate_danger=data.immediate_danger,
            minor_involved=minor,
        )
        signal = Signal(
            source_type=resolved["source_type"],
            channel=channel,
            organisation=organisation,
            reporter=reporter,
            observed_on=data.observed_on,
            municipality=resolved.get("municipality"),
            place_type=resolved["place_type"],
            account=data.account.strip(),
            immediate_danger=data.immediate_danger,
            minor_involved="yes" if minor and data.minor_involved != "no" else data.minor_involved,
            urgency=urgency,
            triage=explanation,
            own_reference=data.own_reference.strip(),
            vocabulary_version=self.version,
        )
        return _Valid(position, data, signal, list(forms.values()), resolved["indicators"])


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows of `model`, taken before inserting: a signal's reference is made from its
    id and written with the row, where signal_submit needs an UPDATE per signal. PostgreSQL hands out a block from
    the table's sequence (safe with concurrent writers); SQLite continues after the highest id ever used, under the
    write lock of the surrounding transaction (Samen opens SQLite transactions IMMEDIATE)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"batch submission supports PostgreSQL and SQLite, not {connection.vendor}")
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - table name from model meta
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        first = max(highest, row[0] if row else 0) + 1
        return list(range(first, first + count))


def _write(rows: list[_Valid], reporter) -> None:
    """Insert the rows of the batch, table by table, as signal_submit inserts them for one signal."""
    for row, pk in zip(rows, reserve_ids(Signal, len(rows)), strict=True):
        row.signal.pk = pk
        # The number comes from the row id, so concurrent submissions never compete for a counter.
        row.signal.reference = f"S-{row.signal.received_at:%Y}-{pk:06d}"
    Signal.objects.bulk_create([row.signal for row in rows])
    for relation in ("forms", "indicators"):
        link = getattr(Signal, relation).through
        link.objects.bulk_create(
            # A code given twice is one link, as in signal_submit.
            [link(signal=row.signal, term=term) for row in rows for term in dict.fromkeys(getattr(row, relation))]
        )
    persons = InvolvedPerson.objects.bulk_create(
        [
            InvolvedPerson(
                signal=row.signal,
                role=person.role,
                name=person.name.strip(),
                alias=person.alias.strip(),
                date_of_birth=person.date_of_birth,
                estimated_age=person.estimated_age,
                gender=person.gender,
                nationality=person.nationality.strip(),
                languages=person.languages.strip(),
            )
            for row in rows
            for person in row.data.persons
        ]
    )
    identifiers: list[Identifier] = []
    subjects = []
    stored = iter(persons)
    for row in rows:
        mine = [next(stored) for _person in row.data.persons]
        identifiers += _identifier_rows(row.signal, None, row.data.identifiers)
        for person, person_data in zip(mine, row.data.persons, strict=True):
            identifiers += _identifier_rows(row.signal, person, person_data.identifiers)
        subjects.append(_persons_pseudonyms(person.pk for person in mine))
    Identifier.objects.bulk_create(identifiers)
    SignalEvent.objects.bulk_create(
        [
            SignalEvent(signal=row.signal, by=reporter, kind=SignalEvent.Kind.CREATED, to_status=workflow.RECEIVED)
            for row in rows
        ]
    )
    audit_record_many(
        {
            "actor": reporter,
            "action": Action.CREATE,
            "object_type": "signals.signal",
            "object_id": row.signal.pk,
            "subjects": row_subjects,
            "purpose": "signal-intake",
        }
        for row, row_subjects in zip(rows, subjects, strict=True)
    )


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
            _write(valid, reporter)
    except (DataError, IntegrityError):
        for row in valid:
            try:
                with transaction.atomic():
                    _write([row], reporter)  # with new ids
            except (DataError, IntegrityError):
                outcome.refused.append(row.position)
    outcome.signal_ids = {row.position: row.signal.pk for row in valid if row.position not in outcome.refused}
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
