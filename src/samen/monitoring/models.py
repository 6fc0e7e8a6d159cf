"""The action plan as a tree, progress updates, projects, time series and KPIs with targets and values.

Counts of people are statistics: whatever leaves this module goes through disclosure control (disclosure.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
