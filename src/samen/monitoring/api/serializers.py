"""JSON shapes of the monitoring API: the plan with progress, the KPIs with values, targets and forecasts,
disclosure-controlled statistics, and the inventory of awareness campaigns and reporting points. The documents are
built in figures.py, plan_view.py and statistics.py; these serializers describe them for the OpenAPI schema (and shape
the plan rows and inventory entries).

Counts of people are disclosure-controlled: where a KPI counts people (`counts_people`), a value from 1 to 9 is the
string "<10" instead of a number (the threshold is a setting; the string is always "<" and the threshold), and so is
a value that would reveal a hidden one (secondary suppression). Statistics cells follow the same rule.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ..models import InventoryEntry
from ..plan_view import PlanRow

COUNT_OR_SUPPRESSED = {
    "oneOf": [
        {"type": "number"},
        {"type": "string", "pattern": "^<[0-9]+$", "description": 'Suppressed small count, e.g. "<10".'},
    ],
    "description": 'A number, or "<10" when it is a small count of people (disclosure control).',
}


@extend_schema_field(COUNT_OR_SUPPRESSED)
class CountField(serializers.Field):
    def to_representation(self, value):
        return value


@extend_schema_field({**COUNT_OR_SUPPRESSED, "oneOf": [*COUNT_OR_SUPPRESSED["oneOf"], {"type": "null"}]})
class NullableCountField(CountField):
    pass


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.CharField):
    """Plain strings with the values named in the help text, so no enum component clashes with other apps'."""


@extend_schema_serializer(component_name="MonitoringUpdate")
class LatestUpdateSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="Reporting period, e.g. 2025-H1.")
    status = CodeField(help_text="not-started, on-track, delayed, done or stopped.")
    percent_complete = serializers.IntegerField()
    narrative = serializers.CharField()
    evidence = serializers.CharField()
    next_steps = serializers.CharField()
    reported_at = serializers.DateTimeField(source="at")
    organisation = serializers.SerializerMethodField(help_text="The organisation of the person who reported.")

    def get_organisation(self, update) -> str | None:
        return update.by.organisation.name if update.by and update.by.organisation_id else None


class PlanItemSerializer(serializers.Serializer):
    """One item of the plan tree (ambition, strategic goal, action line, operational goal or action), in tree
    order: `parent` and `depth` give the tree."""

    code = serializers.CharField(source="node.code", help_text="Stable code, e.g. AL2 or AL2.3.")
    kind = CodeField(source="node.kind", help_text="ambition, goal, line, operational or action.")
    title = serializers.CharField(source="node.title", help_text="In the language of the request (Dutch default).")
    title_nl = serializers.CharField(source="node.title_nl")
    title_en = serializers.CharField(source="node.title_en")
    parent = serializers.CharField(source="parent_code", allow_null=True, help_text="Code of the level above.")
    depth = serializers.IntegerField(help_text="0 for the ambition.")
    description = serializers.CharField(source="node.description")
    holder = serializers.SerializerMethodField(help_text="The holder organisation (actiehouder), if linked.")
    involved = serializers.SerializerMethodField(help_text="Names of the organisations involved.")
    forms = serializers.ListField(
        source="node.forms", child=serializers.CharField(), help_text="Exploitation form codes it targets."
    )
    start = serializers.DateField(source="node.start", allow_null=True)
    end = serializers.DateField(source="node.end", allow_null=True)
    milestones = serializers.ListField(
        source="node.milestones", child=serializers.DictField(), help_text="[{date, text, done}]."
    )
    source = serializers.CharField(source="node.source", help_text="The source document.")
    status = CodeField(
        allow_null=True, help_text="Actions: the latest update's status, or not-started. Null for other levels."
    )
    progress = serializers.SerializerMethodField(help_text="0-100; a parent's rolls up from its children.")
    latest_update = LatestUpdateSerializer(source="latest", allow_null=True, help_text="Actions only.")

    def get_holder(self, row: PlanRow) -> str | None:
        return row.node.holder.name if row.node.holder_id else None

    def get_involved(self, row: PlanRow) -> list[str]:
        return sorted(organisation.name for organisation in row.node.involved.all())

    def get_progress(self, row: PlanRow) -> float:
        return round(row.progress, 1)


@extend_schema_serializer(component_name="KPIValue")
class KPIValueSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    value = CountField()
    cumulative = serializers.BooleanField(help_text="A year-to-date value rather than the period's own.")
    source = serializers.CharField()


class KPITargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.FloatField()


@extend_schema_serializer(component_name="KPIForecastBand")
class ForecastSerializer(serializers.Serializer):
    point = serializers.FloatField(help_text="Expected total for the whole year.")
    low = serializers.FloatField(help_text="Lower end of the band.")
    high = serializers.FloatField(help_text="Upper end of the band.")
    method = serializers.CharField(help_text="The method and the band, stated in words.")


@extend_schema_serializer(component_name="KPIYearForecast")
class YearForecastSerializer(ForecastSerializer):
    year = serializers.IntegerField()


class KPIYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = NullableCountField(help_text="The year's figure, or the year to date when incomplete.")
    complete = serializers.BooleanField()
    through = serializers.DateField(allow_null=True, help_text="Last day the value covers.")
    target = serializers.FloatField(allow_null=True)
    forecast = ForecastSerializer(
        allow_null=True, help_text="For an incomplete year; withheld when the year to date is suppressed."
    )


class KPISerializer(serializers.Serializer):
    """A KPI with its definition, values per period, targets per year, and per year the figure with target and
    forecast. `forecast` is that of the latest incomplete year, if any."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = CodeField(help_text="computed (from platform data) or manual (entered with a source).")
    unit = serializers.CharField()
    definition = serializers.CharField()
    source = serializers.CharField()
    owner = serializers.CharField()
    counts_people = serializers.BooleanField(help_text='Counts of people: small values are "<10".')
    higher_is_better = serializers.BooleanField()
    line = serializers.CharField(allow_null=True, help_text="Code of the action line it measures.")
    available = serializers.BooleanField(help_text="False for a computed KPI whose module does not exist yet.")
    availability = serializers.CharField(help_text="Why it is not available, if so.")
    values = KPIValueSerializer(many=True)
    targets = KPITargetSerializer(many=True)
    years = KPIYearSerializer(many=True)
    forecast = YearForecastSerializer(allow_null=True)


class StatisticsHeaderSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class StatisticsTableSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    row_label = serializers.CharField()
    column_label = serializers.CharField()
    rows = StatisticsHeaderSerializer(many=True)
    columns = StatisticsHeaderSerializer(many=True)
    cells = serializers.ListField(
        child=serializers.ListField(child=CountField()), help_text="One list per row, in the order of `columns`."
    )
    row_totals = serializers.ListField(child=CountField())
    column_totals = serializers.ListField(child=CountField())
    total = CountField()


class StatisticsSerializer(serializers.Serializer):
    """Disclosure-controlled tables: every cell and total from 1 to threshold-1 is "<threshold", and secondary
    suppression hides a second cell wherever one hidden cell could be worked out from its row or column total."""

    year = serializers.IntegerField()
    threshold = serializers.IntegerField(help_text="Counts below this (and above 0) are suppressed.")
    suppressed = serializers.CharField(help_text='The text shown for a suppressed count, e.g. "<10".')
    tables = StatisticsTableSerializer(many=True)


class StatisticsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Calendar year (default: the current year)."
    )


class ActionsQuerySerializer(serializers.Serializer):
    period = serializers.RegexField(
        r"^\d{4}-H[12]$", required=False, help_text="Progress as it stood at the end of this period, e.g. 2025-H1."
    )


@extend_schema_serializer(component_name="InventoryEntry")
class InventoryEntrySerializer(serializers.Serializer):
    """An awareness campaign or reporting point, with the source document it is named in. A field the source does not
    state is empty (an empty string, an empty list or null)."""

    slug = serializers.SlugField(help_text="Stable identifier.")
    kind = CodeField(help_text="campaign or reporting-point.")
    title = serializers.CharField(help_text="In the language of the request (Dutch default).")
    title_nl = serializers.CharField()
    title_en = serializers.CharField()
    organisation = serializers.CharField(source="organisation_name", help_text="Who runs it, as the source names it.")
    audience = serializers.CharField(help_text="Target audience.")
    forms = serializers.ListField(child=serializers.CharField(), help_text="Exploitation form codes (vocabulary).")
    channels = serializers.ListField(
        child=serializers.CharField(),
        help_text="web, phone, chat, email, walk-in, on-location, social-media, print or outreach.",
    )
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True, help_text="Null for an open end.")
    active = serializers.BooleanField(help_text="Running although the source states no period (only without dates).")
    running_as_of = serializers.DateField(
        allow_null=True, help_text="For an entry marked active: the date of the source that says it runs."
    )
    period_note = serializers.CharField(help_text="The period in the source's own words.")
    state = serializers.SerializerMethodField(
        help_text="running, ended, not-started or not-stated: today, or on the last day of `period` when asked."
    )
    scope = CodeField(help_text="national, regional, local or international; empty when not stated.")
    region = serializers.SerializerMethodField(help_text="Region code (geo), for a regional scope.")
    municipalities = serializers.SerializerMethodField(help_text="CBS codes, for a local scope.")
    url = serializers.CharField(help_text="Web address, or empty.")
    description = serializers.CharField()
    source = serializers.CharField(help_text="The source document it is named in.")
    actions = serializers.SerializerMethodField(help_text="Codes of the actions of the plan it belongs to.")

    def get_state(self, entry: InventoryEntry) -> str:
        return entry.state_on(self.context["day"])

    def get_region(self, entry: InventoryEntry) -> str | None:
        return entry.region.code if entry.region_id else None

    def get_municipalities(self, entry: InventoryEntry) -> list[str]:
        return sorted(municipality.code for municipality in entry.municipalities.all())

    def get_actions(self, entry: InventoryEntry) -> list[str]:
        return sorted(action.code for action in entry.actions.all())


class InventoryQuerySerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, help_text="campaign or reporting-point.")
    form = serializers.CharField(required=False, help_text="An exploitation form code, e.g. labour.")
    running = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true: running today; false: not running today."
    )
    period = serializers.RegexField(
        r"^\d{4}-H[12]$", required=False, help_text="Only those that ran in this period, e.g. 2025-H1."
    )

    def validate_kind(self, value: str) -> str:
        if value not in InventoryEntry.Kind.values:
            raise serializers.ValidationError(f"Choose one of: {', '.join(InventoryEntry.Kind.values)}.")
        return value


@extend_schema_serializer(component_name="MonitoringProblem")
class ProblemSerializer(serializers.Serializer):
    """An error as application/problem+json (RFC 9457)."""

    type = serializers.URLField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    invalid_params = serializers.ListField(child=serializers.DictField(), required=False)
