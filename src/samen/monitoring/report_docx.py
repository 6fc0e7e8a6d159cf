"""The progress letter as DOCX (python-docx), written from the same data structure as the PDF (report.py).

Charts: a PNG drawn with Pillow from the same chart model as the SVG in the PDF (charts.chart_png), with the
chart's text alternative as the picture's description and the data table under it, as in the PDF.
Reproducible: document.xml depends on the letter only, and the core properties are fixed to the period.
"""

import io
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.shared import Cm

from django.utils import translation
from django.utils.translation import gettext as _

from .charts import chart_png

if TYPE_CHECKING:
    from .report import KPIEntry, LineSection, ProgressLetter


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph()


def _facts(document, facts: list[tuple[str, str]]) -> None:
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)


def _line(document, line: "LineSection") -> None:
    document.add_heading(line.heading, level=2)
    if line.description:
        document.add_paragraph(line.description)
    tally = line.tally
    document.add_paragraph(
        _("Progress of this action line: %(progress)s%%.") % {"progress": line.progress}
        + (" " + _("Actions by status: %(tally)s.") % {"tally": tally} if tally else "")
    )
    if not line.actions:
        document.add_paragraph(_("No actions have been recorded for this action line."))
    for group, actions in line.groups:
        if group:
            document.add_heading(group, level=3)
        for action in actions:
            document.add_heading(f"{action.code} {action.title}", level=4)
            status = action.status_label
            if action.reported_for:
                status += f" ({action.percent}%) — " + _("reported for the %(period)s") % {
                    "period": action.reported_for
                }
            _facts(
                document,
                [
                    (_("Action holder"), action.holder),
                    (_("Involved"), action.involved),
                    (_("Status"), status),
                    (_("Results"), action.narrative),
                    (_("Next steps"), action.next_steps),
                ],
            )


def _kpi(document, kpi: "KPIEntry") -> None:
    document.add_heading(kpi.title, level=2)
    _facts(
        document,
        [
            (_("What is counted"), kpi.definition),
            (_("Unit"), kpi.unit),
            (_("Source"), kpi.source),
            (_("Owner"), kpi.owner),
            (_("Action line"), kpi.line),
        ],
    )
    chart = kpi.chart
    if not chart.years:
        document.add_paragraph(_("No figures yet."))
        return
    document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    # The picture's description is the chart's text alternative, as in the PDF and on the dashboards.
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", chart.description())
    inline.docPr.set("title", chart.title)
    _table(
        document,
        [_("Year"), _("Value"), _("Target"), _("Forecast (band)")],
        [
            [
                str(y.year),
                f"{y.value_text} {y.through_text}".strip() if y.value_text != "–" else "–",
                y.target_text,
                y.forecast_text or "–",
            ]
            for y in chart.years
        ],
    )
    for year, method in chart.methods:
        _facts(document, [(_("Forecast for %(year)s") % {"year": year}, method)])


def _inventory(document, letter: "ProgressLetter") -> None:
    document.add_heading(_("Annex: awareness campaigns and reporting points"), level=1)
    document.add_paragraph(
        _(
            "The campaigns and reporting points of the inventory that ran in the %(period)s, each with the source "
            "document it is named in. What a source does not state is left out."
        )
        % {"period": letter.period.label}
    )
    if not letter.inventory:
        document.add_paragraph(_("According to the inventory, no campaigns or reporting points ran in this period."))
    for group in letter.inventory:
        document.add_heading(group.heading, level=2)
        for entry in group.entries:
            document.add_heading(entry.name, level=3)
            period = f"{entry.period} ({entry.period_note})" if entry.period_note else entry.period
            _facts(
                document,
                [
                    (_("Run by"), entry.organisation),
                    (_("Target audience"), entry.audience),
                    (_("Exploitation forms"), entry.forms),
                    (_("Channels"), entry.channels),
                    (_("Period"), period),
                    (_("Scope"), entry.scope),
                    (_("What it is"), entry.description),
                    (_("Website"), entry.url),
                    (_("Action plan"), entry.actions),
                    (_("Source"), entry.source),
                ],
            )


def letter_docx(letter: "ProgressLetter") -> bytes:
    with translation.override("nl"):
        document = Document()
        properties = document.core_properties
        fixed = datetime(letter.period.start.year, letter.period.start.month, 1)
        properties.title = letter.title
        properties.author = properties.last_modified_by = "Samen"
        properties.created = properties.modified = properties.last_printed = fixed
        properties.revision = 1

        document.add_heading(letter.title, level=0)
        document.add_paragraph(letter.subtitle)
        document.add_heading(_("Introduction"), level=1)
        for paragraph in letter.introduction:
            document.add_paragraph(paragraph)

        document.add_heading(_("Progress per action line"), level=1)
        if not letter.lines:
            document.add_paragraph(_("No action lines have been recorded yet."))
        for line in letter.lines:
            _line(document, line)

        document.add_heading(_("Key figures"), level=1)
        if letter.kpis:
            document.add_paragraph(
                _("Per key figure: the values per year, the target and, for a year not yet over, a forecast.")
            )
            for kpi in letter.kpis:
                _kpi(document, kpi)
        else:
            document.add_paragraph(_("No key figures have been recorded yet."))

        document.add_heading(_("Annex: results of the projects"), level=1)
        if not letter.projects:
            document.add_paragraph(_("No projects have been recorded yet."))
        for project in letter.projects:
            document.add_heading(project.name, level=2)
            _facts(
                document,
                [
                    (_("Executed by"), project.executors),
                    (_("Funding"), project.programme),
                    (_("Period"), project.period),
                    (_("Budget"), project.budget),
                    (_("Action line"), project.line),
                    (_("Goals"), project.goals),
                    (_("Results"), project.results),
                    (_("Source"), project.source),
                ],
            )
        if letter.series:
            document.add_heading(_("Certification and other figures"), level=2)
            for series in letter.series:
                document.add_heading(f"{series.name} ({series.unit})", level=3)
                _table(document, [_("Date"), _("Value")], [list(row) for row in series.rows])
                if series.source:
                    _facts(document, [(_("Source"), series.source)])

        _inventory(document, letter)

        document.add_heading(_("Sources"), level=1)
        for source in letter.sources:
            document.add_paragraph(source, style="List Bullet")
        if not letter.sources:
            document.add_paragraph(_("No source documents have been recorded."))

        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
