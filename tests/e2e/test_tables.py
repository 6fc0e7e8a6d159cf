"""Real Chromium on a signal table: the chair opens the table, sees the suggested routes, decides (a refused decision
first), the police find the task in their inbox, accept it and report back, the chair reads the feedback, and the
privacy officer sees the share; axe on every page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from django.utils import timezone

from samen.tables.services import agenda_add
from tests.factories import PASSWORD, UserFactory
from tests.signals.factories import make_signal
from tests.tables.factories import table_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACCOUNT = "Jonge vrouw wordt elke avond bij het station opgehaald door een oudere man."
FEEDBACK = "Het team mensenhandel heeft contact gelegd en een gesprek gepland."


def _sign_in(page, app: str, user) -> None:
    page.goto(app + "/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code").fill(f"{totp(device.bin_key, step=30, t0=0, digits=6):06d}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_a_table_decides_the_police_accept_and_report_back(page, browser, app, assert_accessible):
    world = table_world()
    chair = world.chair
    TOTPDevice.objects.create(user=chair, name="authenticator", confirmed=True)
    owner = world.member("care")
    signal = make_signal(world.care, reporter=owner, forms=["sexual"], indicators=["sexual-older-contacts-pickup"])
    agenda_add(table=world.table, signal=signal, purpose="signal-enrichment", by=owner)
    officer = UserFactory(organisation=world.police, roles=["table-member"], with_totp=True)
    privacy = UserFactory(roles=["privacy-officer"], with_totp=True)

    # The chair opens the table and the signal on its agenda.
    _sign_in(page, app, chair)
    page.get_by_role("link", name="Signalentafels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalentafels")
    assert_accessible(page)
    page.get_by_role("link", name=world.table.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.table.name)
    expect(page.get_by_test_id("agenda")).to_contain_text(signal.reference)
    assert_accessible(page)

    # The chair opens today's session with the signal on it.
    page.get_by_label("Datum (dd-mm-jjjj)").fill(timezone.localdate().strftime("%d-%m-%Y"))
    page.get_by_role("group", name="Agendapunten om te bespreken").get_by_label(signal.reference).check()
    page.get_by_role("button", name="Bijeenkomst openen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bijeenkomst van")
    expect(page.get_by_test_id("agenda")).to_contain_text(signal.reference)
    assert_accessible(page)
    page.get_by_role("link", name=signal.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(signal.reference)
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions).to_contain_text("Doorgeleiden naar politie")
    expect(suggestions).to_contain_text("Waarom:")
    assert_accessible(page)

    # A decision otherwise than suggested without a reason is refused, next to the field and in the summary.
    page.locator("#id_decision-outcome").select_option("route-care-coordinator")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Geef de reden waarom u anders besluit dan voorgesteld.")
    expect(page.locator("#id_decision-outcome")).to_have_value("route-care-coordinator")
    assert_accessible(page)

    # Route to the police, with a reason.
    page.locator("#id_decision-outcome").select_option("route-police")
    page.locator("#id_decision-recipient").select_option(label=world.police.name)
    page.locator("#id_decision-purpose").select_option("victim-protection")
    page.locator("#id_decision-reason").fill("Politie kent de locatie; direct oppakken.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Het besluit is vastgelegd.")
    expect(page.get_by_test_id("decisions")).to_contain_text("Doorgeleiden naar politie")

    # The police, in their own browser, find the task, accept it and report back.
    police_context = browser.new_context()
    police = police_context.new_page()
    _sign_in(police, app, officer)
    police.get_by_role("link", name="Werkbak").click()
    expect(police.get_by_role("heading", level=1)).to_have_text("Werkbak")
    expect(police.get_by_test_id("tasks")).to_contain_text(signal.reference)
    assert_accessible(police)
    police.get_by_role("link", name=signal.reference).click()
    expect(police.get_by_role("heading", level=1)).to_contain_text(signal.reference)
    expect(police.get_by_test_id("minimised-view")).to_contain_text(ACCOUNT)
    assert_accessible(police)
    police.get_by_role("button", name="Taak accepteren").click()
    expect(police.get_by_test_id("task-status")).to_have_text("geaccepteerd")
    police.get_by_role("button", name="Terugkoppeling versturen").click()
    expect(police.get_by_role("alert")).to_contain_text("Schrijf op wat ermee is gedaan.")
    assert_accessible(police)
    police.get_by_label("Wat er mee is gedaan").fill(FEEDBACK)
    police.get_by_role("button", name="Terugkoppeling versturen").click()
    expect(police.get_by_test_id("task-status")).to_have_text("teruggekoppeld")
    police_context.close()

    # The chair reads the feedback on the item.
    page.reload()
    expect(page.get_by_text(FEEDBACK)).to_be_visible()

    # The privacy officer sees the share with its legal basis.
    officer_context = browser.new_context()
    oversight = officer_context.new_page()
    _sign_in(oversight, app, privacy)
    oversight.get_by_role("link", name="Gegevensdelingen").click()
    expect(oversight.get_by_role("heading", level=1)).to_have_text("Gegevensdelingen")
    expect(oversight.get_by_test_id("shares")).to_contain_text("Bescherming van slachtoffers")
    assert_accessible(oversight)
    officer_context.close()
