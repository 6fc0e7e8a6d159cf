"""Loading the programme from its data file (data/plan.yaml): the plan tree, the funded projects, programme figures
as series, the KPIs with their values and targets, and the inventory of awareness campaigns and reporting points.

Idempotent: plan items are matched on their code, projects on their name, series, KPIs and inventory entries on their
slug, values on their date or period; each is brought in line with the file. Items no longer in the file are left
alone, so their progress history stays. An inventory entry that a functional admin has edited (origin "manual") is
left alone too: from then on the admin keeps it up to date, not the file. Holders and involved organisations are
linked by organisation name; one that is not found stays empty and its name goes into the description, so the plan
also loads on a database without those organisations.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from samen.accounts.models import Organisation
from samen.geo.models import Region
from samen.geo.selectors import municipalities_current
from samen.taxonomy.selectors import terms_current

from . import kpis
from .models import (
    KPI,
    InventoryEntry,
    KPITarget,
    KPIValue,
    PlanNode,
    Project,
    Series,
    SeriesValue,
    inventory_relation_errors,
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "plan.yaml"
SOURCE_LENGTH = 200


class PlanFileError(ValueError):
    """The data file does not describe a valid plan; the message names the item."""


@dataclass
class PlanLoadReport:
    nodes_created: int = 0
    nodes_updated: int = 0
    projects: int = 0
    series_values: int = 0
    kpis: int = 0
    kpi_values: int = 0
    kpi_targets: int = 0
    inventory: int = 0
    inventory_kept: int = 0
    unresolved: set[str] = field(default_factory=set)

    def summary(self) -> str:
        text = (
            f"plan: {self.nodes_created} items added, {self.nodes_updated} brought up to date; "
            f"{self.projects} projects; {self.series_values} series values; "
            f"{self.kpis} KPIs with {self.kpi_values} values and {self.kpi_targets} targets; "
            f"{self.inventory} campaigns and reporting points"
        )
        if self.inventory_kept:
            text += f" ({self.inventory_kept} left alone: maintained by hand)"
        if self.unresolved:
            text += f"; not linked (no organisation of that name): {', '.join(sorted(self.unresolved))}"
        return text


class _Context:
    def __init__(self, data: dict, *, demo: bool):
        self.sources: dict[str, str] = data.get("sources") or {}
        self.organisations: dict[str, dict] = data.get("organisations") or {}
        self.demo = demo
        self.forms = set(terms_current("exploitation_form").values_list("code", flat=True))
        self.report = PlanLoadReport()
        self.codes: set[str] = set()
        self._resolved: dict[str, Organisation | None] = {}

    def source(self, text, where: str, *, required: bool = True) -> str:
        if not text:
            if required:
                raise PlanFileError(f"{where}: name the source document ('source')")
            return ""
        text = str(text)
        value = f"{text}: {self.sources[text]}" if text in self.sources else text
        return value if len(value) <= SOURCE_LENGTH else value[: SOURCE_LENGTH - 1] + "…"

    def organisation(self, key: str, where: str) -> tuple[Organisation | None, str]:
        entry = self.organisations.get(key)
        if entry is None:
            raise PlanFileError(f"{where}: unknown organisation {key!r} (add it under 'organisations')")
        if key not in self._resolved:
            names = [entry["name"], *(entry.get("aliases") or [])]
            if self.demo and entry.get("demo"):
                names.append(entry["demo"])
            found = None
            for name in names:
                found = Organisation.objects.filter(name=name).first()
                if found:
                    break
            self._resolved[key] = found
            if found is None:
                self.report.unresolved.add(entry["name"])
        return self._resolved[key], entry["name"]


def _date(value, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise PlanFileError(f"{where}: {value!r} is not a date (yyyy-mm-dd)") from error


def _save(instance, where: str) -> None:
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as error:
        raise PlanFileError(f"{where}: {error.message_dict}") from error
    instance.save()


def _node(entry: dict, parent: PlanNode | None, position: int, context: _Context) -> PlanNode:
    code = str(entry.get("code") or "")
    where = f"plan item {code or '(no code)'}"
    if not code:
        raise PlanFileError(f"{where}: every plan item needs a code")
    if code in context.codes:
        raise PlanFileError(f"{where}: the code appears twice")
    context.codes.add(code)
    if entry.get("kind") not in PlanNode.Kind.values:
        raise PlanFileError(f"{where}: kind must be one of {', '.join(PlanNode.Kind.values)}")
    forms = list(entry.get("forms") or [])
    unknown = [form for form in forms if form not in context.forms]
    if unknown:
        raise PlanFileError(f"{where}: unknown exploitation form(s) {', '.join(unknown)}")

    notes = []
    holder = None
    if entry.get("holder"):
        holder, holder_name = context.organisation(entry["holder"], where)
        if holder is None:
            notes.append(f"Actiehouder: {holder_name} (niet gekoppeld aan een organisatie in Samen).")
    involved, missing = [], []
    for key in entry.get("involved") or []:
        organisation, name = context.organisation(key, where)
        if organisation:
            involved.append(organisation)
        else:
            missing.append(name)
    if missing:
        notes.append(f"Betrokken (niet gekoppeld aan een organisatie in Samen): {', '.join(missing)}.")

    node = PlanNode.objects.filter(code=code).first()
    created = node is None
    node = node or PlanNode(code=code)
    node.kind = entry["kind"]
    node.parent = parent
    node.position = int(entry.get("position", position))
    node.weight = Decimal(str(entry.get("weight", 1)))
    node.title_nl = entry.get("title_nl") or ""
    node.title_en = entry.get("title_en") or ""
    node.description = "\n\n".join(part for part in [(entry.get("description") or "").strip(), *notes] if part)
    node.holder = holder
    node.forms = forms
    node.start = _date(entry.get("start"), where)
    node.end = _date(entry.get("end"), where)
    node.milestones = [
        {
            "date": _date(milestone.get("date"), where).isoformat() if milestone.get("date") else None,
            "text": str(milestone.get("text") or ""),
            "done": bool(milestone.get("done")),
        }
        for milestone in entry.get("milestones") or []
    ]
    node.source = context.source(entry.get("source"), where)
    _save(node, where)
    node.involved.set(involved)
    if created:
        context.report.nodes_created += 1
    else:
        context.report.nodes_updated += 1
    for index, child in enumerate(entry.get("children") or []):
        _node(child, node, index, context)
    return node


def _line(code: str | None, where: str) -> PlanNode | None:
    if not code:
        return None
    node = PlanNode.objects.filter(code=code).first()
    if node is None:
        raise PlanFileError(f"{where}: no plan item with code {code!r}")
    return node


def _projects(entries: list[dict], context: _Context) -> None:
    for entry in entries:
        name = str(entry.get("name") or "")
        where = f"project {name or '(no name)'}"
        if not name:
            raise PlanFileError(f"{where}: every project needs a name")
        project = Project.objects.filter(name=name).first() or Project(name=name)
        project.executors = str(entry.get("executors") or "")
        project.budget = Decimal(str(entry["budget"])) if entry.get("budget") is not None else None
        project.start = _date(entry.get("start"), where)
        project.end = _date(entry.get("end"), where)
        project.goals = (entry.get("goals") or "").strip()
        project.results = (entry.get("results") or "").strip()
        project.programme = str(entry.get("programme") or "")
        project.line = _line(entry.get("line"), where)
        project.source = context.source(entry.get("source"), where)
        _save(project, where)
        context.report.projects += 1


def _series(entries: list[dict], context: _Context) -> None:
    for entry in entries:
        slug = str(entry.get("slug") or "")
        where = f"series {slug or '(no slug)'}"
        series = Series.objects.filter(slug=slug).first() or Series(slug=slug)
        series.name = str(entry.get("name") or "")
        series.unit = str(entry.get("unit") or "")
        series.source = context.source(entry.get("source"), where)
        _save(series, where)
        for value in entry.get("values") or []:
            day = _date(value.get("date"), where)
            if day is None:
                raise PlanFileError(f"{where}: every value needs a date")
            SeriesValue.objects.update_or_create(
                series=series,
                date=day,
                defaults={
                    "value": Decimal(str(value["value"])),
                    "source": context.source(value.get("source"), where, required=False) or series.source,
                },
            )
            context.report.series_values += 1


def _kpi_period(value: dict, where: str) -> tuple[date, date, bool]:
    if value.get("year") is not None:
        year = int(value["year"])
        return date(year, 1, 1), date(year, 12, 31), bool(value.get("cumulative", False))
    start, end = _date(value.get("start"), where), _date(value.get("end"), where)
    if start is None or end is None or end < start:
        raise PlanFileError(f"{where}: a value needs a year, or a start and an end (end not before start)")
    return start, end, bool(value.get("cumulative", False))


def _kpis(entries: list[dict], context: _Context) -> None:
    for entry in entries:
        slug = str(entry.get("slug") or "")
        where = f"KPI {slug or '(no slug)'}"
        kind = entry.get("kind")
        if kind not in KPI.Kind.values:
            raise PlanFileError(f"{where}: kind must be computed or manual")
        computation = str(entry.get("computation") or "")
        if kind == KPI.Kind.COMPUTED and computation not in kpis.KNOWN:
            raise PlanFileError(f"{where}: unknown computation {computation!r}")
        if kind == KPI.Kind.COMPUTED and entry.get("values"):
            raise PlanFileError(f"{where}: a computed KPI gets its values from `samen manage compute_kpis`")
        kpi = KPI.objects.filter(slug=slug).first() or KPI(slug=slug)
        kpi.kind = kind
        kpi.computation = computation if kind == KPI.Kind.COMPUTED else ""
        kpi.title_nl = entry.get("title_nl") or ""
        kpi.title_en = entry.get("title_en") or ""
        kpi.unit = str(entry.get("unit") or "")
        kpi.definition = (entry.get("definition") or "").strip()
        kpi.source = context.source(entry.get("source"), where)
        kpi.owner = str(entry.get("owner") or "")
        kpi.counts_people = bool(entry.get("counts_people", True))
        kpi.higher_is_better = bool(entry.get("higher_is_better", True))
        kpi.line = _line(entry.get("line"), where)
        _save(kpi, where)
        context.report.kpis += 1
        for value in entry.get("values") or []:
            start, end, cumulative = _kpi_period(value, where)
            KPIValue.objects.update_or_create(
                kpi=kpi,
                period_start=start,
                period_end=end,
                cumulative=cumulative,
                defaults={
                    "value": Decimal(str(value["value"])),
                    "source": context.source(value.get("source"), where, required=False) or kpi.source,
                },
            )
            context.report.kpi_values += 1
        for target in entry.get("targets") or []:
            KPITarget.objects.update_or_create(
                kpi=kpi, year=int(target["year"]), defaults={"value": Decimal(str(target["value"]))}
            )
            context.report.kpi_targets += 1


def _organisation_by_name(key: str | None, context: _Context, where: str) -> tuple[Organisation | None, str]:
    """An inventory entry's organisation: by its exact name or an alias, never a demo stand-in (a campaign is run
    by the real organisation, whatever organisation the demo lets report progress)."""
    if not key:
        return None, ""
    entry = context.organisations.get(key)
    if entry is None:
        raise PlanFileError(f"{where}: unknown organisation {key!r} (add it under 'organisations')")
    for name in [entry["name"], *(entry.get("aliases") or [])]:
        found = Organisation.objects.filter(name=name).first()
        if found:
            return found, entry["name"]
    return None, entry["name"]


def _inventory(entries: list[dict], context: _Context) -> None:
    seen: set[str] = set()
    regions = {region.code: region for region in Region.objects.all()}
    for entry in entries:
        slug = str(entry.get("slug") or "")
        where = f"inventory entry {slug or '(no slug)'}"
        if not slug:
            raise PlanFileError(f"{where}: every campaign or reporting point needs a slug")
        if slug in seen:
            raise PlanFileError(f"{where}: the slug appears twice")
        seen.add(slug)
        if entry.get("kind") not in InventoryEntry.Kind.values:
            raise PlanFileError(f"{where}: kind must be one of {', '.join(InventoryEntry.Kind.values)}")
        item = InventoryEntry.objects.filter(slug=slug).first()
        if item is not None and item.origin == InventoryEntry.Origin.MANUAL:
            context.report.inventory_kept += 1
            continue
        item = item or InventoryEntry(slug=slug)
        organisation, name = _organisation_by_name(entry.get("organisation"), context, where)
        item.origin = InventoryEntry.Origin.PLAN_FILE
        item.kind = entry["kind"]
        item.title_nl = entry.get("title_nl") or ""
        item.title_en = entry.get("title_en") or ""
        item.organisation = organisation
        item.organisation_name = str(entry.get("organisation_name") or name)
        item.audience = str(entry.get("audience") or "")
        item.forms = list(entry.get("forms") or [])
        item.channels = list(entry.get("channels") or [])
        item.start = _date(entry.get("start"), where)
        item.end = _date(entry.get("end"), where)
        item.active = bool(entry.get("active", False))
        item.running_as_of = _date(entry.get("running_as_of"), where)
        item.period_note = str(entry.get("period_note") or "")
        item.scope = str(entry.get("scope") or "")
        region_code = entry.get("region")
        item.region = regions.get(region_code) if region_code else None
        if region_code and item.region is None:
            raise PlanFileError(f"{where}: no region with code {region_code!r}")
        codes = [str(code) for code in entry.get("municipalities") or []]
        municipalities = list(municipalities_current().filter(code__in=codes))
        missing = sorted(set(codes) - {m.code for m in municipalities})
        if missing:
            raise PlanFileError(f"{where}: no current municipality with code(s) {', '.join(missing)}")
        actions = [_line(str(code), where) for code in entry.get("actions") or []]
        item.url = str(entry.get("url") or "")
        item.description = (entry.get("description") or "").strip()
        item.source = context.source(entry.get("source"), where)
        errors = inventory_relation_errors(scope=item.scope, municipalities=municipalities, actions=actions)
        if errors:
            raise PlanFileError(f"{where}: {ValidationError(errors).message_dict}")
        _save(item, where)
        item.municipalities.set(municipalities)
        item.actions.set(actions)
        context.report.inventory += 1


@transaction.atomic
def plan_load(*, path: Path = DATA_FILE, demo: bool | None = None) -> PlanLoadReport:
    """Load (or bring up to date) the programme from the data file. `demo` also links holders to the synthetic demo
    organisations of the same type; by default it follows the demo mode setting. All or nothing: an error in the
    file changes nothing."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PlanFileError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("plan"), dict):
        raise PlanFileError(f"{path}: expected a mapping with a 'plan' tree")
    context = _Context(data, demo=settings.DEMO_MODE if demo is None else demo)
    _node(data["plan"], None, 0, context)
    _projects(data.get("projects") or [], context)
    _series(data.get("series") or [], context)
    _kpis(data.get("kpis") or [], context)
    _inventory(data.get("inventory") or [], context)
    return context.report
