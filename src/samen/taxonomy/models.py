"""The shared vocabulary, in immutable versions. Records point at the Term of the version they were made under."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class VocabularyVersion(models.Model):
    version = models.CharField(max_length=32, unique=True, help_text=_("Version label, e.g. 2026.1."))
    published = models.DateField(help_text=_("Publication date of this version."))
    source = models.TextField(blank=True, help_text=_("Where the vocabulary comes from."))
    checksum = models.CharField(max_length=64, help_text=_("SHA-256 of the data file, to refuse silent edits."))
    loaded_at = models.DateTimeField(auto_now_add=True, help_text=_("When this version was loaded."))

    class Meta:
        ordering = ["published", "id"]
        verbose_name = _("vocabulary version")
        verbose_name_plural = _("vocabulary versions")

    def __str__(self) -> str:
        return self.version


class Term(models.Model):
    version = models.ForeignKey(
        VocabularyVersion,
        on_delete=models.PROTECT,
        related_name="terms",
        help_text=_("The version it belongs to."),
    )
    kind = models.CharField(max_length=40, db_index=True, help_text=_("Kind of term, e.g. exploitation_form."))
    code = models.CharField(max_length=80, help_text=_("Stable code within its kind."))
    parent_code = models.CharField(max_length=80, blank=True, help_text=_("Code of the parent term, if any."))
    label_nl = models.CharField(max_length=255, help_text=_("Dutch label."))
    label_en = models.CharField(max_length=255, help_text=_("English label."))
    description_nl = models.TextField(blank=True, help_text=_("Dutch description."))
    description_en = models.TextField(blank=True, help_text=_("English description."))
    source = models.CharField(max_length=255, blank=True, help_text=_("Public source the term is taken from."))
    position = models.PositiveIntegerField(default=0, help_text=_("Order within its kind."))
    extra = models.JSONField(default=dict, blank=True, help_text=_("Further attributes, per kind."))

    class Meta:
        ordering = ["kind", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "kind", "code"], name="unique_term_per_version")]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "nl").startswith("en") else self.label_nl

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "nl").startswith("en") else self.description_nl
