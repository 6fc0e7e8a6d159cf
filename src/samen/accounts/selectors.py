"""Reads of people, scoped to what the requesting person may see."""

from django.db.models import QuerySet

from .models import User


def people_manageable_by(user: User) -> QuerySet[User]:
    """Only a functional admin sees people, and only those of their own organisation."""
    if not user.has_perm("accounts.manage_people") or user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id).prefetch_related("groups").order_by("username")


def has_second_factor(user: User) -> bool:
    return user.totpdevice_set.filter(confirmed=True).exists()
