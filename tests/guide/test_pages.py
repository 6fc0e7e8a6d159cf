"""The Wegwijzer's public pages: every scenario through the HTML advice, errors that keep the answers, languages,
the page for professionals, search, and the victim-safety promises (no cookies, no referrer, no cache, nothing
from other sites)."""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urlparse

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import translation

from samen.geo.models import Region
from samen.guide.forms import POSTCODE_NOT_YET, UNKNOWN_MUNICIPALITY
from samen.guide.models import Contact, RuleSet
from samen.taxonomy.selectors import terms_current
from tests.factories import UserFactory
from tests.guide.scenarios import SCENARIOS
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

START, ADVICE, PROFESSIONALS, SEARCH = (
    "/wegwijzer/",
    "/wegwijzer/advies/",
    "/wegwijzer/professionals/",
    "/wegwijzer/zoeken/",
)
UNKNOWN_MUNICIPALITY_NL = "Deze gemeente kennen wij niet."


def query(params: dict) -> str:
    """Answers as the form sends them: booleans as true/false."""
    return urlencode({key: str(value).lower() if isinstance(value, bool) else value for key, value in params.items()})


def kinds_on(page: str) -> list[str]:
    return re.findall(r'data-kind="([^"]+)"', page)


def advice_page(params: dict, client: Client | None = None, prefix: str = ADVICE):
    response = (client or Client()).get(f"{prefix}?{query(params)}")
    return response, response.content.decode()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def test_scenario_through_the_advice_page(scenario):
    response, page = advice_page(scenario.params)
    assert response.status_code == 200
    kinds = kinds_on(page)
    assert kinds[: len(scenario.first)] == scenario.first, kinds
    assert set(scenario.includes) <= set(kinds), kinds
    assert not set(scenario.excludes) & set(kinds), kinds


def test_the_questions_page_asks_every_question_in_dutch():
    response = Client().get(START)
    page = response.content.decode()
    assert response.status_code == 200
    for question in (
        "Wie bent u?",
        "In welke sector werkt u?",
        "Is iemand nu in gevaar?",
        "Wat gebeurt er?",
        "Is de persoon jonger dan 18?",
        "Is de jongere in Nederland zonder ouders?",
        "Gebeurt het bij een grens, in een haven of op een luchthaven?",
        "Komt de persoon uit een land buiten de Europese Unie?",
        "In welke gemeente gebeurt het?",
    ):
        assert question in page
    assert 'method="get"' in page and f'action="{ADVICE}"' in page
    assert 'list="guide-municipalities"' in page and '<option value="Amsterdam">' in page
    assert "csrfmiddlewaretoken" not in page


def test_english_lives_under_en_guide():
    page = Client().get("/en/guide/").content.decode()
    assert "Who are you?" in page and 'action="/en/guide/advice/"' in page
    assert 'href="/wegwijzer/" lang="nl"' in page


def test_the_advice_shows_how_to_reach_each_contact():
    _response, page = advice_page({"who": "victim", "danger": True, "form": "labour", "age": "adult"})
    assert 'href="tel:112"' in page and 'href="tel:09008844"' in page
    assert 'href="https://www.fairwork.nu"' in page
    assert "Dag en nacht" in page  # hours
    assert '<span lang="pl">Polski</span>' in page  # FairWork's languages
    assert "Kunt u anoniem blijven?" in page
    assert 'data-testid="danger-112"' in page  # 112 first, unmissable
    assert page.index('data-testid="danger-112"') < page.index('data-kind="emergency"')


def test_no_danger_shows_no_112_box():
    _response, page = advice_page({"who": "victim", "danger": False, "form": "labour", "age": "adult"})
    assert 'data-testid="danger-112"' not in page


def test_the_report_form_link_follows_the_interface_language():
    params = {"who": "concerned", "danger": False}
    assert 'href="/melden/"' in advice_page(params)[1]
    assert 'href="/en/report/"' in advice_page(params, prefix="/en/guide/advice/")[1]


def test_a_regional_contact_names_its_region():
    Contact.objects.create(
        kind="care-coordinator",
        region=Region.objects.get(code="zc-amsterdam"),
        name="Zorgcoördinatie Amsterdam (test)",
        phone="020-0000000",
        last_verified="2026-11-01",
    )
    _response, page = advice_page({"who": "victim", "danger": False, "age": "adult", "municipality": "Amsterdam"})
    assert kinds_on(page)[0] == "care-coordinator"
    assert "Zorgcoördinatie Amsterdam (test)" in page and "Voor de regio" in page
    _response, utrecht = advice_page({"who": "victim", "danger": False, "age": "adult", "municipality": "Utrecht"})
    assert "Zorgcoördinatie Amsterdam (test)" not in utrecht


@pytest.mark.parametrize("typed", ["Amsterdam", "amsterdam", " AMSTERDAM ", "GM0363", "363"])
def test_a_municipality_is_found_by_name_or_code(typed):
    response, page = advice_page({"who": "victim", "danger": False, "municipality": typed})
    assert response.status_code == 200 and "<dd>Amsterdam</dd>" in page


@pytest.mark.parametrize("typed", ["Den Haag", "Súdwest-Fryslân", "sudwest-fryslan", "Rijswijk"])
def test_everyday_names_and_accents_are_understood(typed):
    assert advice_page({"who": "victim", "danger": False, "municipality": typed})[0].status_code == 200


def test_an_unknown_municipality_shows_the_questions_again_with_every_answer_kept():
    params = {"who": "professional", "sector": "politie", "danger": True, "form": "labour", "age": "minor"}
    response, page = advice_page({**params, "unaccompanied": True, "municipality": "Atlantis", "lang": "pl"})
    assert response.status_code == 400
    with translation.override("nl"):
        assert str(UNKNOWN_MUNICIPALITY) in page
    assert UNKNOWN_MUNICIPALITY_NL in page
    assert 'id="error-summary"' in page and 'href="#id_municipality"' in page
    assert 'value="Atlantis"' in page
    for name, value in (("who", "professional"), ("danger", "true"), ("form", "labour"), ("age", "minor")):
        assert re.search(rf'name="{name}" value="{value}"[^>]*checked', page), name
    assert re.search(r'name="unaccompanied" value="true"[^>]*checked', page)
    assert re.search(r'<option value="politie" selected>', page)
    assert re.search(r'<option value="pl" selected>', page)
    assert kinds_on(page) == []


def test_a_postcode_gets_its_own_message():
    response, page = advice_page({"who": "victim", "danger": False, "municipality": "1012 AB"})
    assert response.status_code == 400
    with translation.override("nl"):
        assert str(POSTCODE_NOT_YET) in page
    assert "Zoeken op postcode kan nog niet." in page and 'value="1012 AB"' in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"danger": "false"}, "Kies wie u bent."),
        ({"who": "victim"}, "Kies ja of nee: is iemand nu in gevaar?"),
        ({"who": "alien", "danger": "false"}, "Kies een van de mogelijkheden."),
        ({"who": "victim", "danger": "maybe"}, "Kies een van de mogelijkheden."),
        ({"who": "victim", "danger": "false", "form": "piracy"}, "Kies een van de mogelijkheden."),
        ({"who": "victim", "danger": "false", "lang": "xx"}, "Kies een van de mogelijkheden."),
        ({"who": "victim", "danger": "false", "municipality": "x" * 101}, "Dit is te lang"),
        (
            {"who": "victim", "danger": "false", "municipality": "GM\x00363"},
            "Hier staat een teken in dat niet is toegestaan.",
        ),
    ],
)
def test_wrong_answers_are_named_next_to_the_question(params, message):
    response = Client().get(f"{ADVICE}?{urlencode(params)}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_questions_are_filled_in_again_from_change_your_answers():
    _response, advice = advice_page({"who": "victim", "danger": False, "form": "sexual", "age": "adult"})
    change = re.search(r'class="guide-change"><a href="([^"]+)"', advice).group(1).replace("&amp;", "&")
    page = Client().get(change).content.decode()
    assert re.search(r'name="form" value="sexual"[^>]*checked', page)
    assert re.search(r'name="who" value="victim"[^>]*checked', page)


def test_a_language_without_text_is_marked_translation_pending():
    params = {"who": "victim", "danger": False, "form": "labour", "age": "adult", "lang": "pl"}
    _response, page = advice_page(params)
    assert "Vertaling volgt" in page and "(Polski)" in page
    assert '<div lang="en">' in page and "The Labour Inspectorate investigates" in page
    _response, english_ui = advice_page(params, prefix="/en/guide/advice/")
    assert "Translation pending" in english_ui
    _response, dutch = advice_page({**params, "lang": "nl"})
    assert "Vertaling volgt" not in dutch and "De Arbeidsinspectie onderzoekt" in dutch


def test_the_content_language_defaults_to_the_interface_language():
    params = {"who": "victim", "danger": False, "form": "labour", "age": "adult"}
    assert "De Arbeidsinspectie onderzoekt" in advice_page(params)[1]
    assert "The Labour Inspectorate investigates" in advice_page(params, prefix="/en/guide/advice/")[1]


def test_a_professional_sees_the_reporting_duty_of_their_sector():
    params = {"who": "professional", "sector": "politie", "danger": False, "form": "sexual", "age": "adult"}
    page = advice_page(params)[1]
    assert "Wat uw organisatie moet melden" in page and "Moet elk mogelijk slachtoffer melden bij CoMensha." in page


def test_the_professionals_page_lists_indicators_per_form_and_reporting_duties():
    response = Client().get(PROFESSIONALS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wat doet u als u twijfelt" in page and 'id="observe"' in page and 'id="report"' in page
    for form in terms_current("exploitation_form").exclude(code="unknown"):
        indicators = list(terms_current("indicator", parent=form.code))
        assert indicators, form.code
        section = page[page.index(f'id="form-{form.code}"') :]
        section = section[: section.index("</section>")]
        assert form.label_nl in section
        for indicator in indicators:
            assert indicator.label_nl.replace("'", "&#x27;") in section, indicator.code
    for term in terms_current("organisation_type"):
        assert term.extra["reporting_duty_nl"] in page
    with translation.override("nl"):
        assert f'href="{reverse("signals:new")}"' in page


def test_the_professionals_page_in_english():
    page = Client().get("/en/guide/professionals/").content.decode()
    assert "What to do when you doubt" in page
    assert terms_current("indicator", parent="labour").first().label_en in page


@pytest.mark.parametrize(
    ("q", "lang", "expected"),
    [
        ("arbeidsinspectie", "nl", "Nederlandse Arbeidsinspectie"),
        ("anoniem chatten", "nl", "Chat met Fier"),
        ("uitdagend", "nl", "Gaat zich plotseling uitdagend kleden"),
        ("COÖRDINATIE", "nl", "Zorgcoördinatie"),
        ("meldplicht", "nl", "Meldplicht"),
        ("twijfel", "nl", "Overleg"),
        ("guardian", "en", "Nidos"),
        ("provocatively", "en", "Suddenly starts dressing"),
    ],
)
def test_search_finds_the_guide_content_in_the_chosen_language(q, lang, expected):
    response = Client().get(f"{SEARCH}?{urlencode({'q': q, 'lang': lang})}")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="search-results"' in page and expected in page, page


def test_search_results_link_to_the_page_that_says_it():
    page = Client().get(f"{SEARCH}?q=Nidos&lang=nl").content.decode()
    links = [link.replace("&amp;", "&") for link in re.findall(r'<h3[^>]*><a href="([^"]+)"', page)]
    advice = next(link for link in links if link.startswith(ADVICE))
    assert "#contact-nidos" in advice
    assert 'data-kind="nidos"' in Client().get(advice).content.decode()


def test_search_in_a_language_without_text_shows_english_marked_pending():
    page = Client().get(f"{SEARCH}?q=Labour+Inspectorate&lang=pl").content.decode()
    assert "The Labour Inspectorate investigates" in page and "Vertaling volgt" in page


def test_search_without_results_and_with_too_long_a_query():
    assert "Niets gevonden" in Client().get(f"{SEARCH}?q=xyzzy").content.decode()
    assert Client().get(SEARCH).status_code == 200
    too_long = Client().get(f"{SEARCH}?q={'a' * 101}")
    assert too_long.status_code == 400 and "Dit is te lang" in too_long.content.decode()


GUIDE_PAGES = [
    START,
    "/en/guide/",
    f"{START}?who=victim&danger=true",
    f"{ADVICE}?who=victim&danger=true&form=sexual&age=minor&municipality=Utrecht&lang=pl",
    f"{ADVICE}?who=victim&municipality=Atlantis",
    PROFESSIONALS,
    f"{SEARCH}?q=chat",
    f"{START}?embed=1",
    f"{ADVICE}?who=concerned&danger=false&embed=1",
]


@pytest.mark.parametrize("url", GUIDE_PAGES)
def test_no_cookie_no_cache_no_referrer_on_any_guide_page(url):
    response = Client().get(url)
    assert response.status_code in (200, 400)
    assert not response.cookies, response.cookies
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loaded, self.anchors = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "img", "iframe") and attributes.get("src"):
            self.loaded.append(attributes["src"])
        if tag == "link" and attributes.get("href"):
            self.loaded.append(attributes["href"])
        if tag == "form":
            self.loaded.append(attributes.get("action", ""))
        if tag == "a" and attributes.get("href"):
            self.anchors.append(attributes["href"])


@pytest.mark.parametrize("url", GUIDE_PAGES)
def test_nothing_comes_from_another_site_and_only_contacts_are_linked(url, settings):
    settings.SAMEN_QUICK_EXIT_URL = "https://neutral.example/"
    parser = _Links()
    parser.feed(Client().get(url).content.decode())
    assert all(not urlparse(address).netloc for address in parser.loaded), parser.loaded
    allowed = {contact.url for contact in Contact.objects.all()} | {c.chat_url for c in Contact.objects.all()}
    for href in parser.anchors:
        if urlparse(href).netloc:
            assert href in allowed | {"https://neutral.example/"}, href


def test_quick_exit_and_the_112_notice_are_on_every_page():
    for url in GUIDE_PAGES:
        page = Client().get(url).content.decode()
        assert 'data-testid="quick-exit"' in page, url
        assert 'href="tel:112"' in page, url


def test_only_the_embed_variant_may_be_framed():
    normal = Client().get(START)
    assert "frame-ancestors 'none'" in normal["Content-Security-Policy"] and normal["X-Frame-Options"] == "DENY"
    embed = Client().get(f"{START}?embed=1")
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    page = embed.content.decode()
    assert 'class="site-header"' not in page and '<input type="hidden" name="embed" value="1">' in page


def test_the_embedded_advice_keeps_the_embed_flag_and_opens_contacts_in_the_whole_window():
    page = Client().get(f"{ADVICE}?who=concerned&danger=false&embed=1").content.decode()
    assert 'class="site-header"' not in page
    assert 'href="https://www.meldmisdaadanoniem.nl" rel="noreferrer noopener" target="_top"' in page
    assert f'href="{PROFESSIONALS}?embed=1"' in page


def test_without_published_rules_the_advice_still_gives_112_and_the_police():
    RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).update(status=RuleSet.Status.RETIRED)
    response, page = advice_page({"who": "victim", "danger": True})
    assert response.status_code == 503
    assert "0900-8844" in page and 'href="tel:112"' in page and kinds_on(page) == []


def test_a_signed_in_person_can_use_the_guide_too():
    client = signed_in(UserFactory(roles=["intake"]))
    assert client.get(f"{ADVICE}?who=professional&danger=false").status_code == 200


def test_only_get_and_head_are_allowed():
    assert Client().post(ADVICE, {"who": "victim", "danger": "false"}).status_code == 405
    assert Client().head(START).status_code == 200
