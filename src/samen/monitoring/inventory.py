"""The inventory of awareness campaigns and reporting points in words: kind, exploitation forms, channels, period,
state and scope, the same on the dashboard, in the progress letter's annex and in the API. Reads go through
selectors.py; the entry's own rules (what runs when) live on the model."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.taxonomy.selectors import terms_current

from .disclosure import mask_small_counts
from .models import InventoryEntry
from .selectors import inventory_order, inventory_running_between

STATES = {
    "running": gettext_lazy("running"),
    "ended": gettext_lazy("ended"),
    "not-started": gettext_lazy("not started yet"),
    "not-stated": gettext_lazy("not stated"),
}
KIND_HEADINGS = {
    InventoryEntry.Kind.CAMPAIGN: gettext_lazy("Awareness campaigns"),
    InventoryEntry.Kind.REPORTING_POINT: gettext_lazy("Reporting points"),
}


def form_labels() -> dict[str, str]:
    """{exploitation form code: label in the active language}, from the current vocabulary."""
    return {term.code: term.label for term in terms_current("exploitation_form")}


def forms_text(entry: InventoryEntry, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(code, code) for code in entry.forms or [])


def channels_text(entry: InventoryEntry) -> str:
    labels = dict(InventoryEntry.Channel.choices)
    return ", ".join(str(labels.get(code, code)) for code in entry.channels or [])


def period_text(entry: InventoryEntry) -> str:
    """Months and years only: where a source gives just a year, the stored first of January is not a fact, and a
    letter's day is not always known (the 2020 letter says only that it is from November)."""
    start = date_format(entry.start, "F Y") if entry.start else ""
    end = date_format(entry.end, "F Y") if entry.end else ""
    if start and end:
        return f"{start} – {end}"
    if start:
        return _("since %(start)s") % {"start": start}
    if end:
        return _("until %(end)s") % {"end": end}
    if entry.active:
        if entry.running_as_of:
            return _("running according to a source of %(date)s, which states no period") % {
                "date": date_format(entry.running_as_of, "F Y")
            }
        return _("running; the source states no period")
    return _("not stated")


def state_label(entry: InventoryEntry, day: date) -> str:
    return str(STATES[entry.state_on(day)])


def scope_text(entry: InventoryEntry) -> str:
    """Empty when the source does not state it."""
    if not entry.scope:
        return ""
    label = str(entry.get_scope_display())
    if entry.scope == InventoryEntry.Scope.REGIONAL and entry.region_id:
        return f"{label}: {entry.region.name}"
    if entry.scope == InventoryEntry.Scope.LOCAL:
        names = sorted(municipality.name for municipality in entry.municipalities.all())
        return f"{label}: {', '.join(names)}" if names else label
    return label


def actions_text(entry: InventoryEntry) -> str:
    return ", ".join(f"{action.code} {action.title}" for action in sorted(entry.actions.all(), key=lambda a: a.code))


@dataclass(frozen=True)
class InventoryLine:
    """One campaign or reporting point as the letter and the dashboard show it."""

    slug: str
    kind: str
    name: str
    organisation: str
    audience: str
    forms: str
    channels: str
    period: str
    period_note: str
    state: str
    state_code: str
    scope: str
    url: str
    actions: str
    description: str
    source: str
    origin: str  # who keeps it up to date: the data file or a functional admin


def inventory_line(entry: InventoryEntry, *, day: date, labels: dict[str, str]) -> InventoryLine:
    return InventoryLine(
        slug=entry.slug,
        kind=entry.kind,
        name=entry.title,
        organisation=entry.organisation_name,
        audience=mask_small_counts(entry.audience),
        forms=forms_text(entry, labels),
        channels=channels_text(entry),
        period=period_text(entry),
        period_note=mask_small_counts(entry.period_note),
        state=state_label(entry, day),
        state_code=entry.state_on(day),
        scope=scope_text(entry),
        url=entry.url,
        actions=actions_text(entry),
        description=mask_small_counts(entry.description),
        source=entry.source,
        origin=str(entry.get_origin_display()),
    )


@dataclass(frozen=True)
class InventoryGroup:
    kind: str
    heading: str
    entries: tuple[InventoryLine, ...]


def inventory_groups(entries, *, day: date) -> tuple[InventoryGroup, ...]:
    """The entries under "Awareness campaigns" and "Reporting points" (in that order, each by Dutch name and slug);
    a kind without entries is left out."""
    labels = form_labels()
    lines = [inventory_line(entry, day=day, labels=labels) for entry in sorted(entries, key=inventory_order)]
    return tuple(
        InventoryGroup(kind, str(heading), tuple(line for line in lines if line.kind == kind))
        for kind, heading in KIND_HEADINGS.items()
        if any(line.kind == kind for line in lines)
    )


def inventory_for_period(first: date, last: date) -> tuple[InventoryGroup, ...]:
    """The campaigns and reporting points that ran in a period, for the progress letter; states as at its last day."""
    return inventory_groups(inventory_running_between(first, last), day=last)
