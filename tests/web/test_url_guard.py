"""Guard rail: every URL of the project refuses anonymous visitors, except an explicit list of public pages.
When a later issue adds a public page, it must be added here on purpose."""

import re

import pytest

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Names of the URL patterns that anyone may open without signing in.
PUBLIC = {
    "accounts:login",
    "accounts:logout",  # POST only; signing out needs no account
    "set_language",
    "health",
    "api:schema",
    "signals_public:form",  # the anonymous report form
    "signals_public:status",  # a reporter's receipt: status and adding information
    "guide:start",  # the Wegwijzer: questions, advice, professionals, search, and its JSON answer
    "guide:advice",
    "guide:professionals",
    "guide:search",
    "api:guide-route",
}


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name


def _example_path(route: str) -> str:
    path = route.lstrip("^").rstrip("$").replace("\\Z", "")
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<(?:str|slug|path):[^>]+>|<[^>]+>", "x", path)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "x", path)
    return "/" + path


def all_routes() -> list[tuple[str, str]]:
    return sorted({(name, _example_path(route)) for route, name in _walk(get_resolver().url_patterns)})


def test_the_route_list_is_not_empty():
    names = {name for name, _path in all_routes()}
    assert {"accounts:people", "audit:search", "web:home", "api:municipality-list"} <= names


@pytest.mark.parametrize(("name", "path"), all_routes())
def test_anonymous_visitors_are_refused_everywhere_but_public_pages(name, path):
    response = Client().get(path)
    if name in PUBLIC:
        assert response.status_code < 500
        return
    if path.startswith("/api/"):
        assert response.status_code in (401, 403), f"{name} {path} answered {response.status_code}"
    else:
        assert response.status_code == 302, f"{name} {path} answered {response.status_code}"
        assert response.url.startswith("/accounts/login/"), f"{name} {path} redirected to {response.url}"


def test_english_urls_are_guarded_too():
    response = Client().get("/en/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
