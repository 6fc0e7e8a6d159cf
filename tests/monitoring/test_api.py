"""The monitoring API: who gets in (permission table, problem+json), the plan with rolled-up progress, the KPIs with
the seeds' forecast example, disclosure control of counts of people, and statistics where naive suppression leaks."""

from datetime import date

import pytest

from django.test import Client
from rest_framework.authtoken.models import Token

from samen.demo.programme import demo_progress_seed
from samen.monitoring.loading import plan_load
from samen.monitoring.models import KPI, KPIValue, PlanNode, ProgressUpdate
from samen.monitoring.plan_view import plan_rows
from samen.monitoring.selectors import progress
from tests.factories import UserFactory
from tests.helpers import signed_in
from tests.signals.factories import make_signal

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/actions/", "/api/v1/kpis/", "/api/v1/kpis/om-suspects/", "/api/v1/statistics/"]


@pytest.fixture
def plan():
    plan_load(demo=False)


@pytest.fixture
def staff():
    return UserFactory(roles=["programme-staff"])


def get(client: Client, url: str):
    return client.get(url, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("url", ENDPOINTS)
def test_who_may_read(plan, url):
    clients = {
        "programme-staff": signed_in(UserFactory(roles=["programme-staff"])),
        "analyst": signed_in(UserFactory(roles=["analyst"])),
        "table-member": signed_in(UserFactory(roles=["table-member"])),
        "anonymous": Client(),
    }
    seen = {name: get(client, url).status_code for name, client in clients.items()}
    assert seen == {"programme-staff": 200, "analyst": 200, "table-member": 403, "anonymous": 401}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_refusals_are_problem_json(plan, url):
    response = get(Client(), url)
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 401
    refused = get(signed_in(UserFactory(roles=["table-member"])), url)
    assert refused["Content-Type"].startswith("application/problem+json") and refused.json()["status"] == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(plan, staff, method):
    response = getattr(signed_in(staff), method)("/api/v1/kpis/om-suspects/", content_type="application/json")
    assert response.status_code == 405


def test_a_token_works_too(plan, staff):
    token = Token.objects.create(user=staff)
    response = Client().get("/api/v1/kpis/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and {kpi["slug"] for kpi in response.json()} >= {"om-suspects"}


def test_an_unknown_kpi_is_a_404_problem(plan, staff):
    response = get(signed_in(staff), "/api/v1/kpis/no-such-kpi/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/problem+json")


# --- KPIs ---------------------------------------------------------------------------------------------------------


def test_the_seeds_forecast_for_om_suspects(plan, staff):
    data = get(signed_in(staff), "/api/v1/kpis/om-suspects/").json()
    assert {"slug", "title", "unit", "definition", "source", "owner", "values", "targets", "years", "forecast"} <= set(
        data
    )
    assert data["slug"] == "om-suspects" and data["owner"] == "Openbaar Ministerie"
    assert data["targets"] == [{"year": 2020, "value": 190}]
    assert {"period_start": "2020-01-01", "period_end": "2020-09-30", "value": 124, "cumulative": True}.items() <= (
        data["values"][-1].items()
    )
    years = {year["year"]: year for year in data["years"]}
    assert years[2019] | {"forecast": None} == years[2019]
    assert years[2019]["value"] == 145 and years[2019]["complete"]
    assert years[2020]["value"] == 124 and not years[2020]["complete"] and years[2020]["through"] == "2020-09-30"
    assert years[2020]["target"] == 190
    forecast = data["forecast"]
    assert forecast["year"] == 2020
    assert 160 <= forecast["point"] <= 170
    assert forecast["low"] <= forecast["point"] <= forecast["high"]
    assert forecast["method"] and "124" in forecast["method"]
    assert years[2020]["forecast"]["point"] == forecast["point"]


def test_registered_victims_are_complete_years_without_forecast(plan, staff):
    data = get(signed_in(staff), "/api/v1/kpis/registered-victims/").json()
    assert [(year["year"], year["value"]) for year in data["years"]][-3:] == [(2020, 1013), (2021, 791), (2022, 814)]
    assert data["forecast"] is None


def test_kpis_not_yet_available_say_so(plan, staff):
    data = get(signed_in(staff), "/api/v1/kpis/shelter-occupancy/").json()
    assert data["available"] is False and data["availability"] and data["values"] == []


def _monthly(kpi: KPI, year: int, values: list[int]) -> None:
    for month, value in enumerate(values, start=1):
        end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
        KPIValue.objects.create(
            kpi=kpi, period_start=date(year, month, 1), period_end=date.fromordinal(end), value=value
        )


def _kpi(slug: str, *, counts_people: bool) -> KPI:
    return KPI.objects.create(
        slug=slug,
        kind="manual",
        title_nl=slug,
        unit="personen",
        definition="d",
        source="s",
        owner="o",
        counts_people=counts_people,
    )


def test_small_counts_of_people_are_suppressed_with_their_complement(staff):
    _monthly(_kpi("people", counts_people=True), 2024, [5, 20, 30])
    data = get(signed_in(staff), "/api/v1/kpis/people/").json()
    shown = [value["value"] for value in data["values"]]
    assert shown[0] == "<10"
    # Naive suppression would show 20 and 30 and the year to date 55: 55 - 20 - 30 = 5. A second month is hidden.
    assert shown.count("<10") == 2 and 30 in shown
    year = data["years"][0]
    assert year["value"] == 55 and year["forecast"]["point"] > 55


def test_a_small_year_to_date_hides_its_forecast(staff):
    _monthly(_kpi("few", counts_people=True), 2024, [2, 3])
    data = get(signed_in(staff), "/api/v1/kpis/few/").json()
    assert [value["value"] for value in data["values"]] == ["<10", "<10"]
    assert data["years"][0]["value"] == "<10" and data["years"][0]["forecast"] is None
    assert data["forecast"] is None


def test_values_that_are_not_counts_of_people_are_shown(staff):
    _monthly(_kpi("days", counts_people=False), 2024, [5, 3])
    data = get(signed_in(staff), "/api/v1/kpis/days/").json()
    assert [value["value"] for value in data["values"]] == [5, 3]


# --- actions ------------------------------------------------------------------------------------------------------


def test_the_plan_tree_with_holders_status_and_progress(plan, staff):
    action = PlanNode.objects.get(code="AL1.2")
    ProgressUpdate.objects.create(
        action=action, period="2024-H2", status="on-track", percent_complete=20, narrative="a"
    )
    ProgressUpdate.objects.create(action=action, period="2025-H1", status="delayed", percent_complete=30, narrative="b")
    rows = get(signed_in(staff), "/api/v1/actions/").json()
    assert rows[0]["code"] == "AMB" and rows[0]["depth"] == 0 and rows[0]["parent"] is None
    by_code = {row["code"]: row for row in rows}
    item = by_code["AL1.2"]
    assert item["kind"] == "action" and item["parent"] == "OD1.1" and item["status"] == "delayed"
    assert item["progress"] == 30 and item["latest_update"]["period"] == "2025-H1"
    assert item["forms"] == ["sexual", "criminal", "labour"] and item["source"].startswith("2024-11-voortgangsbrief")
    assert by_code["AL1.1"]["status"] == "not-started" and by_code["AL1.1"]["latest_update"] is None
    assert by_code["AL1"]["status"] is None and 0 < by_code["AL1"]["progress"] < 30
    earlier = {row["code"]: row for row in get(signed_in(staff), "/api/v1/actions/?period=2024-H2").json()}
    assert earlier["AL1.2"]["progress"] == 20 and earlier["AL1.2"]["status"] == "on-track"


def test_an_invalid_period_is_a_400_problem(plan, staff):
    response = get(signed_in(staff), "/api/v1/actions/?period=2024")
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "period"


def test_the_rolled_up_progress_agrees_with_the_selector(plan):
    demo_progress_seed()
    for period in (None, "2024-H2"):
        for row in plan_rows(period=period):
            assert row.progress == pytest.approx(progress(row.node, period)), row.node.code


# --- statistics ---------------------------------------------------------------------------------------------------


def _signals(organisation, municipality: str, form: str, count: int) -> None:
    for _ in range(count):
        make_signal(organisation, forms=[form], indicators=[], municipality=municipality)


def _lines(table: dict):
    """Every row and column of a statistics table as (parts, total)."""
    cells = table["cells"]
    for row, total in zip(cells, table["row_totals"], strict=True):
        yield row, total
    for index, total in enumerate(table["column_totals"]):
        yield [row[index] for row in cells], total
    yield table["row_totals"], table["total"]
    yield table["column_totals"], table["total"]


def test_statistics_suppress_where_naive_suppression_would_leak(staff, settings):
    settings.SAMEN_DISCLOSURE_THRESHOLD = 3
    organisation = staff.organisation
    _signals(organisation, "GM0344", "sexual", 1)  # Midden-Nederland: the one small cell
    _signals(organisation, "GM0344", "labour", 3)
    _signals(organisation, "GM0363", "sexual", 3)  # Amsterdam
    _signals(organisation, "GM0363", "labour", 3)
    year = date.today().year
    data = get(signed_in(staff), f"/api/v1/statistics/?year={year}").json()
    assert data["suppressed"] == "<3" and data["threshold"] == 3
    table = next(table for table in data["tables"] if table["slug"] == "signals-by-form-and-police-unit")
    rows = [row["key"] for row in table["rows"]]
    columns = [column["key"] for column in table["columns"]]
    cell = table["cells"][rows.index("sexual")][columns.index("pol-midden-nederland")]
    assert cell == "<3"
    # Naively the sexual row would show 4 in total and 3 in Amsterdam: 4 - 3 = 1. Not here.
    sexual = table["cells"][rows.index("sexual")]
    assert not (sexual.count("<3") == 1 and isinstance(table["row_totals"][rows.index("sexual")], int))
    for parts, total in _lines(table):
        hidden = [part for part in parts if part == "<3"]
        assert not (len(hidden) == 1 and isinstance(total, int)), (parts, total)
        assert all(part == "<3" or part == 0 or part >= 3 for part in parts)


def test_one_signal_shows_as_less_than_ten(staff):
    make_signal(staff.organisation, forms=["criminal"], indicators=[], municipality="GM0344")
    data = get(signed_in(staff), f"/api/v1/statistics/?year={date.today().year}").json()
    for table in data["tables"]:
        assert table["total"] == "<10"
        assert 1 not in [value for row in table["cells"] for value in row]


def test_statistics_refuse_a_silly_year(staff):
    assert get(signed_in(staff), "/api/v1/statistics/?year=abc").status_code == 400
