"""The action plan as a tree, progress updates, projects, time series, KPIs with targets and values, and the
inventory of awareness campaigns and reporting points.

Counts of people are statistics: whatever leaves this module goes through disclosure control (disclosure.py).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samen.taxonomy.selectors import terms_current


class Bilingual(models.Model):
    title_nl = models.CharField(max_length=300, help_text=_("Dutch title."))
    title_en = models.CharField(max_length=300, blank=True, help_text=_("English title."))

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "nl").startswith("en") and self.title_en else self.title_nl


class PlanNode(Bilingual):
    class Kind(models.TextChoices):
        AMBITION = "ambition", _("ambition")
        GOAL = "goal", _("strategic goal")
        LINE = "line", _("action line")
        OPERATIONAL = "operational", _("operational goal")
        ACTION = "action", _("action")

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", _("not started")
        ON_TRACK = "on-track", _("on track")
        DELAYED = "delayed", _("delayed")
        DONE = "done", _("done")
        STOPPED = "stopped", _("stopped")

    kind = models.CharField(max_length=12, choices=Kind.choices, help_text=_("Level in the plan."))
    code = models.CharField(max_length=32, unique=True, help_text=_("Stable code, e.g. AL2 or AL2.3."))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("The level above."),
    )
    position = models.PositiveIntegerField(default=0, help_text=_("Order among its siblings."))
    weight = models.DecimalField(
        max_digits=6, decimal_places=2, default=1, help_text=_("Weight in its parent's progress.")
    )
    description = models.TextField(blank=True, help_text=_("What it is about."))
    holder = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_actions",
        help_text=_("Action holder (actiehouder)."),
    )
    involved = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="involved_actions", help_text=_("Organisations involved.")
    )
    forms = models.JSONField(default=list, blank=True, help_text=_("Exploitation form codes it targets."))
    start = models.DateField(null=True, blank=True, help_text=_("Start."))
    end = models.DateField(null=True, blank=True, help_text=_("Planned end."))
    milestones = models.JSONField(default=list, blank=True, help_text=_("Milestones [{date, text, done}]."))
    source = models.CharField(max_length=200, blank=True, help_text=_("Source document."))

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        permissions = [
            ("view_programme", _("See the programme: plan, progress, KPIs and dashboards")),
            ("update_own_actions", _("Report progress on the actions one's organisation holds")),
            ("manage_programme", _("Manage the plan, KPIs, targets and the progress letter")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_nl}"


class ProgressUpdate(models.Model):
    """An action holder's report for a period. Appended; the newest per action and period counts."""

    action = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="updates", help_text=_("The action."))
    period = models.CharField(max_length=7, db_index=True, help_text=_("Reporting period, e.g. 2025-H1."))
    status = models.CharField(max_length=12, choices=PlanNode.Status.choices, help_text=_("Status."))
    percent_complete = models.PositiveSmallIntegerField(default=0, help_text=_("Progress 0-100."))
    narrative = models.TextField(max_length=5000, help_text=_("What was done and what it achieved."))
    evidence = models.TextField(max_length=2000, blank=True, help_text=_("Evidence or sources."))
    next_steps = models.TextField(max_length=2000, blank=True, help_text=_("Next steps."))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", help_text=_("Who reported.")
    )
    at = models.DateTimeField(default=timezone.now, help_text=_("When."))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.action.code} {self.period}"


class Project(models.Model):
    name = models.CharField(max_length=300, help_text=_("Project name."))
    executors = models.CharField(max_length=500, help_text=_("Executing organisations."))
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("Budget in euro."))
    start = models.DateField(null=True, blank=True, help_text=_("Start."))
    end = models.DateField(null=True, blank=True, help_text=_("End."))
    goals = models.TextField(blank=True, help_text=_("Goals."))
    results = models.TextField(blank=True, help_text=_("Reported results."))
    programme = models.CharField(
        max_length=100, blank=True, help_text=_("Funding programme, e.g. No Regrets 2023-2024.")
    )
    line = models.ForeignKey(
        PlanNode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text=_("The action line it serves."),
    )
    source = models.CharField(max_length=200, blank=True, help_text=_("Source document."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    """A time series of a programme figure that is not a KPI, e.g. hotels registered/certified."""

    slug = models.SlugField(max_length=80, unique=True, help_text=_("Stable identifier."))
    name = models.CharField(max_length=200, help_text=_("Name."))
    unit = models.CharField(max_length=40, help_text=_("Unit."))
    source = models.CharField(max_length=200, blank=True, help_text=_("Source."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.name


class SeriesValue(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="values", help_text=_("The series."))
    date = models.DateField(help_text=_("Reference date."))
    value = models.DecimalField(max_digits=14, decimal_places=2, help_text=_("Value."))
    source = models.CharField(max_length=200, blank=True, help_text=_("Source of this value."))

    class Meta:
        ordering = ["series", "date"]
        constraints = [models.UniqueConstraint(fields=["series", "date"], name="unique_series_date")]
        verbose_name = _("series value")
        verbose_name_plural = _("series values")

    def __str__(self) -> str:
        return f"{self.series_id} {self.date}"


class KPI(Bilingual):
    class Kind(models.TextChoices):
        COMPUTED = "computed", _("computed from platform data")
        MANUAL = "manual", _("entered by hand with a source")

    slug = models.SlugField(max_length=80, unique=True, help_text=_("Stable identifier, e.g. om-suspects."))
    kind = models.CharField(max_length=10, choices=Kind.choices, help_text=_("Computed or entered."))
    unit = models.CharField(max_length=40, help_text=_("Unit, e.g. persons, signals, percent, days."))
    definition = models.TextField(help_text=_("What exactly is counted."))
    source = models.CharField(max_length=200, help_text=_("Where the figures come from."))
    owner = models.CharField(max_length=200, help_text=_("Who is responsible for the figure."))
    counts_people = models.BooleanField(default=True, help_text=_("Counts of people are disclosure-controlled."))
    higher_is_better = models.BooleanField(default=True, help_text=_("Direction of improvement."))
    line = models.ForeignKey(
        PlanNode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpis",
        help_text=_("The action line it measures."),
    )
    computation = models.CharField(
        max_length=80, blank=True, help_text=_("Name of the computation, for computed KPIs.")
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.slug


class KPITarget(models.Model):
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="targets", help_text=_("The KPI."))
    year = models.PositiveSmallIntegerField(help_text=_("Year."))
    value = models.DecimalField(max_digits=14, decimal_places=2, help_text=_("Target value."))

    class Meta:
        ordering = ["kpi", "year"]
        constraints = [models.UniqueConstraint(fields=["kpi", "year"], name="unique_kpi_target_year")]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.year}"


class KPIValue(models.Model):
    """A value for a period: a whole year, or a month (period_start = first day, period_end = last day)."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="values", help_text=_("The KPI."))
    period_start = models.DateField(help_text=_("First day of the period."))
    period_end = models.DateField(help_text=_("Last day of the period."))
    value = models.DecimalField(max_digits=14, decimal_places=2, help_text=_("Value for the period."))
    cumulative = models.BooleanField(default=False, help_text=_("Year-to-date value rather than the period's own."))
    source = models.CharField(max_length=200, blank=True, help_text=_("Source of this value."))

    class Meta:
        ordering = ["kpi", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period_start", "period_end", "cumulative"], name="unique_kpi_value_period"
            )
        ]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period_start}–{self.period_end}"


# --- The inventory of awareness campaigns and reporting points -----------------------------------------------------

END_BEFORE_START = _("The end cannot lie before the start.")
PERIOD_AND_ACTIVE = _(
    "Give a period, or mark it as running when the source states no period; not both. With a period, the dates "
    "decide whether it runs."
)
AS_OF_REQUIRED = _("Give the date of the source that says it runs: it counts as running from that day on.")
AS_OF_WITHOUT_ACTIVE = _("A date of the source that says it runs goes only with an entry marked as running.")
URL_INVALID = _("Enter a web address that starts with https:// or http://, for example https://www.comensha.nl.")
FORM_UNKNOWN = _("Unknown exploitation form: %(codes)s. Choose from the vocabulary.")
CHANNEL_UNKNOWN = _("Unknown channel: %(codes)s.")
REGION_REQUIRED = _("Choose the region it covers, or choose another scope.")
REGION_NOT_REGIONAL = _("A region goes with the scope “regional” only.")
MUNICIPALITIES_REQUIRED = _("Choose the municipalities it covers, or choose another scope.")
MUNICIPALITIES_NOT_LOCAL = _("Municipalities go with the scope “local” only.")
NOT_AN_ACTION = _("Link it to actions of the plan only; these are not actions: %(codes)s.")
SOURCE_REQUIRED = _("Name the source document it is named in.")
NAME_REQUIRED = _("Fill in the Dutch name.")
ORGANISATION_REQUIRED = _("Name the organisation that runs it.")


class InventoryEntry(Bilingual):
    """An awareness campaign or a reporting point (meldpunt), as the programme's inventory (action AL1.1) lists it.

    Holds no personal data. The data file seeds it (origin "plan-file"); once a functional admin edits an entry it
    is theirs (origin "manual") and `samen load-plan` leaves it alone. Whether it runs in a period follows from
    its dates; an entry whose source states no period runs when `active` is set (never both, see clean()), from
    the date of that source (`running_as_of`) on: a campaign a letter of 2024 calls running is not listed in a
    report on 2022."""

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("awareness campaign")
        REPORTING_POINT = "reporting-point", _("reporting point")

    class Channel(models.TextChoices):
        WEB = "web", _("website or online")
        PHONE = "phone", _("phone")
        CHAT = "chat", _("chat")
        EMAIL = "email", _("e-mail")
        WALK_IN = "walk-in", _("walk-in or consultation hours")
        ON_LOCATION = "on-location", _("on location (meetings, events, a mobile installation)")
        SOCIAL_MEDIA = "social-media", _("social media")
        PRINT = "print", _("posters and print")
        OUTREACH = "outreach", _("online outreach (messages to people on platforms)")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("national")
        REGIONAL = "regional", _("regional")
        LOCAL = "local", _("local (municipalities)")
        INTERNATIONAL = "international", _("international")

    class Origin(models.TextChoices):
        PLAN_FILE = "plan-file", _("the data file (samen load-plan keeps it in line)")
        MANUAL = "manual", _("maintained by hand (samen load-plan leaves it alone)")

    slug = models.SlugField(
        max_length=80, unique=True, help_text=_("Stable identifier, e.g. jouw-twijfel-iemands-kans.")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text=_("Awareness campaign or reporting point."))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation in Samen that runs it, if it is one."),
    )
    organisation_name = models.CharField(
        max_length=300,
        error_messages={"blank": ORGANISATION_REQUIRED},
        help_text=_("Who runs it, as the source names them."),
    )
    audience = models.CharField(max_length=500, blank=True, help_text=_("Target audience, as the source states it."))
    forms = models.JSONField(default=list, blank=True, help_text=_("Exploitation form codes it targets."))
    channels = models.JSONField(default=list, blank=True, help_text=_("Channels (codes of Channel)."))
    start = models.DateField(null=True, blank=True, help_text=_("First day it ran, if known."))
    end = models.DateField(null=True, blank=True, help_text=_("Last day it ran or will run, if known."))
    active = models.BooleanField(
        default=False, help_text=_("Running, for an entry whose source states no period. With dates, they decide.")
    )
    running_as_of = models.DateField(
        null=True,
        blank=True,
        help_text=_("For an entry marked as running: the date of the source that says so. It runs from then on."),
    )
    period_note = models.CharField(
        max_length=300, blank=True, help_text=_("The period in the source's own words, e.g. 'sinds 2015'.")
    )
    scope = models.CharField(
        max_length=20, choices=Scope.choices, blank=True, help_text=_("Where it works; empty when not stated.")
    )
    region = models.ForeignKey(
        "geo.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The region it covers, for a regional scope."),
    )
    municipalities = models.ManyToManyField(
        "geo.Municipality",
        blank=True,
        related_name="+",
        help_text=_("The municipalities it covers, for a local scope."),
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        error_messages={"invalid": URL_INVALID},
        help_text=_("Web address."),
    )
    description = models.TextField(blank=True, help_text=_("What it is, in the source's words."))
    source = models.CharField(
        max_length=200, error_messages={"blank": SOURCE_REQUIRED}, help_text=_("The source document it is named in.")
    )
    actions = models.ManyToManyField(
        PlanNode,
        blank=True,
        related_name="inventory_entries",
        limit_choices_to={"kind": PlanNode.Kind.ACTION},
        help_text=_("The actions of the plan it belongs to."),
    )
    origin = models.CharField(
        max_length=12, choices=Origin.choices, default=Origin.MANUAL, help_text=_("Who keeps it up to date.")
    )

    class Meta:
        ordering = ["kind", "title_nl", "slug"]
        verbose_name = _("campaign or reporting point")
        verbose_name_plural = _("campaigns and reporting points")
        permissions = [
            (
                "manage_inventory",
                _("Maintain the inventory of awareness campaigns and reporting points"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.title_nl}"

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, message, code: str, params: dict | None = None) -> None:
            errors.setdefault(field, []).append(ValidationError(message, code=code, params=params))

        if self.start and self.end and self.end < self.start:
            add("end", END_BEFORE_START, "end_before_start")
        if self.active and (self.start or self.end):
            add("active", PERIOD_AND_ACTIVE, "period_and_active")
        elif self.active and self.running_as_of is None:
            add("running_as_of", AS_OF_REQUIRED, "as_of_required")
        if self.running_as_of is not None and not self.active:
            add("running_as_of", AS_OF_WITHOUT_ACTIVE, "as_of_without_active")
        forms = self.forms if isinstance(self.forms, list) else [self.forms]
        known_forms = set(terms_current("exploitation_form").values_list("code", flat=True))
        unknown = [str(code) for code in forms if code not in known_forms]
        if unknown:
            add("forms", FORM_UNKNOWN, "form_unknown", {"codes": ", ".join(unknown)})
        channels = self.channels if isinstance(self.channels, list) else [self.channels]
        unknown = [str(code) for code in channels if code not in self.Channel.values]
        if unknown:
            add("channels", CHANNEL_UNKNOWN, "channel_unknown", {"codes": ", ".join(unknown)})
        if (self.url or "").lower().startswith(("ftp://", "ftps://")):
            add("url", URL_INVALID, "invalid")
        if self.scope == self.Scope.REGIONAL and self.region_id is None:
            add("region", REGION_REQUIRED, "region_required")
        if self.region_id is not None and self.scope != self.Scope.REGIONAL:
            add("region", REGION_NOT_REGIONAL, "region_not_regional")
        if errors:
            raise ValidationError(errors)

    def runs_between(self, first: date, last: date) -> bool:
        """Whether it ran at some time from `first` to `last` (inclusive). Open ends are open: a start without an
        end runs from then on. Without dates, `active` decides, from `running_as_of` on."""
        if self.start is None and self.end is None:
            return self.active and (self.running_as_of is None or self.running_as_of <= last)
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)

    def state_on(self, day: date) -> str:
        """running, ended, not-started or not-stated (also for a running entry before the date of its source)."""
        if self.start is None and self.end is None:
            known = self.active and (self.running_as_of is None or self.running_as_of <= day)
            return "running" if known else "not-stated"
        if self.start is not None and self.start > day:
            return "not-started"
        if self.end is not None and self.end < day:
            return "ended"
        return "running"


def inventory_relation_errors(
    *, scope: str, municipalities: list, actions: list[PlanNode]
) -> dict[str, list[ValidationError]]:
    """The problems with an entry's many-to-many links (which clean() cannot see before it is saved)."""
    errors: dict[str, list[ValidationError]] = {}
    if scope == InventoryEntry.Scope.LOCAL and not municipalities:
        errors["municipalities"] = [ValidationError(MUNICIPALITIES_REQUIRED, code="municipalities_required")]
    if municipalities and scope != InventoryEntry.Scope.LOCAL:
        errors["municipalities"] = [ValidationError(MUNICIPALITIES_NOT_LOCAL, code="municipalities_not_local")]
    wrong = sorted(action.code for action in actions if action.kind != PlanNode.Kind.ACTION)
    if wrong:
        errors["actions"] = [ValidationError(NOT_AN_ACTION, code="not_an_action", params={"codes": ", ".join(wrong)})]
    return errors
