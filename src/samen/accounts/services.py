"""Writes for organisations, people, roles and sign-in. Each writes its audit event in the same transaction."""

import secrets

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from samen.audit.models import Action
from samen.audit.services import audit_record

from .models import Organisation, User
from .roles import ROLE_SLUGS, role_permission_map

RECOVERY_CODE_COUNT = 10


def roles_load() -> dict[str, int]:
    """Create the role groups and give each exactly the permissions the data file names."""
    counts = {}
    for slug, names in role_permission_map().items():
        group, _created = Group.objects.get_or_create(name=slug)
        permissions = []
        for name in names:
            app_label, _, codename = name.partition(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise ValueError(f"role {slug}: permission {name} does not exist")
            permissions.append(permission)
        group.permissions.set(permissions)
        counts[slug] = len(permissions)
    return counts


def _check_same_organisation(*, by: User, person: User) -> None:
    if not by.has_perm("accounts.manage_people") or by.organisation_id != person.organisation_id:
        raise PermissionDenied("only a functional admin of the same organisation may manage this person")


@transaction.atomic
def person_create(
    *,
    by: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: list[str],
    password: str | None = None,
) -> User:
    """A functional admin adds a colleague to their own organisation. Without a password the person gets none
    usable until an admin sets one (or signs in through OpenID Connect)."""
    person = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=by.organisation,
    )
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    _check_same_organisation(by=by, person=person)
    person.full_clean()
    person.save()
    person_set_roles(by=by, person=person, roles=roles)
    audit_record(actor=by, action=Action.CREATE, object_type="accounts.user", object_id=person.pk)
    return person


@transaction.atomic
def person_set_roles(*, by: User, person: User, roles: list[str]) -> User:
    _check_same_organisation(by=by, person=person)
    unknown = set(roles) - set(ROLE_SLUGS)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    person.groups.set(Group.objects.filter(name__in=roles))
    audit_record(actor=by, action=Action.UPDATE, object_type="accounts.user", object_id=person.pk, reason="roles")
    return person


@transaction.atomic
def person_set_active(*, by: User, person: User, active: bool) -> User:
    _check_same_organisation(by=by, person=person)
    if person.pk == by.pk and not active:
        raise PermissionDenied("you cannot deactivate yourself")
    person.is_active = active
    person.session_generation += 1  # a deactivated person is signed out at once
    person.save(update_fields=["is_active", "session_generation"])
    audit_record(actor=by, action=Action.UPDATE, object_type="accounts.user", object_id=person.pk, reason="active")
    return person


@transaction.atomic
def person_reset_second_factor(*, by: User, person: User) -> None:
    """Remove a person's authenticator and recovery codes; they enrol again at their next sign-in."""
    _check_same_organisation(by=by, person=person)
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    person.session_generation += 1
    person.save(update_fields=["session_generation"])
    audit_record(actor=by, action=Action.UPDATE, object_type="accounts.user", object_id=person.pk, reason="2fa-reset")


@transaction.atomic
def sign_out_everywhere(*, person: User) -> None:
    """Invalidate every session of this person, on every device."""
    person.session_generation += 1
    person.save(update_fields=["session_generation"])
    audit_record(
        actor=person,
        action=Action.SIGN_OUT,
        object_type="accounts.user",
        object_id=person.pk,
        reason="everywhere",
    )


def totp_device_pending(*, person: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled, created once so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=person, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, person: User, device: TOTPDevice) -> list[str]:
    """Confirm an enrolled authenticator and issue fresh recovery codes (shown once; each works once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=person).exclude(pk=device.pk).delete()
    codes = recovery_codes_issue(person=person)
    audit_record(
        actor=person,
        action=Action.UPDATE,
        object_type="accounts.user",
        object_id=person.pk,
        reason="2fa-enrolled",
    )
    return codes


def recovery_codes_issue(*, person: User) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(user=person, name="recovery", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [secrets.token_hex(8) for _ in range(RECOVERY_CODE_COUNT)]  # 64 bits each
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    return codes


def organisation_create(*, name: str, type_term, municipality=None) -> Organisation:
    organisation = Organisation(name=name, type=type_term, municipality=municipality)
    organisation.full_clean()
    organisation.save()
    return organisation
