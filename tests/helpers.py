"""Test helpers that later issues reuse: signed-in clients and the three-organisation permission world."""

from dataclasses import dataclass

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.test import Client

from samen.accounts.models import Organisation, User
from tests.factories import OrganisationFactory, UserFactory


def signed_in(user: User, client: Client | None = None) -> Client:
    """A client signed in with password and a verified second factor, as after a real sign-in."""
    client = client or Client()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@dataclass
class PermissionWorld:
    """Three organisations, as in every permission test: the one that owns the data, a partner that received it
    through a recorded share, and an unrelated one that must see nothing."""

    owner: Organisation
    partner: Organisation
    unrelated: Organisation

    def person(self, party: str, *roles: str) -> User:
        return UserFactory(organisation=getattr(self, party), roles=list(roles))

    def clients(self, *roles: str) -> dict[str, Client]:
        return {party: signed_in(self.person(party, *roles)) for party in ("owner", "partner", "unrelated")}


def permission_world() -> PermissionWorld:
    return PermissionWorld(
        owner=OrganisationFactory(name="Eigenaar"),
        partner=OrganisationFactory(name="Partner", police=True),
        unrelated=OrganisationFactory(name="Onbetrokken"),
    )


def assert_statuses(clients: dict[str, Client], method: str, url: str, expected: dict[str, int], **kwargs) -> None:
    """Request `url` as each party and compare the status codes with `expected` in one assertion."""
    seen = {party: getattr(clients[party], method)(url, **kwargs).status_code for party in expected}
    assert seen == expected, f"{method.upper()} {url}: {seen} != {expected}"
