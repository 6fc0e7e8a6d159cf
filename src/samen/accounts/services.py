"""Writes for organisations, people, roles and sign-in. Each writes its audit event in the same transaction."""

import secrets

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.geo.services import regions_serving
from samen.taxonomy.selectors import term_current

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
) -> tuple[User, str]:
    """A functional admin adds a colleague to their own organisation. Returns the person and a random initial
    password, shown once to the admin to hand over in person; the colleague changes it and enrols an authenticator
    app at the first sign-in."""
    initial_password = secrets.token_urlsafe(12)
    person = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=by.organisation,
    )
    person.set_password(initial_password)
    _check_same_organisation(by=by, person=person)
    person.full_clean()
    person.save()
    person_set_roles(by=by, person=person, roles=roles)
    audit_record(actor=by, action=Action.CREATE, object_type="accounts.user", object_id=person.pk)
    return person, initial_password


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


@transaction.atomic
def recovery_codes_issue(*, person: User) -> list[str]:
    """Replace a person's recovery codes with ten new ones (shown once; each works once)."""
    static, _created = StaticDevice.objects.get_or_create(user=person, name="recovery", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [secrets.token_hex(8) for _ in range(RECOVERY_CODE_COUNT)]  # 64 bits each
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    audit_record(
        actor=person, action=Action.UPDATE, object_type="accounts.user", object_id=person.pk, reason="recovery-codes"
    )
    return codes


@transaction.atomic
def organisation_onboard(
    *, name: str, type_code: str, municipality_code: str, admin_username: str, admin_email: str
) -> tuple[Organisation, User, str]:
    """A platform operator registers an organisation with its first functional admin, who then adds colleagues.
    Returns the organisation, the admin and the admin's initial password (to hand over out of band)."""
    organisation = Organisation(
        name=name,
        type=term_current("organisation_type", type_code),
        municipality=regions_serving(municipality_code).municipality,
    )
    organisation.full_clean()
    organisation.save()
    initial_password = secrets.token_urlsafe(12)
    admin = User(username=admin_username, email=admin_email, organisation=organisation)
    admin.set_password(initial_password)
    admin.full_clean()
    admin.save()
    admin.groups.set(Group.objects.filter(name="functional-admin"))
    audit_record(actor=None, action=Action.CREATE, object_type="accounts.organisation", object_id=organisation.pk)
    audit_record(actor=None, action=Action.CREATE, object_type="accounts.user", object_id=admin.pk)
    return organisation, admin, initial_password
