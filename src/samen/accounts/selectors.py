"""Reads of people, scoped to what the requesting person may see."""

from django.db.models import QuerySet

from .models import Organisation, User


def people_manageable_by(user: User) -> QuerySet[User]:
    """Only a functional admin sees people, and only those of their own organisation."""
    if not user.has_perm("accounts.manage_people") or user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id).prefetch_related("groups").order_by("username")


def has_second_factor(user: User) -> bool:
    return user.totpdevice_set.filter(confirmed=True).exists()


def organisations_all() -> QuerySet[Organisation]:
    """Organisation names are public facts of the chain; for choosing one in filters."""
    return Organisation.objects.order_by("name")


def user_ids_with_username(username: str) -> list[str]:
    return [str(pk) for pk in User.objects.filter(username=username).values_list("pk", flat=True)]


def usernames_by_id(ids) -> dict[str, str]:
    numeric = [int(pk) for pk in ids if str(pk).isdigit()]
    return {str(pk): name for pk, name in User.objects.filter(pk__in=numeric).values_list("pk", "username")}


def organisation_names_by_id(ids) -> dict[str, str]:
    numeric = [int(pk) for pk in ids if str(pk).isdigit()]
    return {str(pk): name for pk, name in Organisation.objects.filter(pk__in=numeric).values_list("pk", "name")}
