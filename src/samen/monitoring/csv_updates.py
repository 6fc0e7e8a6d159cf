"""Reading a CSV file of progress updates, as holders export it from a spreadsheet: UTF-8 or Windows-1252, comma,
semicolon or tab separated, a header row with the column names. Only reading and shape checks live here; what a
row means (which action, whether the person may report on it) is decided in services.py."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 1_000_000
MAX_ROWS = 1_000
REQUIRED = ("code", "period", "status", "percent_complete", "narrative")
OPTIONAL = ("evidence", "next_steps")
COLUMNS = REQUIRED + OPTIONAL

FILE_TOO_LARGE = _("The file is larger than 1 MB. Split it into smaller files.")
FILE_UNREADABLE = _("The file could not be read as text. Save it as CSV (UTF-8) and try again.")
FILE_EMPTY = _("The file is empty.")
FILE_NO_ROWS = _("The file holds no rows below the header.")
FILE_TOO_MANY_ROWS = _("The file holds more than 1,000 rows. Split it into smaller files.")
COLUMNS_MISSING = _("The header lacks the column(s): %(columns)s.")
COLUMNS_UNKNOWN = _("The header has unknown column(s): %(columns)s. Allowed: %(allowed)s.")
COLUMNS_TWICE = _("The header names a column twice: %(columns)s.")
ROW_TOO_WIDE = _("row %(row)s: the row has more cells than the header.")


class CSVShapeError(ValueError):
    """The file as a whole cannot be used; `messages` says why."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


def _text(file) -> str:
    raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise CSVShapeError([str(FILE_TOO_LARGE)])
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    if b"\x00" in raw:
        raise CSVShapeError([str(FILE_UNREADABLE)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Windows save "CSV" in Windows-1252 unless told otherwise.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise CSVShapeError([str(FILE_UNREADABLE)]) from error


def _delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def read_rows(file) -> list[Row]:
    text = _text(file)
    if not text.strip():
        raise CSVShapeError([str(FILE_EMPTY)])
    first_line = text.splitlines()[0]
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
        records = list(reader)
    except csv.Error as error:
        raise CSVShapeError([str(FILE_UNREADABLE)]) from error
    header = [cell.strip().lower().replace(" ", "_") for cell in records[0]]
    problems = []
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        problems.append(str(COLUMNS_MISSING % {"columns": ", ".join(missing)}))
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        problems.append(str(COLUMNS_UNKNOWN % {"columns": ", ".join(unknown), "allowed": ", ".join(COLUMNS)}))
    twice = sorted({column for column in header if column and header.count(column) > 1})
    if twice:
        problems.append(str(COLUMNS_TWICE % {"columns": ", ".join(twice)}))
    if problems:
        raise CSVShapeError(problems)
    rows = []
    for index, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            problems.append(str(ROW_TOO_WIDE % {"row": index}))
            continue
        rows.append(Row(index, {column: record[i] if i < len(record) else "" for i, column in enumerate(header)}))
        if len(rows) > MAX_ROWS:
            raise CSVShapeError([str(FILE_TOO_MANY_ROWS)])
    if problems:
        raise CSVShapeError(problems)
    if not rows:
        raise CSVShapeError([str(FILE_NO_ROWS)])
    return rows
