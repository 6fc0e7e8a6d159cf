"""The inventory of campaigns and reporting points on screen and in the API: who may see it and who may maintain it
(the wrong person is refused and the refusal audited), what the dashboard page shows with its filters in Dutch and
English, the maintenance pages, and the API list with its filters."""

from datetime import date

import pytest
import time_machine

from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from samen.audit.models import AuditEvent
from samen.monitoring.loading import plan_load
from samen.monitoring.models import InventoryEntry
from tests.factories import UserFactory
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

TODAY = date(2025, 5, 1)


@pytest.fixture(autouse=True)
def dutch():
    """Messages and URLs in Dutch, whatever language an earlier test's request left active in this thread."""
    with translation.override("nl"):
        yield


@pytest.fixture
def inventory():
    plan_load(demo=False)


@pytest.fixture
def staff():
    return signed_in(UserFactory(roles=["programme-staff"]))


@pytest.fixture
def admin():
    return signed_in(UserFactory(roles=["functional-admin"]))


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The dashboard page -----------------------------------------------------------------------------------------


def test_the_page_has_dutch_and_english_urls():
    assert reverse("monitoring_dashboard:inventory") == "/dashboards/inventaris/"
    assert reverse("monitoring:inventory") == "/programma/inventaris/"
    assert reverse("monitoring:inventory_new") == "/programma/inventaris/nieuw/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("programme-staff", 200),
        ("analyst", 200),
        ("functional-admin", 403),  # maintains the inventory, but does not see the programme dashboards
        ("intake", 403),
        ("table-chair", 403),
        ("privacy-officer", 403),
    ],
)
def test_who_sees_the_inventory_page(inventory, role, status):
    user = UserFactory(roles=[role])
    assert signed_in(user).get("/dashboards/inventaris/").status_code == status
    refused = AuditEvent.objects.filter(action="denied", actor_id=str(user.pk), reason__contains="view_programme")
    assert refused.exists() is (status == 403)


def test_anonymous_visitors_go_to_sign_in(inventory):
    for url in ("/dashboards/inventaris/", "/programma/inventaris/", "/programma/inventaris/lcom/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


@time_machine.travel(TODAY, tick=False)
def test_the_page_lists_campaigns_then_reporting_points_with_their_facts_and_sources(inventory, staff):
    page = html(staff.get("/dashboards/inventaris/"))
    assert "<h1>Campagnes en meldpunten</h1>" in page
    assert page.index("Bewustwordingscampagnes") < page.index("Jouw twijfel, iemands kans") < page.index("Meldpunten")
    assert page.index("Meldpunten</h2>") < page.index("Landelijk coördinatiepunt voor online mensenhandelsignalen")
    assert "CoMensha" in page and "Professionals" in page
    assert "seksuele uitbuiting" in page.lower() and "arbeidsuitbuiting" in page.lower()
    assert "inloop of spreekuur" in page and "Lokaal (gemeenten): &#x27;s-Gravenhage, Gouda" in page
    assert "Lopend volgens een bron van november 2024, die geen periode noemt" in page
    assert "Sinds januari 2015" in page
    assert "Status op 1 mei 2025" in page and "status--running" in page and "status--ended" in page
    assert "2024-11-voortgangsbrief: Brief regering over de aanpak van mensenhandel" in page
    assert "AL1.2 Bewustwordingscampagnes voor professionals" in page  # the plan action it belongs to
    count = InventoryEntry.objects.count()
    assert f"{count} campagnes en meldpunten voldoen." in page
    assert "Inventarisatie bijhouden" in page  # programme staff may maintain it too
    assert "Inventarisatie bijhouden" not in html(
        signed_in(UserFactory(roles=["analyst"])).get("/dashboards/inventaris/")
    )
    # the overview links to the page
    assert reverse("monitoring_dashboard:inventory") in html(staff.get("/dashboards/"))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("?kind=reporting-point", ["Chat met Fier", "LCOM"], ["Jouw twijfel", "Escapetruck"]),
        ("?kind=campaign", ["Jouw twijfel", "Escapetruck"], ["Chat met Fier", "LCOM"]),
        ("?form=labour", ["Spreekuren van SHOP", "Escapetruck"], ["Chat met Fier", "Campagne en website"]),
        ("?running=yes", ["Jouw twijfel", "Spreekuren van SHOP", "LCOM"], ["Escapetruck", "Platform om signalen"]),
        ("?running=no", ["Escapetruck", "Platform om signalen", "Voorlichtingsbijeenkomsten"], ["Jouw twijfel"]),
        ("?kind=campaign&form=sexual&running=yes", ["Jouw twijfel"], ["Escapetruck", "Chat met Fier"]),
        ("?kind=nonsense&form=%3Cscript%3E&running=maybe", ["Jouw twijfel", "LCOM"], []),  # ignored, as the period
    ],
)
def test_the_filters(inventory, staff, query, present, absent):
    page = html(staff.get("/dashboards/inventaris/" + query))
    for text in present:
        assert text in page, (query, text)
    for text in absent:
        assert text not in page, (query, text)


def test_no_match_says_so(inventory, staff):
    page = html(staff.get("/dashboards/inventaris/?kind=reporting-point&form=organ"))
    assert "Geen campagnes of meldpunten voldoen aan deze filters." in page


@time_machine.travel(TODAY, tick=False)
def test_the_page_in_english(inventory, staff):
    page = html(staff.get("/en/dashboards/inventory/"))
    assert "<h1>Campaigns and reporting points</h1>" in page
    assert "Awareness campaigns" in page and "Reporting points" in page
    assert "National coordination point for online trafficking signals (LCOM)" in page
    assert "Running according to a source of November 2024, which states no period" in page
    assert "Status on 1 May 2025" in page


def test_a_functional_admin_who_may_also_see_the_programme_gets_the_maintenance_link(inventory):
    both = signed_in(UserFactory(roles=["analyst", "functional-admin"]))
    assert "Inventarisatie bijhouden" in html(both.get("/dashboards/inventaris/"))


# --- Maintenance ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("functional-admin", 200), ("programme-staff", 200), ("analyst", 403), ("intake", 403), ("privacy-officer", 403)],
)
@pytest.mark.parametrize(
    "url", ["/programma/inventaris/", "/programma/inventaris/nieuw/", "/programma/inventaris/lcom/"]
)
def test_who_may_maintain_the_inventory(inventory, role, status, url):
    assert signed_in(UserFactory(roles=[role])).get(url).status_code == status


def test_maintenance_of_an_unknown_entry_is_404(admin):
    assert admin.get("/programma/inventaris/bestaat-niet/").status_code == 404


def test_the_home_page_offers_the_task_to_functional_admins(admin):
    assert "Campagnes en meldpunten" in html(admin.get("/"))


def _form(**values) -> dict:
    return {
        "slug": "meldpunt-test",
        "kind": "reporting-point",
        "title_nl": "Meldpunt test",
        "title_en": "",
        "organisation_name": "Organisatie test",
        "audience": "Burgers",
        "exploitation_forms": ["labour"],
        "channels": ["phone", "web"],
        "start": "01-03-2024",
        "end": "",
        "period_note": "sinds maart 2024",
        "scope": "national",
        "url": "https://www.example.nl/melden",
        "description": "",
        "source": "Brief van 1 maart 2024",
        **values,
    }


def test_a_functional_admin_adds_an_entry(admin):
    response = admin.post("/programma/inventaris/nieuw/", _form())
    assert response.status_code == 302 and response["Location"] == "/programma/inventaris/meldpunt-test/"
    entry = InventoryEntry.objects.get(slug="meldpunt-test")
    assert (entry.origin, entry.forms, entry.channels, entry.start) == (
        "manual",
        ["labour"],
        ["phone", "web"],
        date(2024, 3, 1),
    )
    assert AuditEvent.objects.filter(object_type="monitoring.inventoryentry", action="create").exists()
    assert "Meldpunt test" in html(admin.get("/programma/inventaris/"))


def test_the_form_shows_clear_errors_and_saves_nothing(admin):
    response = admin.post(
        "/programma/inventaris/nieuw/",
        _form(start="01-03-2024", end="01-02-2024", url="geen adres", source="", scope="local"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Noem het brondocument waarin het wordt genoemd." in page
    assert "Vul een webadres in dat begint met https://" in page
    assert not InventoryEntry.objects.exists()
    response = admin.post("/programma/inventaris/nieuw/", _form(end="01-02-2024"))
    assert response.status_code == 400 and "Het einde kan niet voor het begin liggen." in response.content.decode()
    response = admin.post("/programma/inventaris/nieuw/", _form(scope="local"))
    assert "Kies de gemeenten waar het werkt, of kies een ander bereik." in response.content.decode()


def test_an_identifier_cannot_be_taken_twice_or_be_the_word_for_new(inventory, admin):
    for slug in ("lcom", "nieuw"):
        response = admin.post("/programma/inventaris/nieuw/", _form(slug=slug))
        assert response.status_code == 400 and "Er is al een vermelding met dit kenmerk." in response.content.decode()


def test_editing_an_entry_of_the_file_makes_it_maintained_by_hand(inventory, admin):
    page = html(admin.get("/programma/inventaris/lcom/"))
    assert "Landelijk coördinatiepunt" in page and 'name="slug"' not in page
    lcom = InventoryEntry.objects.get(slug="lcom")
    response = admin.post(
        "/programma/inventaris/lcom/",
        _form(
            kind=lcom.kind,
            title_nl=lcom.title_nl,
            organisation_name=lcom.organisation_name,
            audience=lcom.audience,
            description=lcom.description,
            exploitation_forms=[],
            channels=lcom.channels,
            start="",
            active="on",
            running_as_of="19-11-2024",
            period_note=lcom.period_note,
            scope="national",
            url="https://www.politie.nl/",
            source=lcom.source,
        ),
    )
    assert response.status_code == 302
    lcom.refresh_from_db()
    assert lcom.url == "https://www.politie.nl/" and lcom.origin == "manual" and lcom.active
    plan_load(demo=False)
    lcom.refresh_from_db()
    assert lcom.url == "https://www.politie.nl/"


def test_the_wrong_person_cannot_post_either(inventory):
    analyst = UserFactory(roles=["analyst"])
    response = signed_in(analyst).post("/programma/inventaris/nieuw/", _form())
    assert response.status_code == 403 and not InventoryEntry.objects.filter(slug="meldpunt-test").exists()
    assert AuditEvent.objects.filter(action="denied", actor_id=str(analyst.pk), reason__contains="manage_inventory")


# --- The API ----------------------------------------------------------------------------------------------------

API = "/api/v1/inventory/"


def get(client: Client, url: str):
    return client.get(url, HTTP_ACCEPT="application/json")


def test_who_may_read_the_api(inventory):
    clients = {
        "programme-staff": signed_in(UserFactory(roles=["programme-staff"])),
        "analyst": signed_in(UserFactory(roles=["analyst"])),
        "functional-admin": signed_in(UserFactory(roles=["functional-admin"])),
        "table-member": signed_in(UserFactory(roles=["table-member"])),
        "anonymous": Client(),
    }
    seen = {name: get(client, API).status_code for name, client in clients.items()}
    assert seen == {
        "programme-staff": 200,
        "analyst": 200,
        "functional-admin": 403,
        "table-member": 403,
        "anonymous": 401,
    }
    refused = get(clients["table-member"], API)
    assert refused["Content-Type"].startswith("application/problem+json") and refused.json()["status"] == 403


def test_the_api_is_read_only(inventory, staff):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(staff, method)(API, content_type="application/json").status_code == 405


@time_machine.travel(TODAY, tick=False)
def test_the_api_lists_every_entry_with_its_facts_and_source(inventory):
    token = Token.objects.create(user=UserFactory(roles=["analyst"]))
    response = Client().get(API, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    data = response.json()
    # Campaigns, then reporting points, each by Dutch name: sorted in Python, the same on SQLite and PostgreSQL.
    entries = InventoryEntry.objects.all()
    assert [row["slug"] for row in data] == [
        e.slug for e in sorted(entries, key=lambda e: (e.kind, e.title_nl.casefold()))
    ]
    assert [row["kind"] for row in data] == sorted(row["kind"] for row in data)
    shop = next(row for row in data if row["slug"] == "shop-spreekuren-chinese-arbeidsmigranten")
    assert shop == {
        "slug": "shop-spreekuren-chinese-arbeidsmigranten",
        "kind": "reporting-point",
        "title": "Spreekuren van SHOP voor Chinese arbeidsmigranten in Den Haag en Gouda",
        "title_nl": "Spreekuren van SHOP voor Chinese arbeidsmigranten in Den Haag en Gouda",
        "title_en": "SHOP consultation hours for Chinese labour migrants in The Hague and Gouda",
        "organisation": "SHOP Den Haag",
        "audience": "Chinese arbeidsmigranten, voornamelijk werkzaam in de horeca en wellnessbranche",
        "forms": ["labour"],
        "channels": ["walk-in"],
        "start": "2015-01-01",
        "end": None,
        "active": False,
        "running_as_of": None,
        "period_note": "In Den Haag sinds 2015, in Gouda sinds 2021 (de bron noemt alleen de jaren).",
        "state": "running",
        "scope": "local",
        "region": None,
        "municipalities": ["GM0513", "GM0518"],
        "url": "",
        "description": shop["description"],
        "source": shop["source"],
        "actions": [],
    }
    assert shop["source"].startswith("2023-actieplan-kamerbrief: ")
    assert all(row["source"] for row in data)
    twijfel = next(row for row in data if row["slug"] == "jouw-twijfel-iemands-kans")
    assert twijfel["actions"] == ["AL1.2"] and twijfel["state"] == "running" and twijfel["active"] is True
    assert twijfel["running_as_of"] == "2024-11-19" and twijfel["start"] is None


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=reporting-point&form=labour", ["shop-spreekuren-chinese-arbeidsmigranten"]),
        ("?kind=campaign&running=false", None),
        ("?period=2024-H2&form=sexual", None),
    ],
)
def test_the_api_filters(inventory, staff, query, expected):
    data = get(staff, API + query).json()
    slugs = [row["slug"] for row in data]
    if expected is not None:
        assert slugs == expected
    if "running=false" in query:
        assert slugs and all(row["kind"] == "campaign" and row["state"] != "running" for row in data)
        assert "escapetruck-mensenhandel" in slugs and "jouw-twijfel-iemands-kans" not in slugs
    if "period=2024-H2" in query:
        # Ran in the second half of 2024, states as on its last day; the escape truck (2023-2024) still ran then.
        assert "escapetruck-mensenhandel" in slugs and "online-outreach-program-spine" in slugs
        assert all("sexual" in row["forms"] for row in data)
        assert {row["state"] for row in data} == {"running"}


@pytest.mark.parametrize("query", ["?kind=poster", "?period=2025-H3", "?running=perhaps"])
def test_bad_api_filters_are_a_400_problem(inventory, staff, query):
    response = get(staff, API + query)
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")


def test_the_api_is_in_the_schema(staff):
    schema = staff.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "/api/v1/inventory/" in schema and "InventoryEntry" in schema
