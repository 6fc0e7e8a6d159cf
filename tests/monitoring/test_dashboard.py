"""Dashboards: who may see them, what they show, charts with a text alternative and a data table, small counts
hidden, and the progress letter download as an audited export."""

import re
from html.parser import HTMLParser

import pytest

from django.test import Client
from django.urls import reverse

from samen.audit.models import AuditEvent
from samen.monitoring.charts import kpi_chart
from tests.factories import UserFactory
from tests.helpers import signed_in
from tests.monitoring.letter_world import SMALL_NARRATIVE, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def staff():
    return signed_in(UserFactory(roles=["programme-staff"]))


def urls() -> list[str]:
    return [
        reverse("monitoring_dashboard:overview"),
        reverse("monitoring_dashboard:line", args=["AL1"]),
        reverse("monitoring_dashboard:kpi", args=["om-suspects"]),
        reverse("monitoring_dashboard:letter", args=["2025-H1", "pdf"]),
    ]


def test_dashboard_urls_are_dutch():
    assert urls()[:2] == ["/dashboards/", "/dashboards/lijn/AL1/"]
    assert urls()[3] == "/dashboards/voortgangsbrief/2025-H1/pdf/"


@pytest.mark.parametrize("index", range(4))
def test_programme_staff_and_analysts_see_the_dashboards(world, index):
    for role in ("programme-staff", "analyst"):
        response = signed_in(UserFactory(roles=[role])).get(urls()[index])
        assert response.status_code == 200, (role, urls()[index])


@pytest.mark.parametrize("index", range(4))
def test_a_role_without_view_programme_gets_403_and_the_refusal_is_audited(world, index):
    user = UserFactory(roles=["intake"])
    assert signed_in(user).get(urls()[index]).status_code == 403
    assert AuditEvent.objects.filter(action="denied", actor_id=str(user.pk), reason__contains="view_programme").exists()


@pytest.mark.parametrize("index", range(4))
def test_anonymous_visitors_go_to_sign_in(world, index):
    response = Client().get(urls()[index])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/lijn/GEEN/",
        "/dashboards/lijn/AL1.1/",  # an action, not a line
        "/dashboards/kpi/bestaat-niet/",
        "/dashboards/voortgangsbrief/2025-H3/pdf/",
        "/dashboards/voortgangsbrief/2025-H1/xlsx/",
        "/dashboards/voortgangsbrief/%3Cscript%3E/pdf/",
    ],
)
def test_unknown_things_are_404(world, staff, url):
    assert staff.get(url).status_code == 404


def test_overview_shows_progress_statuses_updates_and_kpis(world, staff):
    response = staff.get("/dashboards/?period=2025-H1")
    html = response.content.decode()
    assert "Dashboards van het programma" in html
    assert html.index("Actielijn 1: Brede bewustwording") < html.index("Actielijn 2: Meldingsbereidheid")
    assert 'value="50"' in html  # AL1's weighted progress
    assert "op schema" in html and "vertraagd" in html and "Nog geen voortgang gemeld" in html
    assert "Het informatiepunt is open." in html
    assert "Bij het OM ingeschreven verdachten" in html
    assert "Voortgangsbrief downloaden (PDF)" in html
    assert reverse("monitoring_dashboard:letter", args=["2025-H1", "docx"]) in html


def test_a_bad_period_parameter_falls_back_to_the_current_period(world, staff):
    assert staff.get("/dashboards/?period=%27%3B--").status_code == 200


def test_line_page_lists_actions_with_holder_status_progress_and_update(world, staff):
    html = staff.get("/dashboards/lijn/AL1/?period=2025-H1").content.decode()
    assert "Campagne voor professionals" in html and "CoMensha (test)" in html
    assert "60%" in html and "op schema" in html
    # Free text goes through disclosure control too.
    assert "7 slachtoffers" in SMALL_NARRATIVE and "7 slachtoffers" not in html
    assert "&lt;10 slachtoffers meldden zich" in html
    assert "Minderjarige slachtoffers in opvang" in html  # the line's KPI


class _Outline(HTMLParser):
    """The order of the elements that matter: svg with its name, title, desc, then the table."""

    def __init__(self):
        super().__init__()
        self.events: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("svg", "title", "desc", "table", "figure", "caption"):
            self.events.append((tag, dict(attrs)))


def test_kpi_page_has_a_chart_with_a_text_alternative_and_a_data_table_under_it(world, staff):
    html = staff.get("/dashboards/kpi/om-suspects/").content.decode()
    outline = _Outline()
    outline.feed(html)
    tags = [tag for tag, _attrs in outline.events]
    svg_at = tags.index("svg")
    svg = outline.events[svg_at][1]
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert outline.events[svg_at + 1] == ("title", {"id": title_id})
    assert outline.events[svg_at + 2] == ("desc", {"id": desc_id})
    assert "table" in tags[svg_at:]
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html, re.S)[1]
    assert desc.startswith("Staafdiagram van Bij het OM ingeschreven verdachten per jaar, in personen.")
    assert "2019: 145." in desc and "2020: 124 t/m 30 september, doel 190, prognose 165" in desc
    # The forecast with its method in words, and definition, source and owner.
    assert "Naar rato: 124 in de eerste 9 maanden" in html
    assert "Verdachten van mensenhandel die het OM in een jaar inschreef." in html
    assert "Openbaar Ministerie" in html


def test_kpi_page_hides_small_counts_of_people(world, staff):
    html = staff.get("/dashboards/kpi/minor-victims/").content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    assert table.count("&lt;10") == 1  # 2024: 7
    assert re.search(r"<th scope=\"row\">2024</th>\s*<td class=\"number\">&lt;10", table)
    # The dashboard is live: 40 through September 2025 is shown, with a forecast.
    assert "40 (t/m 30 september)" in table
    assert ">7<" not in html and " 7 " not in re.sub(r"<[^>]+>", " ", html.split("<desc")[1].split("</desc>")[0])


def test_chart_axis_never_shows_a_small_tick_for_counts_of_people(world):
    chart = kpi_chart(world.kpis["minor-victims"], until=None)
    _top, ticks = chart.scale()
    assert all(tick == 0 or tick >= 10 for tick in ticks)


def test_download_gives_the_letter_and_audits_the_export(world, staff):
    response = staff.get(reverse("monitoring_dashboard:letter", args=["2025-H1", "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="voortgangsbrief-2025-H1.pdf"' in response["Content-Disposition"]
    response = staff.get(reverse("monitoring_dashboard:letter", args=["2025-H1", "docx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    reasons = set(
        AuditEvent.objects.filter(action="export", object_type="monitoring.progressletter").values_list(
            "reason", flat=True
        )
    )
    assert reasons == {"progress-letter:pdf:download", "progress-letter:docx:download"}


def test_empty_programme_still_renders(staff):
    html = staff.get("/dashboards/").content.decode()
    assert "Er zijn nog geen actielijnen vastgelegd." in html
    assert "Er zijn nog geen kerncijfers vastgelegd." in html


def test_english_dashboard(world, staff):
    html = staff.get("/en/dashboards/line/AL1/?period=2025-H1").content.decode()
    assert "Action holder" in html and "on track" in html
