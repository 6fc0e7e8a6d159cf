import io

import pytest

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from samen.accounts.models import User
from samen.accounts.oidc import SamenOIDCBackend
from samen.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


def test_new_recovery_codes_replace_the_old_ones_and_are_audited():
    user = UserFactory()
    client = signed_in(user)
    first = client.post(reverse("accounts:recovery_codes")).context["codes"]
    second = client.post(reverse("accounts:recovery_codes")).context["codes"]
    assert set(first).isdisjoint(second)
    assert user.staticdevice_set.get().token_set.count() == 10
    assert AuditEvent.objects.filter(actor_id=str(user.pk), reason="recovery-codes").count() == 2


def test_password_change_checks_the_old_password_and_strength():
    user = UserFactory()
    client = signed_in(user)
    url = reverse("accounts:password_change")
    weak = client.post(url, {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200 and "new_password2" in weak.context["form"].errors
    wrong = client.post(
        url,
        {
            "old_password": "fout",
            "new_password1": "x" * 4 + "Lang-genoeg-2026",
            "new_password2": "x" * 4 + "Lang-genoeg-2026",
        },
    )
    assert "old_password" in wrong.context["form"].errors
    ok = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Een-heel-nieuw-wachtwoord-7",
            "new_password2": "Een-heel-nieuw-wachtwoord-7",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Een-heel-nieuw-wachtwoord-7")
    assert AuditEvent.objects.filter(actor_id=str(user.pk), reason="password").exists()


def test_onboarding_registers_an_organisation_with_its_functional_admin():
    out = io.StringIO()
    call_command(
        "onboard_organisation",
        "--name",
        "Gemeente Zeist",
        "--type",
        "gemeente",
        "--municipality",
        "GM0355",
        "--admin-username",
        "beheer.zeist",
        "--admin-email",
        "beheer@zeist.example",
        stdout=out,
    )
    admin = User.objects.get(username="beheer.zeist")
    password = out.getvalue().split("initial password: ")[1].split()[0]
    assert admin.check_password(password)
    assert admin.organisation.name == "Gemeente Zeist" and admin.role_slugs == ["functional-admin"]
    assert admin.has_perm("accounts.manage_people")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--type", "bakkerij", "unknown organisation type"), ("--municipality", "GM9999", "unknown municipality")],
)
def test_onboarding_refuses_unknown_codes(option, value, message):
    args = {
        "--name": "X",
        "--type": "gemeente",
        "--municipality": "GM0355",
        "--admin-username": "x.admin",
        "--admin-email": "x@example.org",
        option: value,
    }
    with pytest.raises(CommandError, match=message):
        call_command("onboard_organisation", *[part for pair in args.items() for part in pair])
    assert not User.objects.filter(username="x.admin").exists()


@override_settings(
    OIDC_OP_TOKEN_ENDPOINT="https://idp.example/token",
    OIDC_OP_USER_ENDPOINT="https://idp.example/me",
    OIDC_RP_CLIENT_ID="samen",
    OIDC_RP_CLIENT_SECRET="s",
    OIDC_RP_SIGN_ALGO="RS256",
    OIDC_OP_JWKS_ENDPOINT="https://idp.example/jwks",
)
def test_oidc_signs_in_only_existing_active_accounts_matched_on_email():
    person = UserFactory(email="Sanne@Gemeente.example")
    UserFactory(email="oud@gemeente.example", is_active=False)
    backend = SamenOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "sanne@gemeente.example"})) == [person]
    assert not backend.filter_users_by_claims({"email": "oud@gemeente.example"}).exists()
    assert not backend.filter_users_by_claims({"email": ""}).exists()
    assert not backend.filter_users_by_claims({}).exists()
