"""Real Chromium through the Wegwijzer, in Dutch and English, with JavaScript on and off: the questions, the
questions with errors, the advice, the page for professionals and search, with axe at every step."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from samen.geo.postcodes import postcodes_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
POSTCODES = Path(__file__).parents[1] / "geo" / "data" / "postcodes.csv"  # synthetic

TEXT = {
    "nl": {
        "start": "/wegwijzer/",
        "title": "Waar vindt u hulp?",
        "submit": "Laat zien wie kan helpen",
        "errors": "Verbeter het volgende",
        "choose_who": "Kies wie u bent.",
        "who": "Wie bent u?",
        "victim": "Ik ben misschien zelf slachtoffer",
        "professional": "Ik ben professional",
        "sector": "In welke sector werkt u?",
        "danger": "Is iemand nu in gevaar?",
        "yes": "Ja",
        "no": "Nee",
        "what": "Wat gebeurt er?",
        "labour": "Iemand moet heel hard werken",
        "age": "Is de persoon jonger dan 18?",
        "adult": "Nee, 18 of ouder",
        "minor": "Ja, jonger dan 18",
        "unaccompanied": "Is de jongere in Nederland zonder ouders?",
        "municipality": "In welke gemeente gebeurt het?",
        "unknown_municipality": "Deze gemeente kennen wij niet.",
        "unknown_postcode": "Deze postcode kunnen we niet vinden.",
        "postcode_found": "Postcode 1012 AB ligt in de gemeente Amsterdam.",
        "advice": "Wie kan helpen",
        "professionals_link": "Voor professionals: indicatoren en meldplichten",
        "professionals": "Voor professionals",
        "indicators": "Indicatoren per vorm van uitbuiting",
        "search_link": "Zoeken in de wegwijzer",
        "search_box": "Zoeken in de wegwijzer",
        "search": "Zoeken",
        "query": "anoniem",
        "hit": "Meld Misdaad Anoniem",
        "why": "De Arbeidsinspectie onderzoekt",
    },
    "en": {
        "start": "/en/guide/",
        "title": "Where can you find help?",
        "submit": "Show who can help",
        "errors": "Please correct the following",
        "choose_who": "Choose who you are.",
        "who": "Who are you?",
        "victim": "I may be a victim myself",
        "professional": "I am a professional",
        "sector": "In which sector do you work?",
        "danger": "Is someone in danger right now?",
        "yes": "Yes",
        "no": "No",
        "what": "What is happening?",
        "labour": "Someone has to work very hard",
        "age": "Is the person younger than 18?",
        "adult": "No, 18 or older",
        "minor": "Yes, younger than 18",
        "unaccompanied": "Is the young person in the Netherlands without their parents?",
        "municipality": "In which municipality is it happening?",
        "unknown_municipality": "We do not know this municipality.",
        "unknown_postcode": "We cannot find this postcode.",
        "postcode_found": "Postcode 1012 AB is in the municipality of Amsterdam.",
        "advice": "Who can help",
        "professionals_link": "For professionals: indicators and reporting duties",
        "professionals": "For professionals",
        "indicators": "Indicators per form of exploitation",
        "search_link": "Search the guide",
        "search_box": "Search the guide",
        "search": "Search",
        "query": "anonymous",
        "hit": "Meld Misdaad Anoniem",
        "why": "The Labour Inspectorate investigates",
    },
}


@pytest.fixture
def guide(app, settings):
    # The neutral site is out of reach in tests; a page of our own stands in for it.
    settings.SAMEN_QUICK_EXIT_URL = app + "/health/"
    return app


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def any_page(javascript, browser):
    context = browser.new_context(java_script_enabled=javascript)
    yield context.new_page()
    context.close()


@pytest.fixture
def check_accessible(javascript, browser, assert_accessible):
    """axe needs JavaScript to run. Without it, the same URL is checked in a second browser that has it: every page
    of the guide is a GET, so the URL gives exactly the same page (answers, errors and all)."""
    if javascript:
        yield assert_accessible
        return
    context = browser.new_context()
    checker = context.new_page()

    def check(page) -> None:
        checker.goto(page.url)
        expect(checker.get_by_role("heading", level=1)).to_have_text(page.get_by_role("heading", level=1).inner_text())
        assert_accessible(checker)

    yield check
    context.close()


def _group(page, name: str):
    return page.get_by_role("group", name=re.compile("^" + re.escape(name)))


def _kinds(page) -> list[str]:
    return page.locator("[data-kind]").evaluate_all("items => items.map(item => item.dataset.kind)")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_walk_the_guide(any_page, guide, check_accessible, language):
    page, text = any_page, TEXT[language]
    page.goto(guide + text["start"])
    expect(page.get_by_role("heading", level=1)).to_have_text(text["title"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_test_id("quick-exit")).to_have_attribute("href", guide + "/health/")
    check_accessible(page)

    # Nothing answered: the two required questions say so, in the summary and next to the question.
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_role("alert").filter(has_text=text["errors"])).to_contain_text(text["choose_who"])
    check_accessible(page)

    # An unknown municipality: the message is next to the field, and every other answer is kept.
    _group(page, text["who"]).get_by_label(text["victim"]).check()
    _group(page, text["danger"]).get_by_label(text["no"], exact=True).check()
    _group(page, text["what"]).get_by_label(re.compile(re.escape(text["labour"]))).check()
    _group(page, text["age"]).get_by_label(text["adult"]).check()
    page.get_by_label(text["municipality"]).fill("Atlantis")
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.locator("#id_municipality_error")).to_contain_text(text["unknown_municipality"])
    expect(page.get_by_label(text["municipality"])).to_have_value("Atlantis")
    expect(_group(page, text["who"]).get_by_label(text["victim"])).to_be_checked()
    expect(_group(page, text["age"]).get_by_label(text["adult"])).to_be_checked()
    check_accessible(page)

    page.get_by_label(text["municipality"]).fill("Amsterdam")
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["advice"])
    expect(page).to_have_url(re.compile(r"who=victim&.*danger=false.*form=labour.*municipality=Amsterdam"))
    assert _kinds(page)[:3] == ["labour-inspectorate", "fairwork", "care-coordinator"]
    expect(page.locator('[data-kind="labour-inspectorate"]')).to_contain_text(text["why"])
    expect(page.locator('[data-kind="labour-inspectorate"] a[href^="tel:"]')).to_have_text("0800-5151")
    check_accessible(page)

    page.get_by_role("link", name=text["professionals_link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["professionals"])
    expect(page.get_by_role("heading", name=text["indicators"])).to_be_visible()
    expect(page.locator('[data-form="labour"] li').first).to_be_visible()
    check_accessible(page)

    page.get_by_role("link", name=text["search_link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["search_box"])
    check_accessible(page)
    page.get_by_role("searchbox", name=text["search_box"]).fill(text["query"])
    page.get_by_role("button", name=text["search"], exact=True).click()
    expect(page.get_by_test_id("search-results")).to_contain_text(text["hit"])
    check_accessible(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_danger_shows_112_first_and_follow_up_questions_appear_without_script(
    any_page, guide, check_accessible, language
):
    page, text = any_page, TEXT[language]
    page.goto(guide + text["start"])
    # Follow-up questions and the 112 box need no script: CSS shows them once the answer makes them apply.
    expect(page.get_by_label(text["sector"])).to_be_hidden()
    expect(_group(page, text["unaccompanied"])).to_be_hidden()
    expect(page.get_by_test_id("danger-reveal")).to_be_hidden()
    _group(page, text["who"]).get_by_label(re.compile(re.escape(text["professional"]))).check()
    expect(page.get_by_label(text["sector"])).to_be_visible()
    _group(page, text["danger"]).get_by_label(text["yes"], exact=True).check()
    expect(page.get_by_test_id("danger-reveal")).to_be_visible()
    _group(page, text["age"]).get_by_label(text["minor"]).check()
    expect(_group(page, text["unaccompanied"])).to_be_visible()
    _group(page, text["unaccompanied"]).get_by_label(text["yes"], exact=True).check()
    check_accessible(page)
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_test_id("danger-112")).to_be_visible()
    assert _kinds(page)[:2] == ["emergency", "nidos"]
    check_accessible(page)


def test_another_content_language_is_marked_translation_pending(page, guide, assert_accessible):
    page.goto(guide + "/wegwijzer/")
    _group(page, TEXT["nl"]["who"]).get_by_label(TEXT["nl"]["victim"]).check()
    _group(page, TEXT["nl"]["danger"]).get_by_label("Nee", exact=True).check()
    page.get_by_label("Taal van het advies").select_option("pl")
    page.get_by_role("button", name=TEXT["nl"]["submit"]).click()
    expect(page.get_by_test_id("translation-pending")).to_contain_text("Vertaling volgt")
    assert_accessible(page)


def test_the_embedded_guide_has_no_site_chrome_and_may_be_framed(page, guide, assert_accessible):
    response = page.goto(guide + "/wegwijzer/?embed=1")
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXT["nl"]["title"])
    assert_accessible(page)
    _group(page, TEXT["nl"]["who"]).get_by_label(TEXT["nl"]["victim"]).check()
    _group(page, TEXT["nl"]["danger"]).get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name=TEXT["nl"]["submit"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXT["nl"]["advice"])
    expect(page).to_have_url(re.compile(r"embed=1"))
    expect(page.locator(".site-header")).to_have_count(0)
    assert_accessible(page)


ADVICE = "/wegwijzer/advies/?who=victim&danger=true&form=labour&age=minor&municipality=Utrecht&lang=nl"


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 640, "height": 480}])
def test_the_guide_reflows_on_a_small_phone_and_at_high_zoom(browser, guide, viewport):
    # 320 CSS pixels wide is a 1280-pixel window at 400% zoom (WCAG 1.4.10); 640 is the same at 200%.
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    for path in ("/wegwijzer/", ADVICE, "/wegwijzer/professionals/", "/wegwijzer/zoeken/?q=chat"):
        page.goto(guide + path)
        expect(page.get_by_test_id("quick-exit")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()


def test_the_printed_advice_is_the_advice_only(page, guide):
    page.goto(guide + ADVICE)
    page.emulate_media(media="print")
    expect(page.locator("[data-kind]").first).to_be_visible()
    expect(page.get_by_test_id("danger-112")).to_be_visible()
    expect(page.get_by_test_id("quick-exit")).to_be_hidden()
    expect(page.locator(".guide-more")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()


def test_no_request_leaves_the_site(page, guide):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/wegwijzer/", ADVICE, "/wegwijzer/professionals/", "/wegwijzer/zoeken/?q=chat"):
        page.goto(guide + path)
        expect(page.get_by_test_id("quick-exit")).to_be_visible()
    assert requests and all(url.startswith(guide) for url in requests), [u for u in requests if not u.startswith(guide)]
    assert page.context.cookies() == []


def test_the_questions_in_another_language_are_marked_translation_pending(any_page, guide, check_accessible):
    page = any_page
    page.goto(guide + "/wegwijzer/")
    page.get_by_role("navigation", name="De vragen in uw taal:").get_by_role("link", name="Polski").click()
    expect(page.get_by_test_id("translation-pending")).to_contain_text("Vertaling volgt")
    expect(page.locator('#question-who legend [lang="en"]')).to_have_text("Who are you?")
    check_accessible(page)
    _group(page, "Who are you?").get_by_label("I may be a victim myself").check()
    _group(page, "Is someone in danger right now?").get_by_label("No", exact=True).check()
    page.get_by_role("button", name=TEXT["nl"]["submit"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXT["nl"]["advice"])
    expect(page).to_have_url(re.compile(r"lang=pl"))
    expect(page.get_by_test_id("translation-pending")).to_contain_text("Vertaling volgt")
    check_accessible(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_postcode_finds_the_municipality(any_page, guide, check_accessible, language):
    postcodes_load(path=POSTCODES)
    page, text = any_page, TEXT[language]
    page.goto(guide + text["start"])
    _group(page, text["who"]).get_by_label(text["victim"]).check()
    _group(page, text["danger"]).get_by_label(text["no"], exact=True).check()
    page.get_by_label(text["municipality"]).fill("9999 ZZ")
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.locator("#id_municipality_error")).to_contain_text(text["unknown_postcode"])
    check_accessible(page)
    page.get_by_label(text["municipality"]).fill("1012 ab")
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["advice"])
    expect(page.get_by_test_id("postcode-municipality")).to_contain_text(text["postcode_found"])
    check_accessible(page)
