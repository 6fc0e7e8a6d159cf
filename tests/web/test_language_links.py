import pytest

from django.test import Client

from tests.factories import UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


def test_the_public_form_links_to_its_english_version_without_setting_a_cookie():
    response = Client().get("/melden/")
    assert 'href="/en/report/" lang="en"' in response.content.decode()
    assert "django_language" not in response.cookies


def test_the_english_page_links_back_to_dutch():
    response = Client().get("/en/report/")
    assert 'href="/melden/" lang="nl"' in response.content.decode()


def test_a_signed_in_page_keeps_its_query_when_switching():
    client = signed_in(UserFactory(roles=["privacy-officer"]))
    page = client.get("/audit/?action=read").content.decode()
    assert 'href="/en/audit/?action=read"' in page
