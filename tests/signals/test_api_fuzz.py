"""Bad input never yields a 5xx: malformed JSON, odd content types, huge bodies, arbitrary JSON (hypothesis) and
requests generated from the OpenAPI schema (schemathesis). Every refusal is a problem document with field codes."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client

from tests.signals.test_api import PROBLEM, api, body, partner_account

pytestmark = pytest.mark.django_db

URL = "/api/v1/signals/"
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_refusal_is_a_problem(response) -> None:
    assert response.status_code < 500, response.content[:500]
    if response.status_code < 400:
        return
    assert response["Content-Type"] == PROBLEM, response.content[:500]
    problem = json.loads(response.content)
    assert problem["status"] == response.status_code and problem["code"]
    if response.status_code not in (401, 403, 404):
        assert problem["invalid_params"], problem
        for item in problem["invalid_params"]:
            assert item["name"] and item["code"] and item["reason"]


MALFORMED = [
    b"",
    b"{",
    b"[]" * 10000,
    b'{"a":' * 5000,
    b"[" * 100_000,
    b"\x00\xed\xa0\x80",
    "\u0000\ud800".encode("utf-8", "surrogatepass"),
    b"\xff\xfe\x00{",
    b'{"account": NaN}',
    b'{"source_type": "professional", "account": "x", "persons": [{"role": "other", "estimated_age": 1e400}]}',
    b'{"source_type": "professional", "account": "x", "persons": [{"role": "other", "estimated_age": '
    + b"9" * 5000
    + b"}]}",
    b'{"source_type": "\\ud800", "account": "\\udfff"}',
    b'{"\\ud800": 1}',
    b'"just a string"',
    b"null",
    b"12",
]


@pytest.mark.parametrize("raw", MALFORMED, ids=range(len(MALFORMED)))
@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_malformed_bodies_are_refused_with_a_problem(raw, who):
    client = Client() if who == "anonymous" else api(partner_account())
    response = client.post(URL, raw, content_type="application/json")
    assert response.status_code in ((401,) if who == "anonymous" else (400,)), response.content[:300]
    assert_refusal_is_a_problem(response)


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/plain", {415}),
        ("application/xml", {415}),
        ("application/x-www-form-urlencoded", {415}),
        ("multipart/form-data; boundary=x", {415}),
        ("", {415}),
        ("application/json; charset=rot13", {400}),
        ("application/json; charset=utf-16", {400}),
        ("application/json; charset=no-such-charset", {201}),  # an unknown charset is ignored: UTF-8
    ],
)
def test_other_content_types_are_refused_with_a_problem(content_type, expected):
    # generic() sends the bytes as they are; post() would try to encode them in the named charset.
    response = api(partner_account()).generic("POST", URL, json.dumps(body()), content_type=content_type)
    assert response.status_code in expected
    assert_refusal_is_a_problem(response)


def test_a_body_over_the_limit_is_413():
    response = api(partner_account()).post(
        URL, json.dumps(body(account="x" * 3_000_000)), content_type="application/json"
    )
    assert response.status_code == 413
    assert_refusal_is_a_problem(response)


@pytest.mark.parametrize(
    "huge",
    [
        {"account": "x" * 2_000_000},
        {"source_type": "y" * 1_000_000},
        {"persons": [{"role": "other", "name": "z" * 100_000}] * 20},
        {"forms": ["sexual"] * 100_000},
        {"z" * 100_000: 1},
    ],
    ids=["account", "source_type", "persons", "forms", "key"],
)
def test_huge_strings_and_lists_are_refused_not_stored(huge):
    response = api(partner_account()).post(URL, json.dumps(body(**huge)), content_type="application/json")
    assert response.status_code in (400, 413)
    assert_refusal_is_a_problem(response)


def test_other_methods_are_refused_with_a_problem():
    client = api(partner_account())
    for response in (client.put(URL, "{}", content_type="application/json"), client.delete(URL)):
        assert response.status_code == 405
        assert_refusal_is_a_problem(response)


def test_an_unacceptable_accept_header_is_refused_with_a_problem():
    response = api(partner_account()).get(URL, headers={"Accept": "application/xml"})
    assert response.status_code == 406
    assert_refusal_is_a_problem(response)


# Property-based: whatever JSON arrives, the answer is never a 5xx.


@pytest.fixture
def partner():
    """One partner client per test, shared by its examples."""
    return api(partner_account())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=25,
)
FIELDS = [
    "source_type",
    "account",
    "forms",
    "indicators",
    "municipality",
    "place_type",
    "observed_on",
    "immediate_danger",
    "minor_involved",
    "own_reference",
    "persons",
    "identifiers",
]
plausible = st.sampled_from(
    ["professional", "online-source", "sexual", "labour", "GM0363", "Utrecht", "online", "2026-01-15", "yes", "phone"]
)
person = st.fixed_dictionaries(
    {"role": st.sampled_from(["possible-victim", "other", ""]) | json_values},
    optional={
        "name": st.text(max_size=300) | json_values,
        "estimated_age": st.integers() | json_values,
        "date_of_birth": st.dates().map(str) | json_values,
        "identifiers": st.lists(
            st.fixed_dictionaries({"kind": plausible | st.text(max_size=20), "value": st.text(max_size=600)}),
            max_size=3,
        )
        | json_values,
    },
)
signal_like = st.fixed_dictionaries(
    {},
    optional={
        **dict.fromkeys(FIELDS, plausible | json_values),
        "persons": st.lists(person, max_size=3) | json_values,
        "account": st.text(max_size=200) | json_values,
    },
)


@FUZZ
@given(value=json_values)
def test_arbitrary_json_never_yields_a_5xx(partner, value):
    response = partner.post(URL, json.dumps(value), content_type="application/json")
    assert_refusal_is_a_problem(response)


@FUZZ
@given(value=signal_like, key=st.none() | st.text(max_size=30))
def test_signal_shaped_json_never_yields_a_5xx(partner, value, key):
    headers = {}
    if key is not None:
        headers["Idempotency-Key"] = key.encode("utf-8", "surrogatepass").decode("latin-1")
    response = partner.post(URL, json.dumps(value), content_type="application/json", headers=headers)
    assert_refusal_is_a_problem(response)


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["form", "status", "date_from", "date_to", "q", "page", "x"]), st.text()))
def test_arbitrary_list_filters_never_yield_a_5xx(partner, query):
    response = partner.get(URL, query)
    assert_refusal_is_a_problem(response)


@FUZZ
@given(content=st.binary(max_size=2000), name=st.sampled_from(["a.csv", "a.jsonl", "a.txt"]), mode=st.text(max_size=15))
def test_arbitrary_import_files_never_yield_a_5xx(partner, content, name, mode):
    response = partner.post(
        "/api/v1/signals/import/", {"file": SimpleUploadedFile(name, content), "mode": mode or "accept-valid"}
    )
    assert_refusal_is_a_problem(response)


# Schemathesis: requests generated from our own OpenAPI description.


@pytest.fixture
def keep_the_test_connection():
    """Schemathesis calls the real WSGI handler, which closes the database connection after each request; that
    would end the test's transaction. Django's own test client switches this off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_requests_generated_from_the_schema_never_yield_a_5xx(keep_the_test_connection):
    schemathesis = pytest.importorskip("schemathesis")
    from schemathesis.checks import not_a_server_error  # noqa: PLC0415
    from schemathesis.specs.openapi.checks import (  # noqa: PLC0415
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    token = api(partner_account()).defaults["HTTP_AUTHORIZATION"]
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = {
        operation.label: operation
        for operation in (result.ok() for result in schema.include(path_regex="^/api/v1/signals").get_all_operations())
    }
    assert set(operations) >= {
        "POST /api/v1/signals/",
        "GET /api/v1/signals/",
        "GET /api/v1/signals/{id}/",
        "POST /api/v1/signals/import/",
    }
    for operation in operations.values():

        @settings(FUZZ, max_examples=15)
        @given(case=operation.as_strategy())
        def check(case):
            case.validate_response(case.call(headers={"Authorization": token}), checks=checks)

        check()

    # Random input rarely makes a valid signal: check the successful answers against the schema by hand.
    created = operations["POST /api/v1/signals/"].Case(body=body(), media_type="application/json")
    response = created.call(headers={"Authorization": token})
    assert response.status_code == 201
    created.validate_response(response, checks=checks)
    for label, path_parameters in (
        ("GET /api/v1/signals/", {}),
        ("GET /api/v1/signals/{id}/", {"id": response.json()["id"]}),
    ):
        case = operations[label].Case(path_parameters=path_parameters)
        response = case.call(headers={"Authorization": token})
        assert response.status_code == 200
        case.validate_response(response, checks=checks)
