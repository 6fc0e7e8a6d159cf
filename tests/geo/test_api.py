import pytest

from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


def test_which_regions_serve_a_municipality():
    response = signed_in(UserFactory()).get("/api/v1/municipalities/GM0363/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Amsterdam"
    assert body["police_unit"]["name"] == "Amsterdam"
    assert body["care_region"]["kind"] == "care_region"


def test_unknown_municipality_code_gets_a_problem_with_a_clear_message():
    response = signed_in(UserFactory()).get("/api/v1/municipalities/GM9999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "unknown_municipality" and body["status"] == 404
    assert "GM0363" in body["title"]


def test_token_authentication_works_for_partner_systems():
    token = Token.objects.create(user=UserFactory())
    response = Client().get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and len(response.json()) == 342


def test_anonymous_api_call_gets_401_problem():
    response = Client().get("/api/v1/municipalities/GM0363/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_wrong_token_is_refused():
    response = Client().get("/api/v1/municipalities/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401


def test_the_openapi_schema_is_public_and_describes_the_api():
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/municipalities/{code}/" in schema["paths"]
