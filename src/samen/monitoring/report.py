"""The progress letter to Parliament (voortgangsbrief): one data structure read from the database, rendered to PDF
(WeasyPrint, from an HTML template) and to DOCX (report_docx.py).

Reproducible: fixed ordering everywhere and no date in the body beyond the period, so the same data gives the same
document. The annexes list the funded projects, the programme figures, and the awareness campaigns and reporting points
that ran in the period (inventory.py). Disclosure-controlled: every count of people goes through
disclosure.count_display, and free text (narratives, project results, inventory texts) has small counts of people
masked as well.
The letter is written in Dutch whatever the reader's language: it is the document that goes to the Tweede Kamer.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import weasyprint

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samen.audit.models import Action
from samen.audit.services import audit_record

from .charts import KPIChart, chart_svg, kpi_chart, number_text
from .disclosure import mask_small_counts
from .inventory import InventoryGroup, inventory_for_period
from .models import KPI, PlanNode, ProgressUpdate, Project, Series
from .report_docx import letter_docx
from .selectors import action_lines, latest_update, progress

LETTER_LANGUAGE = "nl"
FORMATS = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
PERIOD_PATTERN = re.compile(r"(\d{4})-H([12])")
NO_UPDATE = "no-update"

# Series are not flagged as counts of people in the model; these units are, so their values are suppressed too.
PEOPLE_UNITS = {"personen", "persons", "people", "slachtoffers", "victims", "verdachten", "suspects", "deelnemers"}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """A half-year reporting period, written "2025-H1" (January to June) or "2025-H2" (July to December)."""

    year: int
    half: int

    @classmethod
    def parse(cls, code: str) -> "Period":
        match = PERIOD_PATTERN.fullmatch((code or "").strip())
        if not match or not 2000 <= int(match[1]) <= 2100:
            raise PeriodError(
                _("'%(code)s' is not a period. Write the year and the half, e.g. 2025-H1 or 2025-H2.") % {"code": code}
            )
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: date) -> "Period":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def code(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.half == 1:
            return _("first half of %(year)s") % {"year": self.year}
        return _("second half of %(year)s") % {"year": self.year}

    @property
    def heading(self) -> str:
        """The period as a title has it: "eerste helft 2025"."""
        if self.half == 1:
            return _("first half %(year)s") % {"year": self.year}
        return _("second half %(year)s") % {"year": self.year}

    @property
    def span(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }


def period_label(code: str) -> str:
    try:
        return Period.parse(code).label
    except PeriodError:
        return code


# --- The data structure -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionEntry:
    code: str
    title: str
    holder: str
    involved: str
    group: str  # the operational goal it serves, if any
    status: str  # PlanNode.Status value, or NO_UPDATE
    status_label: str
    percent: int
    reported_for: str  # the period of the latest update, in words
    narrative: str
    next_steps: str
    end: date | None


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class LineSection:
    code: str
    heading: str  # "Actielijn 1: Brede bewustwording"
    title: str
    description: str
    progress: int
    actions: tuple[ActionEntry, ...]
    statuses: tuple[StatusCount, ...]

    @property
    def tally(self) -> str:
        return "; ".join(f"{s.label}: {s.count}" for s in self.statuses if s.count)

    @property
    def groups(self) -> list[tuple[str, list[ActionEntry]]]:
        """The actions under their operational goals, in plan order."""
        grouped: list[tuple[str, list[ActionEntry]]] = []
        for action in self.actions:
            if not grouped or grouped[-1][0] != action.group:
                grouped.append((action.group, []))
            grouped[-1][1].append(action)
        return grouped


@dataclass(frozen=True)
class KPIEntry:
    slug: str
    title: str
    unit: str
    definition: str
    source: str
    owner: str
    line: str
    chart: KPIChart

    @property
    def svg(self) -> SafeString:
        return chart_svg(self.chart, id_prefix="letter")


@dataclass(frozen=True)
class ProjectEntry:
    name: str
    executors: str
    programme: str
    period: str
    budget: str
    goals: str
    results: str
    line: str
    source: str


@dataclass(frozen=True)
class SeriesEntry:
    name: str
    unit: str
    source: str
    rows: tuple[tuple[str, str], ...]  # (date, value)


@dataclass(frozen=True)
class ProgressLetter:
    period: Period
    title: str
    subtitle: str
    introduction: tuple[str, ...]
    lines: tuple[LineSection, ...]
    kpis: tuple[KPIEntry, ...]
    projects: tuple[ProjectEntry, ...]
    series: tuple[SeriesEntry, ...]
    inventory: tuple[InventoryGroup, ...]
    sources: tuple[str, ...]


# --- Reading the plan ----------------------------------------------------------------------------------------


def plan_order() -> tuple[list[PlanNode], dict[int | None, list[PlanNode]]]:
    """Every plan item in tree order (each parent before its children, siblings by position and code)."""
    nodes = list(PlanNode.objects.select_related("holder").order_by("position", "code"))
    children: dict[int | None, list[PlanNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[PlanNode] = []

    def walk(parent_id):
        for node in children.get(parent_id, []):
            ordered.append(node)
            walk(node.pk)

    walk(None)
    return ordered, children


def _descendant_actions(node: PlanNode, children) -> list[tuple[PlanNode, str]]:
    found = []
    for child in children.get(node.pk, []):
        if child.kind == PlanNode.Kind.ACTION:
            group = node.title if node.kind == PlanNode.Kind.OPERATIONAL else ""
            found.append((child, group))
        found.extend(_descendant_actions(child, children))
    return found


def line_heading(line: PlanNode) -> str:
    number = re.search(r"(\d+)$", line.code)
    if number:
        return _("Action line %(number)s: %(title)s") % {"number": number[1], "title": line.title}
    return line.title


STATUS_ORDER = [s.value for s in PlanNode.Status] + [NO_UPDATE]


def status_label(status: str) -> str:
    return _("no update yet") if status == NO_UPDATE else str(PlanNode.Status(status).label)


def action_entry(action: PlanNode, group: str, period: Period | None) -> ActionEntry:
    update = latest_update(action, period.code if period else None)
    status = update.status if update else NO_UPDATE
    involved = ", ".join(sorted(o.name for o in action.involved.all()))
    return ActionEntry(
        code=action.code,
        title=action.title,
        holder=action.holder.name if action.holder_id else "–",
        involved=involved,
        group=group,
        status=status,
        status_label=status_label(status),
        percent=update.percent_complete if update else 0,
        reported_for=period_label(update.period) if update else "",
        narrative=mask_small_counts(update.narrative) if update else "",
        next_steps=mask_small_counts(update.next_steps) if update else "",
        end=action.end,
    )


def line_sections(period: Period | None, *, only: PlanNode | None = None) -> list[LineSection]:
    """Each action line (or just `only`) with its actions, their status and results as reported up to the period."""
    _ordered, children = plan_order()
    sections = []
    # Lines hang under different strategic goals but are numbered across the plan: order them by their position.
    for line in action_lines().select_related("holder"):
        if only is not None and line.pk != only.pk:
            continue
        actions = [action_entry(a, group, period) for a, group in _descendant_actions(line, children)]
        counts = Counter(a.status for a in actions)
        sections.append(
            LineSection(
                code=line.code,
                heading=line_heading(line),
                title=line.title,
                description=line.description,
                progress=round(progress(line, period.code if period else None)),
                actions=tuple(actions),
                statuses=tuple(StatusCount(s, status_label(s), counts.get(s, 0)) for s in STATUS_ORDER),
            )
        )
    return sections


def recent_updates(line_code: str, period: Period | None, limit: int = 3) -> list[ProgressUpdate]:
    """The newest updates on a line's actions, up to the period (for the dashboards)."""
    line = PlanNode.objects.get(code=line_code)
    _ordered, children = plan_order()
    ids = [a.pk for a, _group in _descendant_actions(line, children)]
    updates = ProgressUpdate.objects.filter(action_id__in=ids).select_related("action")
    if period:
        updates = updates.filter(period__lte=period.code)
    return list(updates.order_by("-period", "-at", "-id")[:limit])


def kpis_in_order() -> list[KPI]:
    """KPIs in the order of the action lines they measure, then by slug; KPIs without a line last."""
    position = {line.pk: index for index, line in enumerate(action_lines())}
    kpis = list(KPI.objects.select_related("line"))
    return sorted(kpis, key=lambda k: (k.line_id is None, position.get(k.line_id, 0), k.slug))


def kpi_entry(kpi: KPI, period: Period | None) -> KPIEntry:
    chart = kpi_chart(kpi, last_year=period.year if period else None, until=period.end if period else None)
    return KPIEntry(
        slug=kpi.slug,
        title=kpi.title,
        unit=kpi.unit,
        definition=kpi.definition,
        source=kpi.source,
        owner=kpi.owner,
        line=kpi.line.title if kpi.line_id else "",
        chart=chart,
    )


def _money(value) -> str:
    if value is None:
        return ""
    return "€ " + f"{int(round(value)):,}".replace(",", ".")


def _date_range(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{date_format(start, 'F Y')} – {date_format(end, 'F Y')}"
    return date_format(start or end, "F Y") if (start or end) else ""


def project_entries(period: Period) -> list[ProjectEntry]:
    projects = Project.objects.select_related("line").filter(Q(start__lte=period.end) | Q(start=None))
    return [
        ProjectEntry(
            name=p.name,
            executors=p.executors,
            programme=p.programme,
            period=_date_range(p.start, p.end),
            budget=_money(p.budget),
            goals=mask_small_counts(p.goals),
            results=mask_small_counts(p.results),
            line=p.line.title if p.line_id else "",
            source=p.source,
        )
        for p in projects.order_by("programme", "name", "id")
    ]


def series_entries(period: Period) -> list[SeriesEntry]:
    entries = []
    for series in Series.objects.order_by("name", "slug"):
        people = series.unit.strip().lower() in PEOPLE_UNITS
        values = series.values.filter(date__lte=period.end).order_by("date")
        rows = tuple((date_format(v.date, "j F Y"), number_text(float(v.value), counts_people=people)) for v in values)
        if rows:
            entries.append(SeriesEntry(series.name, series.unit, series.source, rows))
    return entries


def _introduction(period: Period, lines: list[LineSection]) -> tuple[str, ...]:
    actions = [a for line in lines for a in line.actions]
    counts = Counter(a.status for a in actions)
    paragraphs = [
        _(
            "In this letter we report on the progress of the Action Plan of the programme Samen tegen mensenhandel "
            "in the %(period)s (%(span)s)."
        )
        % {"period": period.label, "span": period.span},
        _(
            "Per action line you find the actions, their status and the results that the action holders reported up "
            "to and including this period. Then follow the key figures with their targets and, for a year that is "
            "not yet over, a forecast with its band and the method in words. The annexes list the results of the "
            "funded projects and the awareness campaigns and reporting points that ran in this period."
        ),
    ]
    if actions:
        tally = "; ".join(f"{status_label(s)}: {counts[s]}" for s in STATUS_ORDER if counts.get(s))
        paragraphs.append(
            _("The Action Plan has %(actions)s actions in %(lines)s action lines. Their status: %(tally)s.")
            % {"actions": len(actions), "lines": len(lines), "tally": tally}
        )
    else:
        paragraphs.append(_("No actions of the Action Plan have been recorded yet."))
    paragraphs.append(
        _(
            "Numbers of people below ten are shown as “<10”, so that no one can be recognised. Results are given as "
            "the action holders and project leads reported them."
        )
    )
    return tuple(paragraphs)


def _sources(
    lines_nodes: list[PlanNode], kpis: list[KPI], projects: list[ProjectEntry], series, inventory
) -> tuple[str, ...]:
    names = {n.source for n in lines_nodes} | {k.source for k in kpis} | {p.source for p in projects}
    names |= {s.source for s in series}
    names |= {entry.source for group in inventory for entry in group.entries}
    return tuple(sorted(name for name in names if name))


def build_letter(period: Period) -> ProgressLetter:
    """The whole letter as data, read from the database as it stood at the end of the period."""
    with translation.override(LETTER_LANGUAGE):
        lines = line_sections(period)
        kpis = kpis_in_order()
        kpi_entries = [kpi_entry(kpi, period) for kpi in kpis]
        projects = project_entries(period)
        series = series_entries(period)
        inventory = inventory_for_period(period.start, period.end)
        ordered, _children = plan_order()
        return ProgressLetter(
            period=period,
            title=_("Progress letter on the approach to human trafficking — %(period)s") % {"period": period.heading},
            subtitle=_("Programme Samen tegen mensenhandel · period %(span)s") % {"span": period.span},
            introduction=_introduction(period, lines),
            lines=tuple(lines),
            kpis=tuple(kpi_entries),
            projects=tuple(projects),
            series=tuple(series),
            inventory=inventory,
            sources=_sources(ordered, kpis, projects, Series.objects.all(), inventory),
        )


# --- Rendering -----------------------------------------------------------------------------------------------


def letter_html(letter: ProgressLetter) -> str:
    with translation.override(LETTER_LANGUAGE):
        return render_to_string("monitoring/report/letter.html", {"letter": letter})


def letter_pdf(letter: ProgressLetter) -> bytes:
    return weasyprint.HTML(string=letter_html(letter)).write_pdf()


def letter_render(letter: ProgressLetter, fmt: str) -> bytes:
    if fmt == "pdf":
        return letter_pdf(letter)
    if fmt == "docx":
        return letter_docx(letter)
    raise ValueError(f"unknown format {fmt!r}")


def letter_filename(period: Period, fmt: str) -> str:
    return f"voortgangsbrief-{period.code}.{fmt}"


def letter_export_audit(*, by, period: Period, fmt: str, channel: str) -> None:
    """The letter holds statistics only, but every export is recorded: who took which letter, and how."""
    audit_record(
        actor=by,
        action=Action.EXPORT,
        object_type="monitoring.progressletter",
        object_id=period.code,
        purpose="statistics",
        reason=f"progress-letter:{fmt}:{channel}",
    )
