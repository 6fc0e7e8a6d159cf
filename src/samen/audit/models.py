"""The audit trail: append-only events, and seals that chain them in commit order.

An event never holds case content or personal data in clear: people are referred to by internal ids (staff) or
by a keyed pseudonym (data subjects). The tables refuse UPDATE and DELETE through triggers (see triggers.py).
"""

import hashlib
import json
from datetime import UTC

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("create")
    READ = "read", _("read")
    SEARCH = "search", _("search")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    SHARE = "share", _("share")
    SIGN_IN = "sign-in", _("sign in")
    SIGN_OUT = "sign-out", _("sign out")
    DENIED = "denied", _("denied")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("success")
    DENIED = "denied", _("denied")
    FAILURE = "failure", _("failure")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True, help_text=_("When it happened (UTC)."))
    actor_id = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Internal id of the person who acted; empty for anonymous."),
    )
    actor_organisation_id = models.CharField(
        max_length=64, blank=True, db_index=True, help_text=_("Internal id of the person's organisation.")
    )
    on_behalf_of = models.CharField(
        max_length=64, blank=True, help_text=_("Internal id of the organisation or person acted for, if any.")
    )
    action = models.CharField(max_length=16, choices=Action.choices, db_index=True, help_text=_("What was done."))
    object_type = models.CharField(max_length=64, blank=True, db_index=True, help_text=_("Kind of object touched."))
    object_id = models.CharField(max_length=64, blank=True, db_index=True, help_text=_("Id of the object touched."))
    subjects = models.JSONField(
        default=list, blank=True, help_text=_("Keyed pseudonyms of the data subjects whose data was touched.")
    )
    purpose = models.CharField(max_length=64, blank=True, help_text=_("Purpose code from the vocabulary."))
    legal_basis = models.CharField(max_length=64, blank=True, help_text=_("Legal-basis code from the vocabulary."))
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    reason = models.CharField(max_length=255, blank=True, help_text=_("Why a request was refused or failed."))
    request_id = models.CharField(max_length=64, blank=True, help_text=_("Correlates events of one request."))

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        permissions = [("search_audit", _("Search the audit trail"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def canonical(self) -> bytes:
        """The event's content in one fixed byte form; its hash is what a seal covers."""
        occurred = self.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        fields = {
            "id": self.pk,
            "occurred_at": occurred,
            "actor_id": self.actor_id,
            "actor_organisation_id": self.actor_organisation_id,
            "on_behalf_of": self.on_behalf_of,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "subjects": sorted(self.subjects or []),
            "purpose": self.purpose,
            "legal_basis": self.legal_basis,
            "outcome": self.outcome,
            "reason": self.reason,
            "request_id": self.request_id,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def digest(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class AuditSeal(models.Model):
    """One link of the hash chain: covers the previous seal and a batch of events committed since."""

    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
        help_text=_("The seal this one follows; unique, so two sealers cannot fork the chain."),
    )
    height = models.PositiveIntegerField(
        unique=True,
        help_text=_("Position in the chain, from 1; unique, so even two first seals cannot coexist."),
    )
    sealed_at = models.DateTimeField(default=timezone.now, help_text=_("When the seal was made."))
    event_count = models.PositiveIntegerField(help_text=_("How many events this seal covers."))
    digest = models.CharField(max_length=64, help_text=_("SHA-256 over the previous digest and the batch."))

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")

    def __str__(self) -> str:
        return f"seal {self.pk}: {self.digest}"


class AuditSealedEvent(models.Model):
    """Which seal covers an event, with the event's digest at sealing time."""

    event = models.OneToOneField(
        AuditEvent,
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="sealed",
        help_text=_("The event."),
    )
    seal = models.ForeignKey(
        AuditSeal, on_delete=models.PROTECT, related_name="entries", help_text=_("The seal that covers it.")
    )
    event_digest = models.CharField(max_length=64, help_text=_("SHA-256 of the event's canonical form."))

    class Meta:
        ordering = ["event_id"]
        verbose_name = _("sealed audit event")
        verbose_name_plural = _("sealed audit events")

    def __str__(self) -> str:
        return f"event {self.event_id} in seal {self.seal_id}"
