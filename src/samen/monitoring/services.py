"""Every write of the monitoring module: progress updates (one by one or a CSV file at once), KPI values and targets,
the stored values of computed KPIs, and the inventory of campaigns and reporting points. Each runs in one
transaction and writes its audit event in it.

Progress updates are appended, never changed: the newest update of an action for a period counts, the earlier ones
stay as its history.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samen.audit.models import Action
from samen.audit.services import audit_record

from . import kpis
from .csv_updates import CSVShapeError, Row, read_rows
from .models import KPI, InventoryEntry, KPITarget, KPIValue, PlanNode, ProgressUpdate, inventory_relation_errors
from .periods import is_period, period_bounds
from .selectors import actions_held_by

PURPOSE = "statistics"  # vocabulary purpose "Statistiek en monitoring"
NARRATIVE_MAX = 5000
TEXT_MAX = 2000

PERIOD_INVALID = _("Enter a period as year, dash and half year, for example 2025-H1.")
PERIOD_FUTURE = _("This period has not started yet.")
STATUS_INVALID = _("Choose a status: %(choices)s.")
PERCENT_INVALID = _("Enter a whole number from 0 to 100.")
PERCENT_DONE = _("An action that is done is at 100%.")
PERCENT_NOT_STARTED = _("An action that has not started is at 0%.")
NARRATIVE_REQUIRED = _("Describe what was done and what it achieved.")
TOO_LONG = _("Use at most %(max)s characters.")
ACTION_UNKNOWN = _("There is no action with this code that your organisation holds.")
CODE_REQUIRED = _("Fill in the code of the action, for example AL1.2.")
ROW_TWICE = _("This action appears more than once for this period in the file.")
ROW_ERROR = _("row %(row)s: %(column)s: %(message)s")
KPI_COMPUTED = _("The values of this KPI are computed from the platform's data; they cannot be entered by hand.")
KPI_PERIOD = _("The end of the period cannot lie before its start.")
KPI_SOURCE = _("Name the source of the figure.")
KPI_VALUE = _("Enter a number of zero or more.")
KPI_YEAR = _("Enter a year between 2000 and 2100.")


class BulkUpdateError(ValidationError):
    """The CSV file was refused as a whole; `messages` holds one Dutch line per problem ("rij 4: status: …")."""


def status_choices_text() -> str:
    return ", ".join(f"{value} ({label})" for value, label in PlanNode.Status.choices)


def progress_update_errors(
    *, period: str, status: str, percent_complete, narrative: str, evidence: str, next_steps: str
) -> dict[str, list[ValidationError]]:
    """The problems of one update, per field (empty when it is fine). Shared by the form and the CSV upload, so
    both say the same thing in the same words."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message, code: str, params: dict | None = None) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code, params=params))

    if not is_period(period):
        add("period", PERIOD_INVALID, "period_invalid")
    elif period_bounds(period)[0] > timezone.localdate():
        add("period", PERIOD_FUTURE, "period_future")
    if status not in PlanNode.Status.values:
        add("status", STATUS_INVALID, "status_invalid", {"choices": status_choices_text()})
    if not isinstance(percent_complete, int) or isinstance(percent_complete, bool) or not 0 <= percent_complete <= 100:
        add("percent_complete", PERCENT_INVALID, "percent_invalid")
    elif status == PlanNode.Status.DONE and percent_complete != 100:
        add("percent_complete", PERCENT_DONE, "percent_done")
    elif status == PlanNode.Status.NOT_STARTED and percent_complete != 0:
        add("percent_complete", PERCENT_NOT_STARTED, "percent_not_started")
    if not (narrative or "").strip():
        add("narrative", NARRATIVE_REQUIRED, "narrative_required")
    elif len(narrative) > NARRATIVE_MAX:
        add("narrative", TOO_LONG, "too_long", {"max": NARRATIVE_MAX})
    for field, text in (("evidence", evidence), ("next_steps", next_steps)):
        if len(text or "") > TEXT_MAX:
            add(field, TOO_LONG, "too_long", {"max": TEXT_MAX})
    return errors


def _check_holder(action: PlanNode, by) -> None:
    if not actions_held_by(by).filter(pk=action.pk).exists():
        raise PermissionDenied("only the organisation that holds this action reports progress on it")


def _append(*, action: PlanNode, by, period: str, status: str, percent_complete: int, narrative: str, **texts):
    update = ProgressUpdate(
        action=action,
        by=by,
        period=period,
        status=status,
        percent_complete=percent_complete,
        narrative=narrative.strip(),
        evidence=(texts.get("evidence") or "").strip(),
        next_steps=(texts.get("next_steps") or "").strip(),
    )
    update.full_clean()
    update.save()
    audit_record(
        actor=by,
        action=Action.CREATE,
        object_type="monitoring.progressupdate",
        object_id=update.pk,
        purpose=PURPOSE,
        reason=f"progress:{action.code}:{period}:{status}:{percent_complete}",
    )
    return update


@transaction.atomic
def progress_update_create(
    *,
    action: PlanNode,
    by,
    period: str,
    status: str,
    percent_complete: int,
    narrative: str,
    evidence: str = "",
    next_steps: str = "",
) -> ProgressUpdate:
    """A holder reports on one of its organisation's actions for a period. Appended to the action's history; the
    newest update of a period is the one that counts."""
    _check_holder(action, by)
    errors = progress_update_errors(
        period=period,
        status=status,
        percent_complete=percent_complete,
        narrative=narrative,
        evidence=evidence,
        next_steps=next_steps,
    )
    if errors:
        raise ValidationError(errors)
    return _append(
        action=action,
        by=by,
        period=period,
        status=status,
        percent_complete=percent_complete,
        narrative=narrative,
        evidence=evidence,
        next_steps=next_steps,
    )


def _status_words() -> dict[str, str]:
    """Status codes and their labels in Dutch and English, so a holder may type either in the spreadsheet."""
    words = {}
    for value, label in PlanNode.Status.choices:
        words[value] = value
        for language in ("nl", "en"):
            with translation.override(language):
                words[str(label).strip().lower()] = value
    return words


def _percent(text: str) -> int | None:
    text = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else None


@dataclass(frozen=True)
class _Planned:
    action: PlanNode
    values: dict


def _row_messages(row: Row, field_errors: dict[str, list[ValidationError]]) -> list[str]:
    messages = []
    for column, errors in field_errors.items():
        for error in errors:
            for message in error.messages:
                messages.append(str(ROW_ERROR % {"row": row.number, "column": column, "message": message}))
    return messages


@transaction.atomic
def bulk_update_from_csv(*, file, by) -> list[ProgressUpdate]:
    """Many updates at once from a CSV file (code, period, status, percent_complete, narrative, evidence,
    next_steps). All or nothing: when any row has a problem, nothing is stored and every problem is reported with
    its row number as a spreadsheet shows it."""
    if not by.has_perm("monitoring.update_own_actions"):
        raise PermissionDenied("monitoring.update_own_actions")
    try:
        rows = read_rows(file)
    except CSVShapeError as error:
        raise BulkUpdateError(error.messages) from error
    held = {action.code.upper(): action for action in actions_held_by(by)}
    statuses = _status_words()
    messages: list[str] = []
    planned: list[_Planned] = []
    seen: set[tuple[int, str]] = set()
    for row in rows:
        field_errors: dict[str, list[ValidationError]] = {}
        code = row.get("code")
        action = held.get(code.upper())
        if not code:
            field_errors["code"] = [ValidationError(CODE_REQUIRED, code="code_required")]
        elif action is None:
            field_errors["code"] = [ValidationError(ACTION_UNKNOWN, code="action_unknown")]
        percent_text = row.get("percent_complete")
        percent = _percent(percent_text)
        values = {
            "period": row.get("period").upper(),
            "status": statuses.get(row.get("status").lower(), row.get("status")),
            "percent_complete": percent if percent is not None else percent_text,
            "narrative": row.get("narrative"),
            "evidence": row.get("evidence"),
            "next_steps": row.get("next_steps"),
        }
        for field, errors in progress_update_errors(**values).items():
            field_errors.setdefault(field, []).extend(errors)
        if action is not None and "period" not in field_errors:
            key = (action.pk, values["period"])
            if key in seen:
                field_errors["period"] = [ValidationError(ROW_TWICE, code="row_twice")]
            seen.add(key)
        if field_errors:
            messages += _row_messages(row, field_errors)
        else:
            planned.append(_Planned(action, values))
    if messages:
        raise BulkUpdateError(messages)
    return [_append(action=item.action, by=by, **item.values) for item in planned]


def _check_manager(by) -> None:
    if not by.has_perm("monitoring.manage_programme"):
        raise PermissionDenied("monitoring.manage_programme")


def _save_audited(record, *, by, created: bool, reason: str):
    """Validate and save a KPI figure (value or target), auditing the change as `reason->new value`."""
    record.full_clean()
    record.save()
    audit_record(
        actor=by,
        action=Action.CREATE if created else Action.UPDATE,
        object_type=record._meta.label_lower,
        object_id=record.pk,
        purpose=PURPOSE,
        reason=f"{reason}->{record.value}",
    )
    return record


@transaction.atomic
def kpi_value_set(
    *,
    kpi: KPI,
    period_start: date,
    period_end: date,
    value: Decimal,
    source: str,
    by,
    cumulative: bool = False,
) -> KPIValue:
    """Enter (or correct) the value of a hand-entered KPI for a period, with its source. A correction replaces the
    figure; the audit trail keeps what it was."""
    _check_manager(by)
    errors: dict[str, list[ValidationError]] = {}
    if kpi.kind != KPI.Kind.MANUAL:
        errors["kpi"] = [ValidationError(KPI_COMPUTED, code="kpi_computed")]
    if period_end < period_start:
        errors["period_end"] = [ValidationError(KPI_PERIOD, code="period_order")]
    if not (source or "").strip():
        errors["source"] = [ValidationError(KPI_SOURCE, code="source_required")]
    if Decimal(value) < 0:
        errors["value"] = [ValidationError(KPI_VALUE, code="value_invalid")]
    if errors:
        raise ValidationError(errors)
    existing = KPIValue.objects.filter(
        kpi=kpi, period_start=period_start, period_end=period_end, cumulative=cumulative
    ).first()
    before = existing.value if existing else None
    record = existing or KPIValue(kpi=kpi, period_start=period_start, period_end=period_end, cumulative=cumulative)
    record.value = Decimal(value)
    record.source = source.strip()
    return _save_audited(
        record, by=by, created=existing is None, reason=f"kpi-value:{kpi.slug}:{period_start}:{period_end}:{before}"
    )


@transaction.atomic
def kpi_target_set(*, kpi: KPI, year: int, value: Decimal, by) -> KPITarget:
    """Set the target of a KPI for a year (replacing an earlier target for that year)."""
    _check_manager(by)
    errors: dict[str, list[ValidationError]] = {}
    if not 2000 <= int(year) <= 2100:
        errors["year"] = [ValidationError(KPI_YEAR, code="year_invalid")]
    if Decimal(value) < 0:
        errors["value"] = [ValidationError(KPI_VALUE, code="value_invalid")]
    if errors:
        raise ValidationError(errors)
    existing = KPITarget.objects.filter(kpi=kpi, year=year).first()
    before = existing.value if existing else None
    target = existing or KPITarget(kpi=kpi, year=year)
    target.value = Decimal(value)
    return _save_audited(target, by=by, created=existing is None, reason=f"kpi-target:{kpi.slug}:{year}:{before}")


@transaction.atomic
def kpi_values_recompute(*, today: date | None = None) -> dict[str, int]:
    """Store the monthly values of every computed KPI, replacing what an earlier run stored. A KPI that is not yet
    available keeps no values at all, rather than zeros that would read as facts."""
    stored = {}
    for kpi in KPI.objects.filter(kind=KPI.Kind.COMPUTED).order_by("slug"):
        values = kpis.monthly_values(kpi, today=today)
        keep = []
        for month in values:
            record, _created = KPIValue.objects.update_or_create(
                kpi=kpi,
                period_start=month.start,
                period_end=month.end,
                cumulative=False,
                defaults={"value": month.value, "source": kpi.source},
            )
            keep.append(record.pk)
        KPIValue.objects.filter(kpi=kpi).exclude(pk__in=keep).delete()
        stored[kpi.slug] = len(values)
    return stored


INVENTORY_FIELDS = (
    "kind",
    "title_nl",
    "title_en",
    "organisation",
    "organisation_name",
    "audience",
    "forms",
    "channels",
    "start",
    "end",
    "active",
    "running_as_of",
    "period_note",
    "scope",
    "region",
    "url",
    "description",
    "source",
)


@transaction.atomic
def inventory_entry_save(
    *, by, entry: InventoryEntry | None = None, slug: str = "", municipalities=None, actions=None, **values
) -> InventoryEntry:
    """Add a campaign or reporting point (`slug` names a new one), or change `entry`: the fields given, and the
    municipalities and actions when given. Either way it is maintained by hand from then on: `samen load-plan` leaves
    it alone. Raises ValidationError with the field codes of models.py; the audit event names the fields that
    changed."""
    if not by.has_perm("monitoring.manage_inventory"):
        raise PermissionDenied("monitoring.manage_inventory")
    unknown = set(values) - set(INVENTORY_FIELDS)
    if unknown:
        raise TypeError(f"not a field of an inventory entry: {', '.join(sorted(unknown))}")
    created = entry is None
    entry = entry if entry is not None else InventoryEntry(slug=slug)
    before = {name: getattr(entry, name) for name in INVENTORY_FIELDS}
    before_links = (set(), set()) if created else (set(entry.municipalities.all()), set(entry.actions.all()))
    for name, value in values.items():
        setattr(entry, name, value)
    entry.origin = InventoryEntry.Origin.MANUAL
    municipalities = list(before_links[0] if municipalities is None else municipalities)
    actions = list(before_links[1] if actions is None else actions)
    errors: dict[str, list[ValidationError]] = {}
    try:
        entry.full_clean()
    except ValidationError as error:
        errors = {field: list(messages) for field, messages in error.error_dict.items()}
    for field, messages in inventory_relation_errors(
        scope=entry.scope, municipalities=municipalities, actions=actions
    ).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    entry.save()
    entry.municipalities.set(municipalities)
    entry.actions.set(actions)
    changed = [name for name in INVENTORY_FIELDS if getattr(entry, name) != before[name]]
    changed += ["municipalities"] if set(municipalities) != before_links[0] else []
    changed += ["actions"] if set(actions) != before_links[1] else []
    audit_record(
        actor=by,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="monitoring.inventoryentry",
        object_id=entry.pk,
        purpose=PURPOSE,
        reason=f"inventory:{entry.slug}:" + ("created" if created else ",".join(changed) or "unchanged"),
    )
    return entry
