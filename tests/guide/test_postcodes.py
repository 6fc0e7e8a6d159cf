"""Where by postcode: the Wegwijzer accepts '1234 AB' or '1234', finds the municipality once the operator loaded the
postcode file, says which municipality it chose, and asks for the municipality's name when it cannot. Through the
HTML pages (plain GET, no JavaScript) and through the API's `municipality` parameter."""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from django.test import Client
from django.utils import translation

from samen.geo.models import Region
from samen.geo.postcodes import postcodes_load
from samen.guide.forms import POSTCODE_NOT_YET, POSTCODE_UNKNOWN
from samen.guide.models import Contact

pytestmark = pytest.mark.django_db

ADVICE, ROUTE = "/wegwijzer/advies/", "/api/v1/guide/route"
FIXTURES = Path(__file__).parents[1] / "geo" / "data"
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def postcodes():
    postcodes_load(path=FIXTURES / "postcodes.csv")


@pytest.fixture
def split_postcodes():
    postcodes_load(path=FIXTURES / "pc6hnr20230801_gwb.csv")


@pytest.fixture
def amsterdam_care():
    return Contact.objects.create(
        kind="care-coordinator",
        region=Region.objects.get(code="zc-amsterdam"),
        name="Zorgcoördinatie Amsterdam (test)",
        phone="020-0000000",
        last_verified="2026-11-01",
    )


def advice(where: str, **extra):
    query = urlencode({"who": "victim", "danger": "false", "age": "adult", "municipality": where, **extra})
    response = Client().get(f"{ADVICE}?{query}")
    return response, response.content.decode()


def route(where: str, **headers):
    return Client().get(f"{ROUTE}?{urlencode({'who': 'victim', 'danger': 'false', 'municipality': where})}", **headers)


# Without the postcode file ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1012 AB", "1012ab", "1012"])
def test_without_the_file_a_postcode_asks_for_the_municipality(typed):
    response, page = advice(typed)
    assert response.status_code == 400
    assert str(POSTCODE_NOT_YET) in page and "Zoeken op postcode kan nog niet." in page
    assert f'value="{typed}"' in page and 'href="#id_municipality"' in page
    assert "U kunt ook een postcode typen" not in page


def test_without_the_file_four_digits_can_still_be_a_cbs_code():
    response, page = advice("1680")
    assert response.status_code == 200 and "<dd>Aa en Hunze</dd>" in page
    assert 'data-testid="postcode-municipality"' not in page


# With the postcode file ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "shown"), [("1012 AB", "1012 AB"), ("1012ab", "1012 AB"), (" 1012 ", "1012")])
def test_a_postcode_finds_its_municipality_and_says_so(postcodes, amsterdam_care, typed, shown):
    response, page = advice(typed)
    assert response.status_code == 200
    assert f"Postcode {shown} ligt in de gemeente Amsterdam. U ziet de hulp daar." in page
    assert f"<dd>Amsterdam (postcode {shown})</dd>" in page
    assert "Zorgcoördinatie Amsterdam (test)" in page and "Voor de regio" in page


def test_the_questions_say_a_postcode_may_be_typed(postcodes):
    assert "U kunt ook een postcode typen, bijvoorbeeld 1012 AB." in Client().get("/wegwijzer/").content.decode()


def test_the_english_pages_say_it_in_english(postcodes):
    query = urlencode({"who": "victim", "danger": "false", "municipality": "3511 AA"})
    page = Client().get(f"/en/guide/advice/?{query}").content.decode()
    assert "Postcode 3511 AA is in the municipality of Utrecht. You see the help there." in page


def test_a_split_area_names_the_municipality_it_chose(split_postcodes):
    response, page = advice("1111 ZZ")
    assert response.status_code == 200
    assert "Postcodegebied 1111 ligt in meer dan één gemeente. We hebben Diemen gekozen" in page
    assert "<dd>Diemen (postcode 1111 ZZ)</dd>" in page


def test_an_unknown_postcode_asks_for_the_municipality_and_keeps_every_answer(postcodes):
    response, page = advice("9999 ZZ", form="labour")
    assert response.status_code == 400
    assert str(POSTCODE_UNKNOWN) in page and "Deze postcode kunnen we niet vinden." in page
    assert 'value="9999 ZZ"' in page and re.search(r'name="form" value="labour"[^>]*checked', page)


def test_four_digits_that_are_no_postcode_area_can_still_be_a_cbs_code(postcodes):
    assert "<dd>Aa en Hunze</dd>" in advice("1680")[1]


def test_names_and_codes_work_as_before(postcodes):
    for typed in ("Amsterdam", "GM0363", "363"):
        response, page = advice(typed)
        assert response.status_code == 200 and "<dd>Amsterdam</dd>" in page
        assert 'data-testid="postcode-municipality"' not in page


# The API ------------------------------------------------------------------------------------------------------------


def test_the_api_takes_a_postcode_in_municipality_and_says_which_municipality(postcodes, amsterdam_care):
    response = route("1012AB")
    body = response.json()
    assert response.status_code == 200
    assert body["municipality"] == {
        "code": "GM0363",
        "name": "Amsterdam",
        "postcode": "1012 AB",
        "postcode_area_split": False,
    }
    assert body["contacts"][0]["name"] == "Zorgcoördinatie Amsterdam (test)" and body["contacts"][0]["regional"]


def test_the_api_names_the_municipality_of_a_name_or_code_and_null_without(postcodes):
    assert route("Utrecht").json()["municipality"] == {
        "code": "GM0344",
        "name": "Utrecht",
        "postcode": None,
        "postcode_area_split": False,
    }
    assert Client().get(f"{ROUTE}?who=victim&danger=false").json()["municipality"] is None


def test_the_api_says_a_split_area(split_postcodes):
    place = route("1111").json()["municipality"]
    assert place["code"] == "GM0384" and place["postcode_area_split"] is True


@pytest.mark.parametrize(("loaded", "reason"), [(False, POSTCODE_NOT_YET), (True, POSTCODE_UNKNOWN)])
def test_the_api_refuses_a_postcode_it_cannot_place_with_problem_json(loaded, reason):
    if loaded:
        postcodes_load(path=FIXTURES / "postcodes.csv")
    response = route("9999 ZZ", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    with translation.override("en"):
        expected = str(reason)
    assert {"name": "municipality", "code": "unknown_municipality", "reason": expected} in response.json()[
        "invalid_params"
    ]


def test_the_schema_documents_postcodes_and_the_municipality_answer():
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/guide/route"]["get"]
    municipality = next(p for p in operation["parameters"] if p["name"] == "municipality")
    assert "postcode" in municipality["description"]
    assert "municipality" in schema["components"]["schemas"]["GuideRoute"]["properties"]
