"""Real Chromium on the public report form: with and without JavaScript, the receipt, the status page, the quick
exit, and axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from samen.signals.models import Signal, SignalEvent
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DANGER = "Is iemand nu in gevaar?"


@pytest.fixture
def public(app, settings):
    organisation = OrganisationFactory(name="Centraal meldpunt (e2e)")
    settings.SAMEN_PUBLIC_INTAKE_ORGANISATION = organisation.name
    # The neutral site is out of reach in tests; a page of our own stands in for it.
    settings.SAMEN_QUICK_EXIT_URL = app + "/health/"
    return app


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def _fill_report(page, *, danger: str = "Nee") -> None:
    page.get_by_role("group", name=DANGER).get_by_label(danger, exact=True).check()
    page.get_by_label("Wat heeft u gezien of gehoord?").fill(
        "Bij de kassen wonen arbeiders met tien man in een caravan. Ze werken elke dag, ook op zondag."
    )
    page.get_by_label("Wanneer zag u het?").fill("14-02-2026")
    page.get_by_label("In welke gemeente?").fill("Westland")
    page.get_by_label("Boerderij of tuinbouwbedrijf").check()
    page.get_by_label("Arbeidsuitbuiting").check()
    page.get_by_label("Telefoonnummers").fill("06 12345678")


def _receipt(page) -> tuple[str, str]:
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank u wel. Uw melding is ontvangen.")
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    phrase = page.get_by_test_id("secret-phrase").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert re.fullmatch(r"([A-Z2-9]{4}-){4}[A-Z2-9]{4}", phrase)
    return code, phrase


def _open_status(page, app: str, code: str, phrase: str) -> None:
    page.goto(app + "/melden/status/")
    page.get_by_label("Ontvangstcode").fill(code)
    page.get_by_label("Geheime zin").fill(phrase)
    page.get_by_role("button", name="Toon mijn melding").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Ontvangen")


def _add_information(page, text: str) -> None:
    page.get_by_label("Wat wilt u toevoegen?").fill(text)
    page.get_by_role("button", name="Toevoegen aan mijn melding").click()
    expect(page.get_by_test_id("information-added")).to_contain_text("Uw informatie is aan uw melding toegevoegd.")


def test_report_without_javascript_then_check_and_add(page_without_js, public):
    page = page_without_js
    page.goto(public + "/melden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld een vermoeden van mensenhandel")
    expect(page.get_by_test_id("quick-exit")).to_have_attribute("href", public + "/health/")
    # The 112 notice needs no script: choosing "yes" shows it at once (CSS), and it is always at the top.
    expect(page.get_by_test_id("danger-reveal")).to_be_hidden()
    page.get_by_role("group", name=DANGER).get_by_label("Ja", exact=True).check()
    expect(page.get_by_test_id("danger-reveal")).to_be_visible()
    _fill_report(page)
    page.get_by_role("button", name="Melding versturen").click()
    code, phrase = _receipt(page)
    assert phrase not in page.url
    signal = Signal.objects.get()
    assert signal.channel == "public-form" and signal.municipality.name == "Westland"
    _open_status(page, public, code, phrase)
    _add_information(page, "Er staat nu ook een witte bus bij de kas.")
    assert SignalEvent.objects.get(kind="addition").text == "Er staat nu ook een witte bus bij de kas."


def test_report_with_javascript_and_axe_on_every_page(page, public, assert_accessible):
    page.goto(public + "/melden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld een vermoeden van mensenhandel")
    assert_accessible(page)
    # Sending it empty: errors in the summary and next to the fields, and still accessible.
    page.get_by_role("group", name=DANGER).get_by_label("Ja", exact=True).check()
    page.get_by_label("Naam of bijnaam van de persoon die misschien slachtoffer is").fill("Mila")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("alert").filter(has_text="Verbeter het volgende")).to_contain_text(
        "Schrijf op wat u heeft gezien."
    )
    expect(page.get_by_test_id("danger-112")).to_be_visible()
    expect(page.get_by_label("Naam of bijnaam van de persoon die misschien slachtoffer is")).to_have_value("Mila")
    assert_accessible(page)
    _fill_report(page, danger="Ja")
    page.get_by_role("button", name="Melding versturen").click()
    code, phrase = _receipt(page)
    expect(page.get_by_test_id("danger-112")).to_contain_text("112")
    assert_accessible(page)
    page.goto(public + "/melden/status/")
    page.get_by_label("Ontvangstcode").fill(code)
    page.get_by_label("Geheime zin").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Toon mijn melding").click()
    expect(page.get_by_role("alert")).to_contain_text("De ontvangstcode of de geheime zin klopt niet.")
    assert_accessible(page)
    _open_status(page, public, code, phrase)
    assert_accessible(page)
    _add_information(page, "De bus heeft een Pools kenteken.")
    assert_accessible(page)


def test_the_english_form_is_english_and_accessible(page, public, assert_accessible):
    page.goto(public + "/en/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a suspicion of human trafficking")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    page.goto(public + "/en/report/status/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check or add to your report")
    assert_accessible(page)


def test_quick_exit_replaces_the_page_in_history(page, public):
    page.goto(public + "/melden/")
    page.get_by_test_id("quick-exit").click()
    page.wait_for_url(public + "/health/")
    page.go_back()
    page.wait_for_timeout(300)
    assert "/melden/" not in page.url


def test_escape_three_times_leaves_quickly(page, public):
    page.goto(public + "/melden/status/")
    page.get_by_label("Ontvangstcode").focus()
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(public + "/health/")
    page.go_back()
    page.wait_for_timeout(300)
    assert "/melden/" not in page.url


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 640, "height": 480}])
def test_the_form_reflows_on_a_small_phone_and_at_high_zoom(browser, public, viewport):
    # 320 CSS pixels wide is a 1280-pixel window at 400% zoom (WCAG 1.4.10); 640 is the same at 200%.
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    for path in ("/melden/", "/melden/status/"):
        page.goto(public + path)
        expect(page.get_by_test_id("quick-exit")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()
