"""Covenants, signal and case tables, their agendas, findings and decisions, and the record of every share.

A share (DataShare) is the only way data of one organisation reaches another: it names the fields, the legal basis
and the purpose, under which covenant version, decided by whom and when; database constraints refuse one without.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow


class Covenant(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text=_("Name of the covenant (convenant)."))
    region = models.ForeignKey(
        "geo.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The region it covers, if regional."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> "CovenantVersion | None":
        return self.versions.order_by("-number").first()


class CovenantVersion(models.Model):
    """One immutable version of a covenant. A share always names the version it was made under."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.PROTECT, related_name="versions", help_text=_("The covenant.")
    )
    number = models.PositiveIntegerField(help_text=_("Version number, from 1."))
    valid_from = models.DateField(help_text=_("Date from which it applies."))
    parties = models.ManyToManyField(
        "accounts.Organisation",
        related_name="covenant_versions",
        help_text=_("Organisations that signed this version."),
    )
    purposes = models.JSONField(help_text=_("Purpose codes (vocabulary) the covenant allows."))
    legal_bases = models.JSONField(help_text=_("Legal-basis codes (vocabulary) the covenant relies on."))
    field_classes = models.JSONField(
        help_text=_("Per organisation type code, the field classes that party type may see.")
    )
    retention_days = models.PositiveIntegerField(
        default=183, help_text=_("Days after the last table discussion before an unrouted signal is deleted.")
    )
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When this version was recorded."))

    class Meta:
        ordering = ["covenant", "number"]
        constraints = [models.UniqueConstraint(fields=["covenant", "number"], name="unique_covenant_version")]
        verbose_name = _("covenant version")
        verbose_name_plural = _("covenant versions")

    def __str__(self) -> str:
        return f"{self.covenant} v{self.number}"

    def classes_for(self, organisation) -> set[str]:
        return set(self.field_classes.get(organisation.type.code, []))


class Table(models.Model):
    class Kind(models.TextChoices):
        SIGNAL = "signal", _("signal table")
        CASE = "case", _("case table")

    name = models.CharField(max_length=200, unique=True, help_text=_("Name of the table."))
    kind = models.CharField(
        max_length=8, choices=Kind.choices, default=Kind.SIGNAL, help_text=_("Signal or case table.")
    )
    region = models.ForeignKey(
        "geo.Region", on_delete=models.PROTECT, related_name="+", help_text=_("The region it serves (a police unit).")
    )
    covenant = models.ForeignKey(
        Covenant, on_delete=models.PROTECT, related_name="tables", help_text=_("The covenant it works under.")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_tables", help_text=_("The chair.")
    )
    rhythm = models.CharField(max_length=100, blank=True, help_text=_("Meeting rhythm, e.g. every two weeks."))
    is_active = models.BooleanField(default=True, help_text=_("Inactive tables take no new signals."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        permissions = [
            ("chair_table", _("Chair a signal or case table: agenda, decisions, routing")),
            ("take_part_in_table", _("Take part in a table as a member: see the minimised view, add findings")),
            ("handle_shares", _("Handle shares received by one's organisation: accept, return, report back")),
            ("oversee_shares", _("See every share with its legal basis (privacy oversight)")),
        ]

    def __str__(self) -> str:
        return self.name


class TableMember(models.Model):
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="members", help_text=_("The table."))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="table_memberships",
        help_text=_("Member organisation."),
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who represents it at the table."),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "organisation"], name="unique_table_member")]
        verbose_name = _("table member")
        verbose_name_plural = _("table members")

    def __str__(self) -> str:
        return f"{self.organisation} at {self.table}"


class Session(models.Model):
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="sessions", help_text=_("The table."))
    date = models.DateField(help_text=_("Date of the meeting."))
    closed_at = models.DateTimeField(null=True, blank=True, help_text=_("When the chair closed the session."))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.table} {self.date}"


class AgendaItem(models.Model):
    """A signal put on a table's agenda by its owner, for a stated purpose."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="items", help_text=_("The table."))
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        help_text=_("The session it is discussed in."),
    )
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.CASCADE, related_name="agenda_items", help_text=_("The signal.")
    )
    purpose = models.CharField(max_length=64, help_text=_("Purpose code (vocabulary) for bringing it to the table."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who put it on the agenda.")
    )
    added_at = models.DateTimeField(default=timezone.now, help_text=_("When."))
    last_discussed_at = models.DateTimeField(default=timezone.now, help_text=_("Last table discussion (retention)."))

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["table", "signal"], name="unique_signal_per_table"),
            models.CheckConstraint(condition=~Q(purpose=""), name="agenda_item_has_purpose"),
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.signal} at {self.table}"


class Enrichment(models.Model):
    """A member's finding from its own knowledge, attributed to its organisation."""

    class Known(models.TextChoices):
        KNOWN = "known", _("known to us")
        NOT_KNOWN = "not-known", _("not known to us")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="enrichments", help_text=_("The agenda item.")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", help_text=_("Whose finding.")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who added it.")
    )
    known = models.CharField(max_length=12, choices=Known.choices, help_text=_("Known or not known to us."))
    text = models.TextField(max_length=5000, blank=True, help_text=_("The finding."))
    identifiers = models.JSONField(default=list, blank=True, help_text=_("Structured identifiers [{kind, value}]."))
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When."))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"finding of {self.organisation_id} on {self.item_id}"


class Decision(models.Model):
    """The chair's decision on an agenda item; a new decision supersedes the last one (history kept)."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="decisions", help_text=_("The agenda item.")
    )
    outcome = models.CharField(max_length=40, help_text=_("Routing outcome code (vocabulary)."))
    recipient = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Organisation routed to, if any."),
    )
    reason = models.TextField(
        max_length=2000, blank=True, help_text=_("Why; required for no further action and overrides.")
    )
    wait_until = models.DateField(null=True, blank=True, help_text=_("For 'wait for information': until when."))
    suggested = models.CharField(max_length=40, blank=True, help_text=_("The outcome the routing rules suggested."))
    legal_basis = models.CharField(max_length=64, blank=True, help_text=_("Legal basis for the share it makes."))
    purpose = models.CharField(max_length=64, blank=True, help_text=_("Purpose of the share it makes."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("The chair who decided.")
    )
    decided_at = models.DateTimeField(default=timezone.now, help_text=_("When."))

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.outcome} on {self.item_id}"


class DataShare(models.Model):
    class Kind(models.TextChoices):
        TABLE = "table", _("discussion at a table (minimised view for members)")
        ROUTING = "routing", _("routing to a recipient (task in its inbox)")

    kind = models.CharField(max_length=8, choices=Kind.choices, help_text=_("Why the data is shared."))
    table = models.ForeignKey(
        Table,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shares",
        help_text=_("The table it was shared at or decided by."),
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="shares_sent",
        help_text=_("The organisation whose data is shared."),
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shares_received", help_text=_("The recipient.")
    )
    signal = models.ForeignKey(
        "signals.Signal",
        null=True,
        on_delete=models.SET_NULL,
        related_name="shares",
        help_text=_("The signal shared (empty once purged)."),
    )
    signal_reference = models.CharField(max_length=20, help_text=_("The signal's reference, kept after a purge."))
    field_classes = models.JSONField(help_text=_("Which classes of fields are shared."))
    legal_basis = models.CharField(max_length=64, help_text=_("Legal-basis code (vocabulary)."))
    purpose = models.CharField(max_length=64, help_text=_("Purpose code (vocabulary)."))
    covenant_version = models.ForeignKey(
        CovenantVersion,
        on_delete=models.PROTECT,
        related_name="shares",
        help_text=_("The covenant version it was made under."),
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shares",
        help_text=_("The table decision that made it."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who decided.")
    )
    decided_at = models.DateTimeField(default=timezone.now, help_text=_("When."))
    status = models.CharField(
        max_length=12,
        choices=workflow.STATUS_CHOICES,
        default=workflow.PROPOSED,
        db_index=True,
        help_text=_("Where the share is in its workflow."),
    )
    deadline = models.DateField(null=True, blank=True, help_text=_("When the recipient must have answered."))
    outcome = models.CharField(max_length=40, blank=True, help_text=_("Routing outcome code, for the task."))

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(legal_basis=""), name="share_has_legal_basis"),
            models.CheckConstraint(condition=~Q(purpose=""), name="share_has_purpose"),
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")), name="share_between_two_organisations"
            ),
        ]
        verbose_name = _("data share")
        verbose_name_plural = _("data shares")

    def __str__(self) -> str:
        return f"{self.signal_reference} → {self.to_organisation_id}"

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.kind == self.Kind.ROUTING
            and self.deadline
            and self.status in (workflow.SENT, workflow.ACCEPTED)
            and self.deadline < timezone.localdate()
        )


class ShareEvent(models.Model):
    share = models.ForeignKey(DataShare, on_delete=models.CASCADE, related_name="events", help_text=_("The share."))
    at = models.DateTimeField(default=timezone.now, help_text=_("When."))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", help_text=_("Who.")
    )
    from_status = models.CharField(max_length=12, blank=True, help_text=_("Status before."))
    to_status = models.CharField(max_length=12, help_text=_("Status after."))
    text = models.TextField(max_length=5000, blank=True, help_text=_("Reason for returning, or the feedback."))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("share event")
        verbose_name_plural = _("share events")

    def __str__(self) -> str:
        return f"{self.share_id}: {self.to_status}"


class Tombstone(models.Model):
    """What is left of a purged signal: nothing personal."""

    reference = models.CharField(max_length=20, unique=True, help_text=_("The purged signal's reference."))
    received_at = models.DateTimeField(help_text=_("When the signal was received."))
    purged_at = models.DateTimeField(default=timezone.now, help_text=_("When it was deleted."))
    outcome = models.CharField(max_length=40, blank=True, help_text=_("Last table outcome, if any."))
    reason = models.CharField(max_length=100, help_text=_("Why it was deleted (retention rule)."))

    class Meta:
        ordering = ["-purged_at"]
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")

    def __str__(self) -> str:
        return self.reference
