"""Statistics of the signals Samen received, as tables with primary and secondary suppression (disclosure.py): no
cell, row total, column total or grand total from 1 to 9 is shown, and no hidden cell can be worked out by
subtracting the visible cells of its row or column from their total.

Every number that leaves this module went through `suppress`. The tables aggregate over all organisations: they
answer "how much, where, what kind", never "who".
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext as _

from samen.geo.models import Region, RegionKind
from samen.signals.models import Signal
from samen.taxonomy.selectors import terms_current

from .disclosure import Table, suppress, threshold

UNKNOWN = "unknown"


@dataclass(frozen=True)
class StatisticsTable:
    slug: str
    title: str
    note: str
    row_label: str
    column_label: str
    rows: list[tuple[str, str]]  # (key, label)
    columns: list[tuple[str, str]]
    table: Table  # suppressed


def _complete(keys: list[tuple[str, str]], seen: set[str]) -> list[tuple[str, str]]:
    """The listed keys plus any key the data holds that the list lacks (a retired code, or unknown), so that every
    counted signal is in a row and a column and the totals are true."""
    listed = {key for key, _label in keys}
    extra = sorted(key for key in seen if key not in listed)
    return keys + [(key, _("unknown") if key == UNKNOWN else key) for key in extra]


def _signals(year: int):
    return Signal.objects.filter(received_at__year=year)


def signals_by_form_and_police_unit(year: int) -> StatisticsTable:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    rows = (
        _signals(year)
        .values("forms__code", "municipality__police_unit__code")
        .annotate(count=Count("id", distinct=True))
    )
    for row in rows:
        key = (row["forms__code"] or UNKNOWN, row["municipality__police_unit__code"] or UNKNOWN)
        counts[key] += row["count"]
    forms = _complete([(term.code, term.label) for term in terms_current("exploitation_form")], {f for f, _u in counts})
    units = [(region.code, region.name) for region in Region.objects.filter(kind=RegionKind.POLICE_UNIT)]
    units = _complete(units, {unit for _f, unit in counts})
    table = suppress(Table([code for code, _l in forms], [code for code, _l in units], dict(counts)))
    return StatisticsTable(
        slug="signals-by-form-and-police-unit",
        title=_("Signals received in %(year)s per exploitation form and police unit") % {"year": year},
        note=_(
            "A signal that names more than one form counts once in the row of each form, so the totals count "
            "form mentions. The police unit is that of the municipality where it was observed."
        ),
        row_label=_("exploitation form"),
        column_label=_("police unit"),
        rows=forms,
        columns=units,
        table=table,
    )


def signals_by_source_and_quarter(year: int) -> StatisticsTable:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    rows = (
        _signals(year)
        .annotate(quarter=ExtractQuarter("received_at"))
        .values("source_type__code", "quarter")
        .annotate(count=Count("id"))
    )
    for row in rows:
        counts[(row["source_type__code"], f"Q{row['quarter']}")] += row["count"]
    sources = _complete([(term.code, term.label) for term in terms_current("source_type")], {s for s, _q in counts})
    quarters = [(f"Q{number}", _("Q%(number)s") % {"number": number}) for number in range(1, 5)]
    table = suppress(Table([code for code, _l in sources], [code for code, _l in quarters], dict(counts)))
    return StatisticsTable(
        slug="signals-by-source-and-quarter",
        title=_("Signals received in %(year)s per source and quarter") % {"year": year},
        note=_("Each signal counts once: in the row of who or what reported it and the quarter it was received."),
        row_label=_("source"),
        column_label=_("quarter"),
        rows=sources,
        columns=quarters,
        table=table,
    )


def cell(table: Table, row: str, column: str) -> int | str:
    """A number, or the suppression mark ("<10") for a hidden cell or total."""
    return f"<{threshold()}" if (row, column) in table.hidden else table.value(row, column)


def table_document(statistics: StatisticsTable) -> dict:
    table = statistics.table
    return {
        "slug": statistics.slug,
        "title": statistics.title,
        "note": statistics.note,
        "row_label": statistics.row_label,
        "column_label": statistics.column_label,
        "rows": [{"key": key, "label": label} for key, label in statistics.rows],
        "columns": [{"key": key, "label": label} for key, label in statistics.columns],
        "cells": [[cell(table, row, column) for column, _l in statistics.columns] for row, _l in statistics.rows],
        "row_totals": [cell(table, row, Table.TOTAL) for row, _l in statistics.rows],
        "column_totals": [cell(table, Table.TOTAL, column) for column, _l in statistics.columns],
        "total": cell(table, Table.TOTAL, Table.TOTAL),
    }


def statistics_document(year: int) -> dict:
    return {
        "year": year,
        "threshold": threshold(),
        "suppressed": f"<{threshold()}",
        "tables": [
            table_document(signals_by_form_and_police_unit(year)),
            table_document(signals_by_source_and_quarter(year)),
        ],
    }
