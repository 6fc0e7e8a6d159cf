"""Real Chromium: programme staff sign in with a TOTP code, read the dashboards and a KPI page (axe on each), and
download the progress letter with the button; they filter the inventory of campaigns and reporting points, and a
functional admin opens an entry to maintain it (axe on each)."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.monitoring.letter_world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, app: str, user) -> None:
    page.goto(app + "/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    key = TOTPDevice.objects.get(user=user).bin_key
    page.get_by_label("Code").fill(f"{totp(key, step=30, t0=0, digits=6):06d}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_programme_staff_read_the_dashboards_and_download_the_letter(page, app, assert_accessible):
    build_world()
    staff = UserFactory(roles=["programme-staff"], with_totp=True)
    _sign_in(page, app, staff)

    page.goto(app + "/dashboards/?period=2025-H1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards van het programma")
    expect(page.get_by_role("progressbar", name="Voortgang van Brede bewustwording")).to_have_attribute("value", "50")
    assert_accessible(page)

    page.get_by_role("link", name="Actielijn 1: Brede bewustwording").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actielijn 1: Brede bewustwording")
    expect(page.get_by_role("row", name="AL1.1 Campagne voor professionals")).to_contain_text("op schema")
    assert_accessible(page)

    page.get_by_role("link", name="Alle actielijnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards van het programma")
    page.get_by_role("link", name="Bij het OM ingeschreven verdachten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bij het OM ingeschreven verdachten")
    chart = page.get_by_role("img", name="Bij het OM ingeschreven verdachten")
    expect(chart).to_be_visible()
    expect(page.get_by_role("table", name="Bij het OM ingeschreven verdachten per jaar")).to_contain_text("190")
    assert_accessible(page)

    page.goto(app + "/dashboards/?period=2025-H1")
    with page.expect_download() as info:
        page.get_by_role("link", name="Voortgangsbrief downloaden (PDF)").click()
    download = info.value
    assert download.suggested_filename == "voortgangsbrief-2025-H1.pdf"
    with open(download.path(), "rb") as letter:
        assert letter.read(4) == b"%PDF"


def test_a_role_without_the_programme_gets_refused(page, app):
    intake = UserFactory(roles=["intake"], with_totp=True)
    _sign_in(page, app, intake)
    response = page.goto(app + "/dashboards/")
    assert response.status == 403


def test_programme_staff_filter_the_inventory_and_a_functional_admin_opens_an_entry(page, app, assert_accessible):
    build_world()
    staff = UserFactory(roles=["programme-staff"], with_totp=True)
    _sign_in(page, app, staff)

    page.goto(app + "/dashboards/")
    page.get_by_role("link", name="Bekijk de inventarisatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campagnes en meldpunten")
    campaigns = page.get_by_role("table", name=re.compile("^Bewustwordingscampagnes"))
    expect(campaigns).to_contain_text("Jouw twijfel, iemands kans")
    expect(campaigns).to_contain_text("Voortgangsbrief november 2024")
    assert_accessible(page)

    page.get_by_label("Soort").select_option("reporting-point")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=2, name="Meldpunten")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Bewustwordingscampagnes")).to_have_count(0)
    expect(page.get_by_role("row", name=re.compile("Meldpunt online signalen"))).to_contain_text("Landelijk")
    assert_accessible(page)

    page.context.clear_cookies()
    admin = UserFactory(roles=["functional-admin"], with_totp=True)
    _sign_in(page, app, admin)
    page.get_by_role("link", name="Campagnes en meldpunten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inventarisatie bijhouden")
    assert_accessible(page)
    page.get_by_role("link", name="Meldpunt online signalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldpunt online signalen")
    page.get_by_label("Doelgroep").fill("Burgers en professionals")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Opgeslagen")
    expect(page.get_by_label("Doelgroep")).to_have_value("Burgers en professionals")
    assert_accessible(page)
