"""Real Chromium: sign in with a real TOTP code, switch language, search the audit trail; axe on every page."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    assert "Deze code is niet juist" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.wait_for_timeout(1500)  # django-otp throttles a device for a second after a wrong code, as a person waits
    page.get_by_label("Code uit uw app").fill(_code_for_key(key))
    page.get_by_role("button", name="Bevestigen").click()
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Sanne"
    assert_accessible(page)


def test_returning_person_enters_the_code_and_switches_language(page, app, assert_accessible):
    user = UserFactory(first_name="Bram", with_totp=True)
    device = TOTPDevice.objects.get(user=user)
    _sign_in(page, app, user)
    page.wait_for_url("**/accounts/verify/**")
    assert_accessible(page)
    page.get_by_label("Code").fill(_code_for_key(device.bin_key))
    page.get_by_role("button", name="Verder").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Bram"
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Bram"
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_role("link", name="My account").click()
    assert_accessible(page)
    page.get_by_role("button", name="Nederlands").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn account"


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
    _sign_in(page, app, officer)
    page.get_by_label("Code").fill(_code_for_key(TOTPDevice.objects.get(user=officer).bin_key))
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("link", name="Audittrail doorzoeken").click()
    assert_accessible(page)
    page.get_by_label("Persoon (gebruikersnaam)").fill("hulpverlener1")
    page.get_by_role("button", name="Zoeken").click()
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 3
    assert "hulpverlener1" in rows.first.inner_text()
    assert_accessible(page)
    page.get_by_label("Vanaf (dd-mm-jjjj)").fill("31-02-2026")
    page.get_by_role("button", name="Zoeken").click()
    assert "Vul een geldige datum in (dd-mm-jjjj)." in page.get_by_role("alert").inner_text()
    assert_accessible(page)


def test_functional_admin_pages_are_accessible(page, app, assert_accessible):
    admin = UserFactory(roles=["functional-admin"], with_totp=True)
    colleague = UserFactory(organisation=admin.organisation, roles=["intake"])
    _sign_in(page, app, admin)
    page.get_by_label("Code").fill(_code_for_key(TOTPDevice.objects.get(user=admin).bin_key))
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("link", name="Personen beheren").click()
    assert_accessible(page)
    page.get_by_role("link", name="Persoon toevoegen").click()
    page.get_by_role("button", name="Toevoegen").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.goto(app + f"/accounts/people/{colleague.pk}/")
    assert_accessible(page)
    page.goto(app + "/audit/")
    assert page.get_by_role("heading", level=1).inner_text() == "U heeft geen toegang tot deze pagina"
    assert_accessible(page)
    page.goto(app + "/bestaat-niet/")
    assert_accessible(page)
