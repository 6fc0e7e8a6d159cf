"""Real Chromium: the functional admin keeps the Wegwijzer up to date. A contact's phone changes and is marked
checked; a new rule version is drafted, previewed against the published one, and published; a question is
translated, previewed and shown to visitors; axe on every page."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from samen.guide.models import Contact, Question, RuleSet
from samen.guide.routing import Answers, route
from samen.guide.services import ruleset_published
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

POLICE_FIRST = """- name: police first
  when: {}
  advise:
  - kind: police
    why:
      nl: Bel eerst de politie.
      en: Call the police first.
"""


def _sign_in_with_code(page, app: str, user) -> None:
    page.goto(app + "/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    key = TOTPDevice.objects.get(user=user).bin_key
    page.get_by_label("Code").fill(f"{totp(key, step=30, t0=0, digits=6):06d}")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


@pytest.fixture
def admin_page(page, app):
    admin = UserFactory(roles=["functional-admin"], with_totp=True)
    _sign_in_with_code(page, app, admin)
    return page


def test_the_admin_changes_a_contact_and_marks_it_checked(admin_page, app, assert_accessible):
    page = admin_page
    page.goto(app + "/wegwijzer-beheer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wegwijzer beheren")
    assert_accessible(page)
    page.get_by_role("navigation", name="Beheer van de Wegwijzer").get_by_role("link", name="Contacten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacten van de Wegwijzer")
    assert_accessible(page)
    page.get_by_role("link", name="Politie", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Politie")
    assert_accessible(page)

    # A mistake first: the message shows next to the field and in the summary, and the typed phone stays.
    page.get_by_label("Telefoon").fill("0900-8844 12")
    page.get_by_label("Webadres").fill("http://www.politie.nl")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul een webadres in dat begint met https://")
    expect(page.get_by_label("Telefoon")).to_have_value("0900-8844 12")
    assert_accessible(page)

    page.get_by_label("Webadres").fill("https://www.politie.nl")
    page.get_by_label("Ik heb deze gegevens vandaag gecontroleerd").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Politie is opgeslagen en vandaag gecontroleerd.")
    row = page.get_by_test_id("contacts").get_by_role("row").filter(has_text="Politie")
    expect(row.first).to_contain_text("0900-8844 12")
    assert_accessible(page)
    police = Contact.objects.get(kind="police")
    assert police.phone == "0900-8844 12"

    page.get_by_role("link", name="Contact toevoegen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact toevoegen")
    assert_accessible(page)

    page.goto(app + "/wegwijzer-beheer/teksten/pl/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teksten in het Polski")
    assert_accessible(page)
    page.get_by_role("link", name="Tekst bewerken FairWork").click()
    page.get_by_label("Beschrijving").fill("Pomoc dla pracowników, którzy są wykorzystywani.")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De tekst van FairWork is opgeslagen.")


def test_the_admin_drafts_previews_and_publishes_a_rule_version(admin_page, app, assert_accessible):
    page = admin_page
    danger = Answers(who="victim", danger=True)
    assert route(ruleset_published().rules, danger)[0].kind == "emergency"

    page.goto(app + "/wegwijzer-beheer/regels/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwijsregels")
    assert_accessible(page)
    page.get_by_role("link", name="Versie 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verwijsregels versie 1")
    assert_accessible(page)
    page.goto(app + "/wegwijzer-beheer/regels/")
    page.get_by_role("link", name="Nieuwe versie maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe versie van de verwijsregels")
    assert_accessible(page)

    rules = page.get_by_label("Regels (YAML)")
    published_text = rules.input_value()
    # Broken YAML is refused with the problem next to the field, and the text is kept as typed.
    rules.fill("- name: kapot\n  when: {who: alien}\n  advise: [{kind: police, why: {nl: x}}]")
    page.get_by_label("Wat er verandert in deze versie").fill("Politie eerst")
    page.get_by_role("button", name="Concept opslaan en bekijken").click()
    expect(page.get_by_role("alert")).to_contain_text("de voorwaarde who='alien' is onbekend")
    expect(page.get_by_label("Regels (YAML)")).to_have_value(
        "- name: kapot\n  when: {who: alien}\n  advise: [{kind: police, why: {nl: x}}]"
    )
    assert_accessible(page)

    page.get_by_label("Regels (YAML)").fill(POLICE_FIRST + published_text)
    page.get_by_role("button", name="Concept opslaan en bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Voorbeeld van versie 2")
    assert_accessible(page)

    page.get_by_label("Wie vraagt er").select_option("victim")
    page.get_by_label("Iemand is nu in gevaar").check()
    page.get_by_role("button", name="Advies tonen").click()
    expect(page.get_by_test_id("preview-summary")).to_contain_text("Het advies verschilt van de gepubliceerde versie.")
    expect(page.get_by_test_id("preview-candidate").locator("li").first).to_contain_text("Politie")
    expect(page.get_by_test_id("preview-published").locator("li").first).to_contain_text("Alarmnummer 112")
    assert_accessible(page)
    # Until it is published, visitors get version 1.
    assert route(ruleset_published().rules, danger)[0].kind == "emergency"

    page.get_by_role("link", name="Deze versie publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Versie 2 publiceren")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, versie 2 publiceren").click()
    expect(page.get_by_role("status")).to_contain_text("Versie 2 is gepubliceerd.")
    expect(page.get_by_test_id("rulesets").get_by_role("row").nth(1)).to_contain_text("gepubliceerd")
    assert_accessible(page)

    assert ruleset_published().version == 2
    assert route(ruleset_published().rules, danger)[0].kind == "police"
    assert RuleSet.objects.get(version=1).status == RuleSet.Status.RETIRED

    # A published version is read-only.
    page.goto(app + f"/wegwijzer-beheer/regels/{ruleset_published().pk}/bewerken/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit kan niet worden gewijzigd")
    assert_accessible(page)


def test_the_admin_translates_a_question_previews_it_and_visitors_see_it(admin_page, app, assert_accessible):
    page = admin_page
    page.goto(app + "/wegwijzer-beheer/teksten/pl/")
    questions = page.get_by_test_id("question-texts")
    expect(questions.get_by_role("row").filter(has_text="Who are you?")).to_contain_text("vertaling volgt")
    questions.get_by_role("link", name="Tekst bewerken Who are you?").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who are you?")
    assert_accessible(page)

    page.get_by_label(re.compile("^Vraag")).fill("Kim jesteś?")
    page.get_by_label("Antwoord: ik ben misschien slachtoffer").fill("Mogę być ofiarą")
    page.get_by_role("button", name="Voorbeeld").click()
    preview = page.get_by_test_id("question-preview")
    expect(preview.get_by_role("group", name="Kim jesteś?")).to_be_visible()
    expect(preview).to_contain_text("Mogę być ofiarą")
    expect(preview).to_contain_text("Vertaling volgt")  # two answers still show English
    assert_accessible(page)
    assert "pl" not in Question.objects.get(code="who").translations

    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De teksten van de vraag zijn opgeslagen.")
    assert_accessible(page)

    page.goto(app + "/wegwijzer/?lang=pl")
    who = page.get_by_role("group", name="Kim jesteś?")
    expect(who.get_by_label("Mogę być ofiarą")).to_be_visible()
    expect(who.get_by_label("I am worried about someone else")).to_be_visible()
    assert_accessible(page)
