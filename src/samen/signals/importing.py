"""Bulk import of signals from CSV and JSON Lines, shared by `samen import signals` and the import API.

The file is streamed: rows are read and stored in batches of `batch_size`, so memory stays flat however large the
file is. Each row goes through the same checks as an API body (the API serializer) and then through the batch path
(`batch.signals_submit_batch`), which checks, triages and stores each row exactly as `signal_submit` does, but
writes the rows of a batch together. Two modes:

- all-or-nothing: a first pass checks every row; only when none fails does a second pass store them all, in
  one transaction. A failure in the second pass (the vocabulary changed in between, or the database refuses a
  row) rolls everything back and reports that row.
- accept-valid: each batch is stored in its own transaction; invalid rows are reported and skipped.

Row numbers are line numbers for JSON Lines, and for CSV the row a spreadsheet shows (the header is row 1).
"""

import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation

from .api.serializers import BodyInvalid, Problem, problems_from_service, safe_name, signal_input_from
from .batch import signals_submit_batch, signals_validate_batch
from .inputs import SignalInput
from .models import Channel

ALL_OR_NOTHING = "all-or-nothing"
ACCEPT_VALID = "accept-valid"
MODES = (ALL_OR_NOTHING, ACCEPT_VALID)
FORMATS = ("csv", "jsonl")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl"}
BATCH_SIZE = 500
MAX_LINE = 1_000_000  # bytes in one JSON Lines row; an API body may be 2.5 MB, a row holds one signal
MAX_REPORTED_ERRORS = 1000
LIST_SEPARATOR = "|"  # several values in one CSV cell: "sexual|labour"

FLAT_COLUMNS = (
    "source_type",
    "account",
    "forms",
    "indicators",
    "municipality",
    "place_type",
    "observed_on",
    "immediate_danger",
    "minor_involved",
    "own_reference",
)
PERSON_COLUMNS = {
    "victim": ("possible-victim", ("victim_name", "victim_estimated_age", "victim_phone")),
    "perpetrator": ("possible-perpetrator", ("perpetrator_name", "perpetrator_phone")),
}
IDENTIFIER_COLUMNS = ("plate", "iban", "handle", "url")
CSV_COLUMNS = (
    *FLAT_COLUMNS,
    *(column for _role, columns in PERSON_COLUMNS.values() for column in columns),
    *IDENTIFIER_COLUMNS,
)
REQUIRED_CSV_COLUMNS = ("source_type", "account")
# Spreadsheets made in Dutch often say ja/nee.
YES_NO = {"ja": "yes", "nee": "no", "onbekend": "unknown"}
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")

MESSAGES = {
    "invalid_json": _("This line is not valid JSON."),
    "invalid_encoding": _("This line is not valid UTF-8 text."),
    "line_too_long": _("This line is longer than 1 MB."),
    "invalid_csv": _("This row cannot be read as CSV."),
    "unknown_column": _("This column is not known."),
    "missing_column": _("This column is required."),
    "duplicate_column": _("This column appears twice."),
    "unknown_format": _("Use a CSV (.csv) or JSON Lines (.jsonl) file."),
    "unknown_mode": _("Choose all-or-nothing or accept-valid."),
    "empty_file": _("The file has no header row."),
    "not_stored": _("The database refused this row."),
}


class ImportRefused(ValueError):
    """The file as a whole cannot be imported (unknown format, bad header): nothing was read or stored."""

    def __init__(self, code: str, field: str = "file", detail: str = ""):
        self.code, self.field = code, field
        self.message = str(MESSAGES[code]) + (f" ({detail})" if detail else "")
        super().__init__(self.message)


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"row {self.row}: {where}{self.code} ({self.message})"


@dataclass
class ImportReport:
    mode: str
    format: str
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    stored: bool = True
    errors: list[RowError] = field(default_factory=list)
    errors_omitted: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Row:
    number: int
    data: SignalInput | None
    errors: list[RowError]
    # For CSV: which column each field path came from, so errors name the column the user typed in.
    origin: dict[str, str] = field(default_factory=dict)
    position: int | None = None  # bytes read so far, for a progress bar

    def problems_to_errors(self, problems: list[Problem]) -> list[RowError]:
        return [RowError(self.number, self._column(p.field), p.code, p.message) for p in problems]

    def _column(self, path: str) -> str:
        best = ""
        for prefix in self.origin:
            if (path == prefix or path.startswith(prefix + ".")) and len(prefix) > len(best):
                best = prefix
        return self.origin[best] if best else path


def format_for(name: str, explicit: str | None = None) -> str:
    """The file format: as given, or from the file name's extension."""
    if explicit:
        if explicit not in FORMATS:
            raise ImportRefused("unknown_format", "format")
        return explicit
    lowered = (name or "").lower()
    for extension, fmt in EXTENSIONS.items():
        if lowered.endswith(extension):
            return fmt
    raise ImportRefused("unknown_format")


def _position(stream) -> int | None:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return None


def _row_from_body(number: int, body: object, origin: dict[str, str] | None = None) -> Row:
    row = Row(number, None, [], origin or {})
    try:
        row.data = signal_input_from(body)
    except BodyInvalid as error:
        row.errors = row.problems_to_errors(error.problems)
    return row


def _error_row(number: int, code: str) -> Row:
    return Row(number, None, [RowError(number, "", code, str(MESSAGES[code]))])


# JSON Lines


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for every line; None for a line over MAX_LINE, which is skipped without holding it."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        yield number, line


def _jsonl_rows(stream: BinaryIO) -> Iterator[Row]:
    for number, line in _lines(stream):
        if line is None:
            row = _error_row(number, "line_too_long")
        elif not line.strip():
            continue  # blank lines are not rows
        else:
            try:
                body = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                row = _error_row(number, "invalid_encoding")
            except (ValueError, RecursionError):
                row = _error_row(number, "invalid_json")
            else:
                row = _row_from_body(number, body)
        row.position = _position(stream)
        yield row


# CSV


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _csv_body(cells: dict[str, str]) -> tuple[dict, dict[str, str]]:
    """A CSV row in the API body's shape, and the column each part of it came from."""
    body: dict = {}
    origin: dict[str, str] = {}
    for column in ("source_type", "account", "municipality", "place_type", "own_reference"):
        if column in cells:
            body[column] = cells[column]
    for column in ("forms", "indicators"):
        if cells.get(column, "").strip():
            body[column] = _split(cells[column])
    observed = cells.get("observed_on", "").strip()
    if observed:
        match = DUTCH_DATE.match(observed)
        body["observed_on"] = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else observed
    for column in ("immediate_danger", "minor_involved"):
        value = cells.get(column, "").strip()
        if value:
            body[column] = YES_NO.get(value.lower(), value)
    persons = []
    for prefix, (role, columns) in PERSON_COLUMNS.items():
        if not any(cells.get(column, "").strip() for column in columns):
            continue
        path = f"persons.{len(persons)}"
        person: dict = {"role": role}
        if cells.get(f"{prefix}_name", "").strip():
            person["name"] = cells[f"{prefix}_name"]
            origin[f"{path}.name"] = f"{prefix}_name"
        if cells.get(f"{prefix}_estimated_age", "").strip():
            person["estimated_age"] = cells[f"{prefix}_estimated_age"].strip()
            origin[f"{path}.estimated_age"] = f"{prefix}_estimated_age"
        phones = _split(cells.get(f"{prefix}_phone", ""))
        if phones:
            person["identifiers"] = [{"kind": "phone", "value": phone} for phone in phones]
            origin[f"{path}.identifiers"] = f"{prefix}_phone"
        origin.setdefault(path, f"{prefix}_name")
        persons.append(person)
    if persons:
        body["persons"] = persons
    identifiers = []
    for column in IDENTIFIER_COLUMNS:
        for value in _split(cells.get(column, "")):
            origin[f"identifiers.{len(identifiers)}"] = column
            identifiers.append({"kind": column, "value": value})
    if identifiers:
        body["identifiers"] = identifiers
    return body, origin


def _csv_header(text) -> tuple[list[str], str]:
    first = text.readline()
    if not first.strip():
        raise ImportRefused("empty_file")
    # Spreadsheets set to Dutch write semicolons between cells.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter))
    columns = [safe_name(column.strip().lower()) for column in header]
    for column in columns:
        if column not in CSV_COLUMNS:
            raise ImportRefused("unknown_column", column or "file", column)
        if columns.count(column) > 1:
            raise ImportRefused("duplicate_column", column, column)
    for column in REQUIRED_CSV_COLUMNS:
        if column not in columns:
            raise ImportRefused("missing_column", column, column)
    return columns, delimiter


def _csv_rows(stream: BinaryIO) -> Iterator[Row]:
    # Bytes that are not UTF-8 become lone surrogates, which the serializer refuses per field ("invalid_characters"):
    # one bad cell costs one row, not the whole file.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        columns, delimiter = _csv_header(text)
        reader = csv.reader(text, delimiter=delimiter)
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                row = _error_row(number, "invalid_csv")
            else:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(columns):
                    row = _error_row(number, "invalid_csv")
                else:
                    body, origin = _csv_body(dict(zip(columns, cells, strict=True)))
                    row = _row_from_body(number, body, origin)
            row.position = _position(stream)
            yield row
    finally:
        text.detach()  # leave the caller's stream open: all-or-nothing reads it twice


def read_rows(stream: BinaryIO, fmt: str) -> Iterator[Row]:
    """The rows of a CSV or JSON Lines file, one at a time, each with its input or its errors."""
    if fmt == "csv":
        return _csv_rows(stream)
    if fmt == "jsonl":
        return _jsonl_rows(stream)
    raise ImportRefused("unknown_format", "format")


# Storing


class _Collector:
    def __init__(self, report: ImportReport, max_errors: int, on_error: Callable[[RowError], None] | None):
        self.report, self.max_errors, self.on_error = report, max_errors, on_error

    def reject(self, errors: list[RowError]) -> None:
        self.report.rejected += 1
        for error in errors:
            if len(self.report.errors) < self.max_errors:
                self.report.errors.append(error)
            else:
                self.report.errors_omitted += 1
            if self.on_error:
                self.on_error(error)


class _SecondPassFailed(Exception):
    pass


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _store(batch: list[Row], organisation: Organisation, actor) -> dict[int, list[RowError]]:
    """Store the readable rows of `batch` together; the errors of every row not stored, by its place in `batch`."""
    readable = [index for index, row in enumerate(batch) if not row.errors]
    outcome = signals_submit_batch(
        rows=[batch[index].data for index in readable],
        organisation=organisation,
        channel=Channel.IMPORT,
        reporter=actor,
    )
    failed = {index: row.errors for index, row in enumerate(batch) if row.errors}
    for position, error in outcome.invalid.items():
        row = batch[readable[position]]
        failed[readable[position]] = row.problems_to_errors(problems_from_service(error))
    for position in outcome.refused:
        row = batch[readable[position]]
        failed[readable[position]] = [RowError(row.number, "", "not_stored", str(MESSAGES["not_stored"]))]
    return failed


def _check(batch: list[Row]) -> None:
    """Add to each readable row of `batch` the errors storing it would raise."""
    readable = [row for row in batch if not row.errors]
    for position, error in signals_validate_batch(rows=[row.data for row in readable]).items():
        readable[position].errors = readable[position].problems_to_errors(problems_from_service(error))


def signals_import(
    *,
    stream: BinaryIO,
    fmt: str,
    mode: str,
    organisation: Organisation,
    actor=None,
    batch_size: int = BATCH_SIZE,
    max_errors: int = MAX_REPORTED_ERRORS,
    on_error: Callable[[RowError], None] | None = None,
    on_progress: Callable[[str, int | None], None] | None = None,
) -> ImportReport:
    """Import the signals in `stream` (binary, seekable for all-or-nothing) for `organisation`; `actor` is the
    importing account (reporter and audit actor), or None for an operator's import. Every row stored gets its own
    audit event. Rows are read and stored `batch_size` at a time; `on_progress(phase, bytes_read)` is called for
    every row once its batch is done, and `on_error` for every error in row order."""
    if mode not in MODES:
        raise ImportRefused("unknown_mode", "mode")
    report = ImportReport(mode=mode, format=fmt)
    collector = _Collector(report, max_errors, on_error)

    def progress(phase: str, row: Row) -> None:
        if on_progress:
            on_progress(phase, row.position)

    if mode == ACCEPT_VALID:
        for batch in _batches(read_rows(stream, fmt), batch_size):
            # One transaction per batch: a crash loses at most the batch in progress.
            with transaction.atomic():
                failed = _store(batch, organisation, actor)
            for index, row in enumerate(batch):
                report.rows += 1
                if index in failed:
                    collector.reject(failed[index])
                else:
                    report.accepted += 1
                progress("import", row)
        return report

    for batch in _batches(read_rows(stream, fmt), batch_size):
        _check(batch)
        for row in batch:
            report.rows += 1
            if row.errors:
                collector.reject(row.errors)
            progress("validate", row)
    if report.rejected:
        report.stored = False
        return report
    stream.seek(0)
    try:
        with transaction.atomic():
            for batch in _batches(read_rows(stream, fmt), batch_size):
                failed = _store(batch, organisation, actor)
                # As when storing row by row: stop at the first row that fails (the vocabulary changed since the
                # check, or the database refused it) and report that row.
                first = min(failed, default=len(batch))
                for row in batch[:first]:
                    report.accepted += 1
                    progress("import", row)
                if failed:
                    collector.reject(failed[first])
                    raise _SecondPassFailed
    except _SecondPassFailed:
        report.accepted = 0
        report.stored = False
    return report
