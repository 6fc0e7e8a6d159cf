"""Disclosure control for counts of people: no cell between 1 and the threshold minus one is shown ("<10"), and
secondary suppression makes sure no hidden cell can be worked out from the totals that are shown."""

import re
from dataclasses import dataclass, field

from django.conf import settings

SUPPRESSED = "<10"

# A small count (1-9, in digits or words) before a word for people, with at most two words in between
# ("5 minderjarige slachtoffers"). Free text is masked with it before it goes into a dashboard or the letter.
_PEOPLE = (
    r"(?:slachtoffers?|signalen|signaal|meldingen|melding|verdachten?|personen|persoon|mensen|minderjarigen?"
    r"|jongeren|kinderen|kind|vrouwen|mannen|meisjes|jongens|daders?|cliënten|clienten|deelnemers?|victims?"
    r"|suspects?|signals?|reports?|persons?|people)"
)
_SMALL_COUNT = re.compile(
    r"(?<![\d.,<])\b(?:[1-9]|twee|drie|vier|vijf|zes|zeven|acht|negen)\b(?![\d.,])"
    r"(?=(?:\s+[^\W\d_][\w-]*){0,2}?\s+" + _PEOPLE + r"\b)",
    re.IGNORECASE,
)


def mask_small_counts(text: str) -> str:
    """Free text with every small count of people replaced by "<10"."""
    return _SMALL_COUNT.sub(SUPPRESSED, text or "")


def threshold() -> int:
    return int(getattr(settings, "SAMEN_DISCLOSURE_THRESHOLD", 10))


def is_small(value: int | float | None) -> bool:
    return value is not None and 0 < value < threshold()


def count_display(value: int | float | None) -> str:
    """One count on its own: shown unless it is small."""
    if value is None:
        return "–"
    if is_small(value):
        return f"<{threshold()}"
    return f"{int(value):,}".replace(",", ".") if float(value).is_integer() else f"{value:,.1f}"


@dataclass
class Table:
    """A two-way table of counts with row, column and grand totals, and which of them are hidden."""

    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int]
    hidden: set = field(default_factory=set)  # keys (row, col); totals use ("__total__", col) and (row, "__total__")

    TOTAL = "__total__"

    def value(self, row: str, column: str) -> int:
        if row == self.TOTAL and column == self.TOTAL:
            return sum(self.cells.values())
        if row == self.TOTAL:
            return sum(self.cells.get((r, column), 0) for r in self.rows)
        if column == self.TOTAL:
            return sum(self.cells.get((row, c), 0) for c in self.columns)
        return self.cells.get((row, column), 0)

    def display(self, row: str, column: str) -> str:
        return f"<{threshold()}" if (row, column) in self.hidden else count_display(self.value(row, column))


def suppress(table: Table) -> Table:
    """Primary suppression of small cells and totals, then secondary suppression until every row and column that
    hides something hides at least two of its parts or its total, so subtraction reveals nothing."""
    rows = [*table.rows, Table.TOTAL]
    columns = [*table.columns, Table.TOTAL]
    hidden = {(r, c) for r in rows for c in columns if is_small(table.value(r, c))}
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]
        for line in lines:
            *parts, total = line
            hidden_parts = [key for key in parts if key in hidden]
            if len(hidden_parts) == 1 and total not in hidden:
                complement = _complement(table, [key for key in parts if key not in hidden])
                hidden.add(complement if complement is not None else total)
                changed = True
            elif total in hidden and len(hidden_parts) == 0 and any(table.value(*key) for key in parts):
                # A hidden total with all parts visible is just their sum: hide the two smallest parts too.
                for key in sorted(parts, key=lambda key: (table.value(*key) == 0, table.value(*key)))[:2]:
                    hidden.add(key)
                changed = True
    return Table(table.rows, table.columns, table.cells, hidden)


def _complement(table: Table, candidates: list) -> tuple | None:
    """The cell to hide besides a small one: the smallest non-zero cell (least information lost); a zero only when
    nothing else is left."""
    if not candidates:
        return None
    return min(candidates, key=lambda key: (table.value(*key) == 0, table.value(*key)))
