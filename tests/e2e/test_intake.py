"""Real Chromium on the professional intake: sign in, fill the form, save a draft, reopen it, submit, read the
triage explanation, change the signal and its status, filter the list; axe on every page."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from samen.signals.models import Draft, Signal
from tests.factories import PASSWORD, UserFactory
from tests.signals.factories import make_signal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PICKUP = "Heeft nieuwe contacten die veel ouder zijn, of wordt opgehaald bij school"
ONLINE_ADS = "Online advertentie die 24 uur per dag beschikbaar is"
ID_RETAINED = "Een ander houdt het paspoort of ID-bewijs vast"
ACCOUNT = "Twee jonge vrouwen wonen boven de nagelstudio en worden elke avond met een busje opgehaald."


def _sign_in(page, app: str, user) -> None:
    page.goto(app + "/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code").fill(f"{totp(device.bin_key, step=30, t0=0, digits=6):06d}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def _group(page, name: str):
    return page.get_by_role("group", name=name)


def test_intake_with_a_draft_then_detail_edit_status_and_list(page, app, assert_accessible):
    user = UserFactory(first_name="Iris", roles=["intake"], with_totp=True)
    earlier = make_signal(user.organisation, account="Eerder signaal met hetzelfde nummer.")
    _sign_in(page, app, user)

    page.get_by_role("link", name="Signaal melden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal melden")
    assert_accessible(page)

    # Submitting without an account: errors next to the field and in the summary, nothing lost.
    page.get_by_label("Eigen kenmerk van uw organisatie").fill("ZK-E2E-1")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Dit veld is verplicht.")
    expect(page.get_by_label("Eigen kenmerk van uw organisatie")).to_have_value("ZK-E2E-1")
    assert_accessible(page)

    page.get_by_label("Datum waarop het gezien is (dd-mm-jjjj)").fill("02-03-2026")
    page.get_by_label("Gemeente").fill("Utrecht")
    page.get_by_label("Soort plaats").select_option(label="Woning")
    forms = _group(page, "Vermoede vormen van uitbuiting")
    forms.get_by_label("Seksuele uitbuiting").check()
    forms.get_by_label("Arbeidsuitbuiting").check()
    _group(page, "Seksuele uitbuiting (niet verplicht)").get_by_label(PICKUP).check()
    _group(page, "Seksuele uitbuiting (niet verplicht)").get_by_label(ONLINE_ADS).check()
    _group(page, "Arbeidsuitbuiting (niet verplicht)").get_by_label(ID_RETAINED).check()
    page.get_by_label("Wat er gezien is").fill(ACCOUNT)
    person = _group(page, "Persoon 1")
    person.get_by_label("Rol").select_option(label="Mogelijk slachtoffer")
    person.get_by_label(re.compile(r"^Naam\b")).fill("Eva de Jong")
    person.get_by_label("Geschatte leeftijd").fill("20")
    person.get_by_label("Telefoonnummers").fill("06 12345678")

    # Save a draft first, then find it again under "My drafts".
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Concept opgeslagen om")
    assert Draft.objects.filter(owner=user).count() == 1
    page.get_by_role("link", name="Mijn concepten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn concepten")
    expect(page.locator("table.data-table tbody tr")).to_have_count(1)
    expect(page.locator("table.data-table")).to_contain_text("ZK-E2E-1")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Verder")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal melden")
    expect(_group(page, "Persoon 1").get_by_label(re.compile(r"^Naam\b"))).to_have_value("Eva de Jong")
    expect(_group(page, "Arbeidsuitbuiting (niet verplicht)").get_by_label(ID_RETAINED)).to_be_checked()
    expect(page.get_by_label("Wat er gezien is")).to_have_value(ACCOUNT)
    assert_accessible(page)

    page.get_by_role("button", name="Signaal versturen").click()
    signal = Signal.objects.get(own_reference="ZK-E2E-1")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signaal {signal.reference}")
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    assert not Draft.objects.filter(owner=user).exists()
    expect(page.get_by_role("heading", name="Waarom deze urgentie")).to_be_visible()
    scores = page.get_by_test_id("triage-scores")
    expect(scores).to_contain_text("Seksuele uitbuiting")
    expect(scores).to_contain_text(f"{ID_RETAINED} (3)")
    expect(page.get_by_test_id("duplicate-hint")).to_contain_text(earlier.reference)
    expect(page.locator("body")).to_contain_text("+31612345678")
    assert_accessible(page)

    # Change the signal: the history grows, the triage is worked out again.
    page.get_by_role("link", name="Dit signaal wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signaal {signal.reference} wijzigen")
    assert_accessible(page)
    page.get_by_label("Iemand is nu in direct gevaar").check()
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw wijzigingen zijn opgeslagen")
    expect(page.locator(".signal-badges")).to_contain_text("Acuut")
    expect(page.get_by_test_id("history").locator("tbody tr")).to_have_count(2)

    page.get_by_label("Nieuwe status").select_option("in-progress")
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_role("status")).to_contain_text("De status is gewijzigd.")
    expect(page.get_by_test_id("history").locator("tbody tr")).to_have_count(3)
    assert_accessible(page)

    # The list, filtered by form: only the new signal deals with labour exploitation.
    page.get_by_role("link", name="Alle signalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalen")
    expect(page.locator("table.signal-table tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.get_by_label("Vorm van uitbuiting").select_option(label="Arbeidsuitbuiting")
    page.get_by_role("button", name="Filteren").click()
    rows = page.locator("table.signal-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(signal.reference)
    expect(rows.first).to_contain_text("Acuut")
    assert_accessible(page)
    page.get_by_label("Ontvangen vanaf (dd-mm-jjjj)").fill("31-02-2026")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul een geldige datum in (dd-mm-jjjj).")
    assert_accessible(page)


def test_the_drafts_page_without_drafts_is_accessible(page, app, assert_accessible):
    user = UserFactory(roles=["intake"], with_totp=True)
    _sign_in(page, app, user)
    page.goto(app + "/signalen/concepten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn concepten")
    expect(page.locator("main")).to_contain_text("U heeft geen concepten.")
    assert_accessible(page)
    page.goto(app + "/en/signals/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a signal")
    assert_accessible(page)


def test_the_form_saves_itself_every_30_seconds_with_javascript(page, app, assert_accessible):
    user = UserFactory(roles=["intake"], with_totp=True)
    _sign_in(page, app, user)
    page.clock.install()
    page.goto(app + "/signalen/nieuw/")
    page.get_by_label("Wat er gezien is").fill(ACCOUNT)
    page.clock.run_for(31_000)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Concept automatisch opgeslagen om")
    draft = Draft.objects.get(owner=user)
    assert draft.data["account"] == [ACCOUNT]
    expect(page.locator("input[name=concept]")).to_have_value(str(draft.pk))
    # A second round saves into the same draft; submitting then removes it.
    page.locator("[data-autosave-status]").evaluate("element => { element.textContent = ''; }")
    page.get_by_label("Eigen kenmerk van uw organisatie").fill("ZK-AUTO")
    page.clock.run_for(31_000)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Concept automatisch opgeslagen om")
    draft.refresh_from_db()
    assert Draft.objects.filter(owner=user).count() == 1 and draft.data["own_reference"] == ["ZK-AUTO"]
    assert_accessible(page)
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signaal S-")
    assert Draft.objects.filter(owner=user).count() == 0
    assert Signal.objects.get().own_reference == "ZK-AUTO"
