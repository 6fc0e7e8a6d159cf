"""Signals: observations that may point to human trafficking, with the people and identifiers involved.

Personal data lives in InvolvedPerson, Identifier, Attachment and the free-text account. Every read of it goes
through selectors scoped to the user and writes an audit event.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow


class MinorInvolved(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown")


class Channel(models.TextChoices):
    PUBLIC_FORM = "public-form", _("public form")
    INTAKE_FORM = "intake-form", _("professional intake")
    API = "api", _("API")
    IMPORT = "import", _("bulk import")


class Signal(models.Model):
    reference = models.CharField(
        max_length=20, unique=True, help_text=_("Reference a person can read aloud, e.g. S-2026-000123.")
    )
    source_type = models.ForeignKey(
        "taxonomy.Term", on_delete=models.PROTECT, related_name="+", help_text=_("Who or what reported it.")
    )
    channel = models.CharField(max_length=16, choices=Channel.choices, help_text=_("How it reached Samen."))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="signals",
        help_text=_("The organisation that owns the signal (for anonymous reports: the public intake point)."),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The professional who reported it; empty when anonymous."),
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True, help_text=_("When Samen received it."))
    observed_on = models.DateField(null=True, blank=True, help_text=_("When it was observed, if known."))
    forms = models.ManyToManyField(
        "taxonomy.Term", related_name="+", blank=True, help_text=_("Suspected exploitation forms (none: unknown).")
    )
    indicators = models.ManyToManyField(
        "taxonomy.Term", related_name="signals_indicating", blank=True, help_text=_("Indicators observed.")
    )
    municipality = models.ForeignKey(
        "geo.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where it was observed."),
    )
    place_type = models.ForeignKey(
        "taxonomy.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kind of place."),
    )
    account = models.TextField(max_length=10_000, help_text=_("What the reporter saw, in their own words."))
    immediate_danger = models.BooleanField(default=False, help_text=_("Someone is in danger right now."))
    minor_involved = models.CharField(
        max_length=8,
        choices=MinorInvolved.choices,
        default=MinorInvolved.UNKNOWN,
        help_text=_("A minor may be involved."),
    )
    urgency = models.CharField(max_length=16, db_index=True, help_text=_("Urgency code from triage (vocabulary)."))
    triage = models.JSONField(default=dict, blank=True, help_text=_("Scores per form and the indicators behind them."))
    own_reference = models.CharField(
        max_length=64, blank=True, help_text=_("The reporting organisation's own reference.")
    )
    status = models.CharField(
        max_length=16,
        choices=workflow.STATUS_CHOICES,
        default=workflow.RECEIVED,
        db_index=True,
        help_text=_("Current status; its history is in the signal's events."),
    )
    vocabulary_version = models.ForeignKey(
        "taxonomy.VocabularyVersion",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The vocabulary version the signal was made under."),
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        permissions = [
            ("intake_signal", _("Report signals as a professional")),
            ("view_signals", _("See the signals of one's own organisation")),
            ("export_signals", _("Export signals to CSV")),
            ("submit_signals_api", _("Submit signals through the API or bulk import")),
        ]
        indexes = [models.Index(fields=["organisation", "-received_at"])]

    def __str__(self) -> str:
        return self.reference


class InvolvedPerson(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="persons", help_text=_("The signal."))
    role = models.CharField(
        max_length=32, help_text=_("Person role code: possible-victim, possible-perpetrator, other.")
    )
    name = models.CharField(max_length=200, blank=True, help_text=_("Name as reported."))
    alias = models.CharField(max_length=200, blank=True, help_text=_("Alias or nickname."))
    date_of_birth = models.DateField(null=True, blank=True, help_text=_("Date of birth, if known."))
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("Estimated age in years."))
    gender = models.CharField(max_length=16, blank=True, help_text=_("Gender code."))
    nationality = models.CharField(max_length=100, blank=True, help_text=_("Nationality as reported."))
    languages = models.CharField(max_length=200, blank=True, help_text=_("Languages spoken."))

    class Meta:
        ordering = ["id"]
        verbose_name = _("involved person")
        verbose_name_plural = _("involved persons")

    def __str__(self) -> str:
        return f"{self.role} in {self.signal_id}"


class Identifier(models.Model):
    """An identifier as entered, and normalised; the keyed digest of the normalised form is what linking compares."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="identifiers", help_text=_("The signal."))
    person = models.ForeignKey(
        InvolvedPerson,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="identifiers",
        help_text=_("The involved person it belongs to, if any."),
    )
    kind = models.CharField(
        max_length=16, help_text=_("phone, iban, plate, postcode, address, handle, url, email, name.")
    )
    value = models.CharField(max_length=500, help_text=_("As entered."))
    normalised = models.CharField(max_length=500, blank=True, help_text=_("Normalised form, when it normalises."))
    is_valid = models.BooleanField(default=True, help_text=_("False: kept as entered and flagged."))
    problem = models.CharField(max_length=200, blank=True, help_text=_("Why it did not normalise."))
    digest = models.CharField(
        max_length=64, blank=True, db_index=True, help_text=_("HMAC of kind and normalised form.")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")

    def __str__(self) -> str:
        return f"{self.kind} of {self.signal_id}"


class Attachment(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments", help_text=_("The signal."))
    file = models.FileField(upload_to="signals/%Y/%m/", help_text=_("Stored outside the web root."))
    original_name = models.CharField(max_length=255, help_text=_("File name as uploaded."))
    content_type = models.CharField(
        max_length=100, help_text=_("Checked type (image/jpeg, image/png, application/pdf).")
    )
    size = models.PositiveIntegerField(help_text=_("Size in bytes."))
    uploaded_at = models.DateTimeField(default=timezone.now, help_text=_("When it was uploaded."))

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class SignalEvent(models.Model):
    """History of a signal: status changes, edits and additions. Appended, never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        STATUS = "status", _("status changed")
        EDITED = "edited", _("edited")
        ADDITION = "addition", _("information added by the reporter")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events", help_text=_("The signal."))
    at = models.DateTimeField(default=timezone.now, help_text=_("When."))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who; empty for the anonymous reporter."),
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, help_text=_("What happened."))
    from_status = models.CharField(max_length=16, blank=True, help_text=_("Status before."))
    to_status = models.CharField(max_length=16, blank=True, help_text=_("Status after."))
    fields = models.JSONField(default=list, blank=True, help_text=_("Names of the fields that changed."))
    text = models.TextField(max_length=10_000, blank=True, help_text=_("Added information or a note."))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("signal event")
        verbose_name_plural = _("signal events")

    def __str__(self) -> str:
        return f"{self.kind} of {self.signal_id}"


class Receipt(models.Model):
    """What an anonymous reporter gets back: a code and a secret phrase (only its hash is kept)."""

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="receipt", help_text=_("The signal."))
    code = models.CharField(max_length=16, unique=True, help_text=_("Receipt code, shown to the reporter."))
    secret_hash = models.CharField(max_length=200, help_text=_("Password hash of the secret phrase."))
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When it was issued."))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.code


class IdempotencyRecord(models.Model):
    """One API submission per (caller, Idempotency-Key): a retry gets the first answer back."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", help_text=_("The API caller.")
    )
    key = models.CharField(max_length=200, help_text=_("The Idempotency-Key header."))
    request_digest = models.CharField(max_length=64, help_text=_("SHA-256 of the request body."))
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+", help_text=_("The signal created."))
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="unique_idempotency_key_per_caller")]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")

    def __str__(self) -> str:
        return self.key


class RateLimitBucket(models.Model):
    """Counts submissions per client per window. The client is a keyed hash of its address, never the address."""

    bucket = models.CharField(max_length=64, unique=True, help_text=_("HMAC of scope, client address and window."))
    window_start = models.DateTimeField(db_index=True, help_text=_("Start of the counting window."))
    count = models.PositiveIntegerField(default=0, help_text=_("Submissions in the window."))

    class Meta:
        verbose_name = _("rate-limit bucket")
        verbose_name_plural = _("rate-limit buckets")

    def __str__(self) -> str:
        return self.bucket


class Draft(models.Model):
    """A professional's unfinished intake, so nothing typed is lost."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signal_drafts", help_text=_("Whose draft.")
    )
    data = models.JSONField(default=dict, help_text=_("The form fields as typed."))
    updated_at = models.DateTimeField(auto_now=True, help_text=_("Last saved."))

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"draft {self.pk}"
