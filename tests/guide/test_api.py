"""GET /api/v1/guide/route: every scenario through the API, the shape of the answer, and a problem+json naming the
parameter for every bad or missing one. Public: no account, no cookie."""

from urllib.parse import urlencode

import pytest

from django.test import Client

from samen.geo.models import Region
from samen.guide.models import Contact, RuleSet
from samen.guide.services import ruleset_published
from tests.guide.scenarios import SCENARIOS

pytestmark = pytest.mark.django_db

ROUTE = "/api/v1/guide/route"
PROBLEM = "application/problem+json"
FIELDS = {
    "kind",
    "name",
    "why",
    "description",
    "phone",
    "url",
    "chat_url",
    "walk_in",
    "hours",
    "languages",
    "anonymous",
    "regional",
    "region",
    "translation_pending",
}


def get(params, **headers):
    text = (
        params
        if isinstance(params, str)
        else urlencode({key: str(value).lower() if isinstance(value, bool) else value for key, value in params.items()})
    )
    return Client().get(f"{ROUTE}?{text}", **headers)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def test_scenario_through_the_api(scenario):
    response = get(scenario.params)
    assert response.status_code == 200, response.content
    kinds = [contact["kind"] for contact in response.json()["contacts"]]
    assert kinds[: len(scenario.first)] == scenario.first, kinds
    assert set(scenario.includes) <= set(kinds), kinds
    assert not set(scenario.excludes) & set(kinds), kinds


def test_the_answer_has_every_field_and_the_rule_version():
    response = get({"who": "victim", "danger": True, "form": "labour", "age": "adult", "lang": "nl"})
    body = response.json()
    assert response["Content-Type"] == "application/json"
    assert body["lang"] == "nl" and body["ruleset_version"] == ruleset_published().version
    assert all(set(contact) == FIELDS for contact in body["contacts"])
    emergency, *_rest = body["contacts"]
    assert emergency == emergency | {"kind": "emergency", "phone": "112", "why": "Er is nu gevaar. Bel eerst 112."}
    assert emergency["translation_pending"] is False and emergency["regional"] is False
    assert emergency["region"] is None and emergency["languages"] == ["nl", "en"]


def test_the_report_form_is_an_absolute_link_in_the_right_language():
    dutch = get({"who": "concerned", "danger": False}).json()["contacts"]
    english = get({"who": "concerned", "danger": False, "lang": "en"}).json()["contacts"]
    assert next(c["url"] for c in dutch if c["kind"] == "report-form") == "http://testserver/melden/"
    assert next(c["url"] for c in english if c["kind"] == "report-form") == "http://testserver/en/report/"


def test_a_language_without_text_gives_english_marked_pending():
    body = get({"who": "victim", "danger": False, "form": "labour", "age": "adult", "lang": "pl"}).json()
    first = body["contacts"][0]
    assert body["lang"] == "pl"
    assert first["translation_pending"] is True and first["why"].startswith("The Labour Inspectorate")


def test_a_regional_contact_says_which_region():
    Contact.objects.create(
        kind="care-coordinator",
        region=Region.objects.get(code="zc-amsterdam"),
        name="Zorgcoördinatie Amsterdam (test)",
        phone="020-0000000",
        last_verified="2026-11-01",
    )
    first = get({"who": "victim", "danger": False, "age": "adult", "municipality": "GM0363"}).json()["contacts"][0]
    assert first["name"] == "Zorgcoördinatie Amsterdam (test)"
    assert first["regional"] is True and first["region"] == Region.objects.get(code="zc-amsterdam").name


def test_defaults_are_unknown_and_dutch():
    body = get({"who": "concerned", "danger": False}).json()
    assert body["lang"] == "nl"
    assert [c["kind"] for c in body["contacts"]][:3] == ["police", "anonymous-line", "report-form"]


@pytest.mark.parametrize(
    ("query", "name", "code"),
    [
        ("danger=false", "who", "required"),
        ("who=victim", "danger", "required"),
        ("who=&danger=false", "who", "required"),
        ("who=alien&danger=false", "who", "invalid_choice"),
        ("who=victim&danger=yes", "danger", "invalid_choice"),
        ("who=victim&danger=false&form=piracy", "form", "invalid_choice"),
        ("who=victim&danger=false&age=old", "age", "invalid_choice"),
        ("who=victim&danger=false&origin=mars", "origin", "invalid_choice"),
        ("who=victim&danger=false&border=1", "border", "invalid_choice"),
        ("who=victim&danger=false&unaccompanied=maybe", "unaccompanied", "invalid_choice"),
        ("who=victim&danger=false&lang=xx", "lang", "invalid_choice"),
        ("who=victim&danger=false&municipality=GM9999", "municipality", "unknown_municipality"),
        ("who=victim&danger=false&municipality=Atlantis", "municipality", "unknown_municipality"),
        ("who=victim&danger=false&municipality=1012AB", "municipality", "unknown_municipality"),
        ("who=victim&danger=false&municipality=" + "x" * 101, "municipality", "max_length"),
        ("who=victim&danger=false&colour=red", "colour", "unknown_parameter"),
        ("who=victim&danger=false&sector=politie", "sector", "unknown_parameter"),
        ("who=victim&who=concerned&danger=false", "who", "repeated"),
    ],
)
def test_every_bad_parameter_is_named_in_problem_json(query, name, code):
    response = get(query)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid" and body["type"].endswith("/invalid")
    assert {"name": name, "code": code} in [{"name": p["name"], "code": p["code"]} for p in body["invalid_params"]]
    assert all(problem["reason"] for problem in body["invalid_params"])


def test_all_problems_are_named_at_once():
    body = get("who=alien&danger=maybe&form=piracy&municipality=GM9999").json()
    assert {problem["name"] for problem in body["invalid_params"]} == {"who", "danger", "form", "municipality"}


def test_the_reason_follows_accept_language():
    assert get("danger=false", HTTP_ACCEPT_LANGUAGE="en").json()["invalid_params"][0]["reason"] == "Choose who you are."
    assert get("danger=false").json()["invalid_params"][0]["reason"] == "Kies wie u bent."


def test_no_published_rules_is_a_503_problem():
    RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).update(status=RuleSet.Status.RETIRED)
    response = get({"who": "victim", "danger": False})
    assert response.status_code == 503 and response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "no_ruleset"


def test_public_without_cookies_and_never_cached():
    response = get({"who": "victim", "danger": True})
    assert response.status_code == 200
    assert not response.cookies
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
    assert not get("who=alien").cookies


def test_a_token_or_session_is_not_needed_and_not_read():
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    response = client.get(f"{ROUTE}?who=victim&danger=false", HTTP_AUTHORIZATION="Token nonsense")
    assert response.status_code == 200


def test_the_openapi_schema_documents_the_parameters_and_problems():
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    operation = schema["paths"]["/api/v1/guide/route"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {
        "who",
        "danger",
        "form",
        "age",
        "municipality",
        "lang",
        "origin",
        "border",
        "unaccompanied",
    }
    assert parameters["who"]["required"] and parameters["danger"]["required"]
    assert set(parameters["form"]["schema"]["enum"]) == {"sexual", "labour", "criminal", "begging", "organ", "unknown"}
    assert "application/problem+json" in operation["responses"]["400"]["content"]
    # No authentication: no security requirement, neither on the operation nor for the whole API.
    assert operation.get("security") in (None, [], [{}]) and "security" not in schema
