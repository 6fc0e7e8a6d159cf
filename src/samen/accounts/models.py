"""Organisations of the chain and the people who work there.

A person's roles are Django groups named after the role slugs in the vocabulary; what a role may do is the set of
named permissions on its group (loaded from data/role-permissions.yaml), so code checks permissions, never roles.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True, help_text=_("The organisation's public name."))
    type = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type"),
        help_text=_("Organisation type from the vocabulary (the version it was registered under)."),
    )
    municipality = models.ForeignKey(
        "geo.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Where the organisation (or this branch of it) is based."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive organisations cannot sign in."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
        help_text=_("The one organisation this person works for; empty only for platform operators."),
    )
    session_generation = models.PositiveIntegerField(
        default=0, help_text=_("Raised by 'sign out everywhere': every older session stops being valid.")
    )
    is_demo = models.BooleanField(
        default=False,
        help_text=_("A synthetic demo account; only these may skip the second factor, in demo mode."),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("manage_people", _("Manage the people and roles of one's own organisation"))]

    def get_session_auth_hash(self) -> str:
        # Django invalidates a session whose stored hash no longer matches; folding in the generation makes
        # "sign out everywhere" a single counter increment.
        return salted_hmac(
            "samen.accounts.User.session",
            f"{self.password}:{self.session_generation}",
            algorithm="sha256",
        ).hexdigest()

    @property
    def role_slugs(self) -> list[str]:
        return sorted(group.name for group in self.groups.all())
