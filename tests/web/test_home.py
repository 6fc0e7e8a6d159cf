import pytest

from tests.factories import UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("roles", "shown", "hidden"),
    [
        (["privacy-officer"], "/audit/", "/accounts/people/"),
        (["functional-admin"], "/accounts/people/", "/audit/"),
    ],
)
def test_home_page_shows_what_this_person_can_do(roles, shown, hidden):
    page = signed_in(UserFactory(roles=roles)).get("/").content.decode()
    assert f'href="{shown}"' in page and f'href="{hidden}"' not in page


def test_home_page_describes_the_persons_roles():
    page = signed_in(UserFactory(roles=["table-chair"])).get("/").content.decode()
    assert "Voorzitter" in page or "voorzitter" in page


def test_english_home_page():
    client = signed_in(UserFactory(roles=["privacy-officer"]))
    page = client.get("/en/").content.decode()
    assert 'lang="en"' in page and "Search the audit trail" in page


def test_unknown_page_gets_the_dutch_404():
    response = signed_in(UserFactory()).get("/bestaat-niet/")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()
