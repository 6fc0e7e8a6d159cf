"""The Wegwijzer's directory of contacts, its versioned routing rules and the texts of its questions. Public
information, no personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Contact(models.Model):
    kind = models.CharField(
        max_length=32,
        db_index=True,
        help_text=_("Stable kind, e.g. emergency, police, care-coordinator, veilig-thuis, labour-inspectorate."),
    )
    region = models.ForeignKey(
        "geo.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The region it serves; empty for a national contact."),
    )
    name = models.CharField(max_length=200, help_text=_("Name of the organisation or service."))
    phone = models.CharField(max_length=40, blank=True, help_text=_("Phone number as people dial it."))
    url = models.CharField(max_length=300, blank=True, help_text=_("Web page (https://…) or a page of Samen (/…)."))
    chat_url = models.CharField(max_length=300, blank=True, help_text=_("Chat service (https://…), if any."))
    walk_in = models.CharField(max_length=200, blank=True, help_text=_("Walk-in address or 'by appointment'."))
    languages = models.CharField(max_length=100, blank=True, help_text=_("Languages spoken, comma-separated codes."))
    can_be_anonymous = models.BooleanField(default=False, help_text=_("Whether one can contact them anonymously."))
    translations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Per language code: description and hours, e.g. {'nl': {'description': …, 'hours': …}}."),
    )
    last_verified = models.DateField(help_text=_("When an admin last checked these details."))
    is_active = models.BooleanField(default=True, help_text=_("Inactive contacts are never advised."))

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [("manage_guide", _("Manage the Wegwijzer: contacts, texts and routing rules"))]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_verification(self) -> bool:
        return (timezone.localdate() - self.last_verified).days > 365


class RuleSet(models.Model):
    """One version of the routing rules. Drafts are previewed, one version is published; published versions are
    never edited (a change is a new draft)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        RETIRED = "retired", _("retired")

    version = models.PositiveIntegerField(unique=True, help_text=_("Version number."))
    rules = models.JSONField(help_text=_("Ordered rules: conditions and the contact kinds they advise, with reasons."))
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Draft, published or retired."),
    )
    note = models.CharField(max_length=200, blank=True, help_text=_("What changed in this version."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who made it."),
    )
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When it was made."))
    published_at = models.DateTimeField(null=True, blank=True, help_text=_("When it was published."))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who published it."),
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return f"v{self.version} ({self.status})"


class Question(models.Model):
    """The texts of one question of the guided flow, per content language. The question and its answer codes are
    fixed in code (samen.guide.questions.QUESTIONS); admins edit only what visitors read."""

    code = models.CharField(
        max_length=32,
        unique=True,
        help_text=_("Which question: who, sector, danger, form, age, unaccompanied, border, origin or municipality."),
    )
    translations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "Per language code: the question, its help text and the text of each answer, "
            "e.g. {'nl': {'label': …, 'help': …, 'options': {'victim': …}}}."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.code
