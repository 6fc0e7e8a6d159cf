"""Real Chromium: sign in with a real TOTP code, switch language, search the audit trail; axe on every page."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from samen.audit.services import audit_record
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _code_for_key(key: bytes) -> str:
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def _sign_in(page, app: str, user, assert_accessible=None) -> None:
    page.goto(app + "/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    if assert_accessible:
        assert_accessible(page)
    page.get_by_role("button", name="Inloggen").click()


def _sign_in_with_code(page, app: str, user) -> None:
    _sign_in(page, app, user)
    page.get_by_label("Code").fill(_code_for_key(TOTPDevice.objects.get(user=user).bin_key))
    page.get_by_role("button", name="Verder").click()


def test_first_sign_in_with_a_real_totp_code(page, app, assert_accessible):
    user = UserFactory(first_name="Sanne", roles=["table-chair"])
    _sign_in(page, app, user, assert_accessible)
    page.wait_for_url("**/accounts/setup/**")
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    # A wrong code first: the error shows next to the field and in the summary.
    page.get_by_label("Code uit uw app").fill("000000" if _code_for_key(key) != "000000" else "111111")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code is niet juist")
    assert_accessible(page)
    page.wait_for_timeout(1500)  # django-otp throttles a device for a second after a wrong code, as a person waits
    page.get_by_label("Code uit uw app").fill(_code_for_key(key))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne")
    assert_accessible(page)


def test_returning_person_enters_the_code_and_switches_language(page, app, assert_accessible):
    user = UserFactory(first_name="Bram", with_totp=True)
    device = TOTPDevice.objects.get(user=user)
    _sign_in(page, app, user)
    page.wait_for_url("**/accounts/verify/**")
    assert_accessible(page)
    page.get_by_label("Code").fill(_code_for_key(device.bin_key))
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Bram")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Bram")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    assert_accessible(page)
    page.get_by_role("link", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")


def test_privacy_officer_searches_the_audit_trail(page, app, assert_accessible):
    officer = UserFactory(roles=["privacy-officer"], with_totp=True)
    worker = UserFactory(username="hulpverlener1")
    for object_id in (1, 2, 3):
        audit_record(
            actor=worker,
            action="read",
            object_type="signals.signal",
            object_id=object_id,
            purpose="signal-enrichment",
        )
    audit_record(actor=officer, action="read", object_type="signals.signal", object_id=9)
    _sign_in_with_code(page, app, officer)
    page.get_by_role("link", name="Audittrail doorzoeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audittrail")
    assert_accessible(page)
    page.get_by_label("Persoon (gebruikersnaam)").fill("hulpverlener1")
    page.get_by_role("button", name="Zoeken").click()
    rows = page.locator("table.data-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("hulpverlener1")
    assert_accessible(page)
    page.get_by_label("Vanaf (dd-mm-jjjj)").fill("31-02-2026")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul een geldige datum in (dd-mm-jjjj).")
    assert_accessible(page)


def test_functional_admin_pages_are_accessible(page, app, assert_accessible):
    admin = UserFactory(roles=["functional-admin"], with_totp=True)
    colleague = UserFactory(organisation=admin.organisation, roles=["intake"])
    _sign_in_with_code(page, app, admin)
    page.get_by_role("link", name="Personen beheren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Personen van")
    assert_accessible(page)
    page.get_by_role("link", name="Persoon toevoegen").click()
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.goto(app + f"/accounts/people/{colleague.pk}/")
    assert_accessible(page)
    page.goto(app + "/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("U heeft geen toegang tot deze pagina")
    assert_accessible(page)
    page.goto(app + "/bestaat-niet/")
    assert_accessible(page)


def test_public_and_error_pages_are_accessible(page, app, assert_accessible, settings):
    page.goto(app + "/en/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Samen")
    assert_accessible(page)
    page.goto(app + "/bestaat-niet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_accessible(page)
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(app + "/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill("fout")
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen tijdelijk geblokkeerd")
    assert_accessible(page)


def test_new_colleague_gets_an_initial_password_and_changes_it(page, app, assert_accessible):
    admin = UserFactory(roles=["functional-admin"], with_totp=True)
    _sign_in_with_code(page, app, admin)
    page.goto(app + "/accounts/people/new/")
    page.get_by_label("Gebruikersnaam").fill("nieuw.collega")
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("E-mailadres").fill("noor@example.org")
    page.get_by_label("Intake").check()
    page.get_by_role("button", name="Toevoegen").click()
    initial = page.get_by_test_id("initial-password").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Samen")
    page.get_by_label("Gebruikersnaam").fill("nieuw.collega")
    page.get_by_label("Wachtwoord").fill(initial)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/setup/**")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit uw app").fill(_code_for_key(base64.b32decode(secret + "=" * (-len(secret) % 8))))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_test_id("recovery-codes")).to_be_visible()
    page.goto(app + "/accounts/me/password/")
    assert_accessible(page)
    page.get_by_label("Oud wachtwoord").fill(initial)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Mijn-eigen-lange-zin-2026")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Mijn-eigen-lange-zin-2026")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw wachtwoord is gewijzigd.")
