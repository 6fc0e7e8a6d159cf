from datetime import timedelta

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _password_step(client: Client, user, password: str = PASSWORD):
    return client.post(LOGIN, {"username": user.username, "password": password})


def test_wrong_password_is_refused_with_a_clear_message_and_logged():
    user = UserFactory()
    response = _password_step(Client(), user, "wrong")
    assert response.status_code == 200
    assert "gebruikersnaam of het wachtwoord is niet juist" in response.content.decode()
    assert AuditEvent.objects.filter(action="denied", object_id=str(user.pk), reason="sign-in failed").exists()


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once():
    user = UserFactory()
    client = Client()
    response = _password_step(client, user)
    assert response.status_code == 302
    # Without a second factor every page leads to enrolment.
    assert client.get("/").status_code == 302
    response = client.get(reverse("accounts:setup"))
    assert response.status_code == 200 and "<svg" in response.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert (
        client.post(
            reverse("accounts:setup"), {"token": "000000" if _code(device) != "000000" else "111111"}
        ).status_code
        == 400
    )
    # Straight after a wrong code the device is throttled for a second: a retry then is refused with that reason.
    response = client.post(reverse("accounts:setup"), {"token": _code(device)})
    assert response.status_code == 400 and "Wacht" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        response = client.post(reverse("accounts:setup"), {"token": _code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(len(code) == 16 for code in codes)
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        assert client.get("/").status_code == 200


def test_second_sign_in_asks_the_code_and_refuses_a_wrong_one():
    user = UserFactory(with_totp=True)
    device = TOTPDevice.objects.get(user=user)
    client = Client()
    _password_step(client, user)
    assert client.get("/").url.startswith(reverse("accounts:verify"))
    response = client.post(reverse("accounts:verify"), {"token": "12345x"})
    assert response.status_code == 400
    assert "Deze code is niet juist" in response.content.decode()
    assert AuditEvent.objects.filter(action="denied", reason="wrong second-factor code").exists()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        # A person takes longer than the one-second throttle to type the right code.
        response = client.post(reverse("accounts:verify") + "?next=/accounts/me/", {"token": _code(device)})
        assert response.status_code == 302 and response.url == "/accounts/me/"
        assert client.get("/").status_code == 200


def test_a_recovery_code_works_once():
    user = UserFactory(with_totp=True)
    from samen.accounts.services import recovery_codes_issue

    code = recovery_codes_issue(person=user)[0]
    first, second = Client(), Client()
    _password_step(first, user)
    assert first.post(reverse("accounts:verify"), {"token": code}).status_code == 302
    _password_step(second, user)
    assert second.post(reverse("accounts:verify"), {"token": code}).status_code == 400


def test_repeated_failures_lock_the_account_out(settings):
    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _password_step(client, user, "wrong").status_code == 200
    response = _password_step(client, user, "wrong")
    assert response.status_code == 429
    # Even the right password is refused while locked.
    response = _password_step(client, user)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()


def test_an_idle_session_ends():
    client = signed_in(UserFactory())
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_an_active_session_stays():
    client = signed_in(UserFactory())
    for minutes in (20, 40):
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200


def test_sign_out_everywhere_ends_every_session():
    user = UserFactory()
    laptop, phone = signed_in(user), signed_in(user)
    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302


def test_sign_out_needs_post():
    client = signed_in(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory()
    assert user.password.startswith("argon2")


def test_forged_csrf_token_is_refused_with_a_dutch_page():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert "Dit formulier kon niet worden verstuurd" in response.content.decode()


def test_oversized_fields_get_a_form_error_not_a_crash():
    response = Client().post(LOGIN, {"username": "a" * 100_000, "password": "b" * 10_000})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["username"] == ["Dit is te lang: hooguit 150 tekens."]
    assert errors["password"] == ["Dit is te lang: hooguit 1024 tekens."]


def test_an_oversized_request_body_gets_400():
    response = Client().post(LOGIN, {"username": "x", "password": "y" * 3_000_000})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("demo_mode", "is_demo", "needs_code"), [(True, True, False), (True, False, True), (False, True, True)]
)
def test_only_demo_accounts_in_demo_mode_skip_the_second_factor(settings, demo_mode, is_demo, needs_code):
    settings.DEMO_MODE = demo_mode
    user = UserFactory(is_demo=is_demo)
    client = Client()
    _password_step(client, user)
    assert (client.get("/").status_code == 302) is needs_code


def test_demo_mode_shows_the_banner(settings):
    settings.DEMO_MODE = True
    response = signed_in(UserFactory()).get("/")
    assert "DEMO — synthetic data" in response.content.decode() or "DEMO — synthetische gegevens" in (
        response.content.decode()
    )
