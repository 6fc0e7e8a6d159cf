"""Loading the postcode areas (PC4) and the municipality each lies in (`samen load-postcodes FILE`).

Two formats are read, told apart by their header (docs/operations.md says where to get the file):

- CBS's "Buurt, wijk en gemeente <year> voor postcode huisnummer", file ``pc6hnr<year>0801_gwb.csv``: one row per
  address, separated by semicolons, with the columns ``PC6;Huisnummer;Buurt<year>;Wijk<year>;Gemeente<year>``
  (e.g. ``1011AB;1;03630000;036300;0363``). Only PC6 and Gemeente<year> are read. An area's municipality is the one
  with most of its addresses; an area with addresses in more than one municipality is marked split.
- A simple CSV with the header ``postcode4,gemeentecode`` (commas or semicolons), one row per area:
  ``1012,GM0363``.

The file is the whole mapping: a second run with the same file changes nothing, and areas missing from a newer file
are removed. Every row is checked; each problem names its line. By default nothing is loaded when any row has a
problem (all-or-nothing); accept-valid loads the valid rows.
"""

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Municipality, PostcodeArea
from .services import UnknownMunicipality, normalise_municipality_code

ALL_OR_NOTHING, ACCEPT_VALID = "all-or-nothing", "accept-valid"
MODES = (ALL_OR_NOTHING, ACCEPT_VALID)
CBS, SIMPLE = "cbs-pc6hnr", "postcode4-gemeentecode"
PROBLEMS_KEPT = 100  # a broken file may have millions of bad rows: keep the first ones, count them all
DELETE_BATCH = 500

_PC4 = re.compile(r"^[1-9]\d{3}$")
_PC6 = re.compile(r"^([1-9]\d{3}) ?[A-Za-z]{2}$")
_CBS_MUNICIPALITY = re.compile(r"^gemeente\d{4}$")


class PostcodeFileError(ValueError):
    """The file as a whole cannot be read: missing, an unknown header, or not one valid row."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class PostcodeLoadReport:
    format: str
    rows: int = 0
    areas: int = 0
    split: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    problem_count: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    loaded: bool = False

    def problem(self, line: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(RowProblem(line, message))

    def summary(self) -> str:
        if not self.loaded:
            return f"postcode areas: nothing loaded; {self.problem_count} rows with problems"
        text = (
            f"postcode areas ({self.format}): {self.areas} from {self.rows} rows, {self.split} split; "
            f"{self.created} new, {self.updated} changed, {self.unchanged} unchanged, {self.removed} removed"
        )
        return text + (f"; {self.problem_count} rows skipped" if self.problem_count else "")


def _open(path: Path):
    try:
        # utf-8-sig: a CSV saved by a spreadsheet starts with a byte-order mark.
        return path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as error:
        raise PostcodeFileError(f"{path.name}: cannot be read ({error.strerror})") from error


def _header(first_line: str) -> tuple[str, str, list[str]]:
    """(format, delimiter, lower-case column names) from the first line."""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    columns = [name.strip().lower() for name in next(csv.reader([first_line], delimiter=delimiter), [])]
    if {"postcode4", "gemeentecode"} <= set(columns):
        return SIMPLE, delimiter, columns
    if "pc6" in columns and any(_CBS_MUNICIPALITY.match(name) for name in columns):
        return CBS, delimiter, columns
    raise PostcodeFileError(
        "unknown header: expected 'postcode4,gemeentecode' or CBS's 'PC6;Huisnummer;Buurt<year>;Wijk<year>;"
        "Gemeente<year>'"
    )


def _municipality(value: str, current: dict[str, int]) -> int | None:
    try:
        code = normalise_municipality_code(value)
    except UnknownMunicipality:
        return None
    return current.get(code)


def _read(path: Path, report: PostcodeLoadReport, current: dict[str, int]) -> dict[str, Counter]:
    """Per area, how many rows (addresses) lie in each municipality (by primary key)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    first_line_of: dict[str, int] = {}
    with _open(path) as handle:
        report.format, delimiter, columns = _header(handle.readline())
        postcode_column = "postcode4" if report.format == SIMPLE else "pc6"
        municipality_column = (
            "gemeentecode"
            if report.format == SIMPLE
            else next(name for name in columns if _CBS_MUNICIPALITY.match(name))
        )
        pattern = _PC4 if report.format == SIMPLE else _PC6
        for line, row in enumerate(csv.reader(handle, delimiter=delimiter), start=2):
            if not any(cell.strip() for cell in row):
                continue
            report.rows += 1
            if len(row) != len(columns):
                report.problem(line, f"expected {len(columns)} columns, found {len(row)}")
                continue
            values = dict(zip(columns, (cell.strip() for cell in row), strict=True))
            postcode, code = values[postcode_column], values[municipality_column]
            match = pattern.match(postcode)
            if match is None:
                expected = "four digits, 1000 to 9999" if report.format == SIMPLE else "four digits and two letters"
                report.problem(line, f"{postcode_column} {postcode[:20]!r} is not a postcode ({expected})")
                continue
            municipality = _municipality(code, current)
            if municipality is None:
                report.problem(line, f"{municipality_column} {code[:20]!r} is not a current municipality")
                continue
            area = postcode[:4]
            if report.format == SIMPLE and counts[area] and municipality not in counts[area]:
                earlier = first_line_of[area]
                report.problem(line, f"postcode4 {area} already has another municipality on line {earlier}")
                continue
            first_line_of.setdefault(area, line)
            counts[area][municipality] += 1
    return counts


def _choose(counts: Counter) -> tuple[int, bool]:
    """The municipality with most addresses (ties: the lowest key, so every run chooses the same) and whether the
    area is split."""
    municipality = min(counts, key=lambda key: (-counts[key], key))
    return municipality, len(counts) > 1


def postcodes_load(*, path: Path, mode: str = ALL_OR_NOTHING) -> PostcodeLoadReport:
    """Read and check the file, then bring the postcode areas in line with it in one transaction. In
    all-or-nothing mode a single problem row leaves the areas as they were. Raises PostcodeFileError when the file
    cannot be read at all or has no valid row."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    report = PostcodeLoadReport(format="")
    current = dict(Municipality.objects.filter(is_current=True).values_list("code", "pk"))
    counts = _read(path, report, current)
    if report.problem_count and mode == ALL_OR_NOTHING:
        return report
    if not counts:
        # An empty mapping would remove every area: refuse rather than silently switch postcodes off.
        raise PostcodeFileError(f"{path.name}: not one valid row, nothing loaded")
    wanted = {area: _choose(per_municipality) for area, per_municipality in counts.items()}
    _write(wanted, report)
    report.areas = len(wanted)
    report.split = sum(1 for _municipality_id, split in wanted.values() if split)
    report.loaded = True
    return report


@transaction.atomic
def _write(wanted: dict[str, tuple[int, bool]], report: PostcodeLoadReport) -> None:
    # Lock the rows: two loads at once would otherwise both create the same new areas.
    existing = {area.code: area for area in PostcodeArea.objects.select_for_update()}
    new, changed = [], []
    for code, (municipality_id, split) in sorted(wanted.items()):
        area = existing.get(code)
        if area is None:
            new.append(PostcodeArea(code=code, municipality_id=municipality_id, is_split=split))
        elif (area.municipality_id, area.is_split) != (municipality_id, split):
            area.municipality_id, area.is_split = municipality_id, split
            changed.append(area)
    PostcodeArea.objects.bulk_create(new, batch_size=1000)
    PostcodeArea.objects.bulk_update(changed, ["municipality", "is_split"], batch_size=1000)
    gone = [area.pk for code, area in existing.items() if code not in wanted]
    for start in range(0, len(gone), DELETE_BATCH):
        PostcodeArea.objects.filter(pk__in=gone[start : start + DELETE_BATCH]).delete()
    report.created, report.updated, report.removed = len(new), len(changed), len(gone)
    report.unchanged = len(wanted) - len(new) - len(changed)
