"""Loading the programme from data/plan.yaml: the seeds' structure and figures, every item with its source, holders
linked by name (or named in the description when Samen does not know them), and idempotent re-runs."""

from datetime import date
from decimal import Decimal

import pytest

from django.core.management import call_command

from samen.demo.programme import demo_progress_seed
from samen.monitoring.loading import PlanFileError, plan_load
from samen.monitoring.models import KPI, KPITarget, KPIValue, PlanNode, ProgressUpdate, Project, Series
from samen.monitoring.selectors import action_lines, kpi_year, plan_roots
from samen.taxonomy.selectors import term_current
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SEED_DOCUMENTS = {
    "2020-voortgangsbrief",
    "2023-actieplan-kamerbrief",
    "2024-11-voortgangsbrief",
    "2024-bijlage-no-regret-projecten",
}


def _counts() -> dict[str, int]:
    return {
        "nodes": PlanNode.objects.count(),
        "projects": Project.objects.count(),
        "series": Series.objects.count(),
        "kpis": KPI.objects.count(),
        "values": KPIValue.objects.count(),
        "targets": KPITarget.objects.count(),
    }


def test_the_plan_has_the_seeds_structure():
    plan_load(demo=False)
    [ambition] = plan_roots()
    assert ambition.kind == "ambition" and "slachtoffers" in ambition.title_nl
    assert [goal.code for goal in ambition.children.order_by("position")] == ["SD1", "SD2", "SD3"]
    assert [line.title_nl for line in action_lines()] == [
        "Brede bewustwording",
        "Meldingsbereidheid",
        "Slachtofferidentificatie en -bescherming",
        "(Boven)regionale samenwerking",
        "Informatiedeling en gegevensverwerking",
        "Minderjarigen",
    ]
    for line in action_lines():
        operational = line.children.all()
        assert operational and all(node.kind == "operational" for node in operational)
        assert all(child.kind == "action" for node in operational for child in node.children.all())
    assert PlanNode.objects.filter(kind="action").count() >= 15


def test_every_item_names_its_source_document():
    plan_load(demo=False)
    for model in (PlanNode, Project, Series, KPI):
        for item in model.objects.all():
            assert item.source, f"{model.__name__} {item} has no source"
    used = {node.source.split(":")[0] for node in PlanNode.objects.all()}
    used |= {project.source.split(":")[0] for project in Project.objects.all()}
    assert used >= SEED_DOCUMENTS


def test_the_seeds_figures_are_loaded():
    plan_load(demo=False)
    victims = KPI.objects.get(slug="registered-victims")
    by_year = {value.period_start.year: value.value for value in victims.values.all()}
    assert by_year == {
        2011: 1222,
        2012: 1711,
        2013: 1437,
        2017: 958,
        2018: 780,
        2019: 1372,
        2020: 1013,
        2021: 791,
        2022: 814,
    }
    assert "668" in victims.values.get(period_start__year=2018).source
    suspects = KPI.objects.get(slug="om-suspects")
    figure = kpi_year(suspects, 2020)
    assert figure.value == 124 and figure.through == date(2020, 9, 30) and figure.target == 190
    assert 160 <= figure.forecast.point <= 170
    assert kpi_year(suspects, 2019).value == 145
    registered = Series.objects.get(slug="npst-hotels-registered").values.get(date=date(2024, 7, 15))
    certified = Series.objects.get(slug="npst-hotels-certified").values.get(date=date(2024, 7, 15))
    assert (registered.value, certified.value) == (351, 172)
    npst = Project.objects.get(name="No Place for Sex Trafficking")
    assert "351" in npst.results and "172" in npst.results and npst.line.code == "AL1"
    assert Project.objects.filter(programme="No Regrets 2023-2024").count() == 12


def test_computed_kpis_that_are_not_yet_available_have_no_values():
    plan_load(demo=False)
    for slug in ("victims-registered", "shelter-occupancy"):
        kpi = KPI.objects.get(slug=slug)
        assert kpi.kind == "computed" and not kpi.values.exists()
        assert "Nog niet beschikbaar" in kpi.definition


def test_loading_twice_changes_nothing():
    first = plan_load(demo=False)
    before = _counts()
    second = plan_load(demo=False)
    assert _counts() == before
    assert first.nodes_created == before["nodes"] and second.nodes_created == 0
    assert second.nodes_updated == before["nodes"]


def test_loading_brings_edited_items_back_in_line_and_keeps_history():
    plan_load(demo=False)
    action = PlanNode.objects.get(code="AL1.2")
    ProgressUpdate.objects.create(
        action=action, period="2025-H1", status="on-track", percent_complete=40, narrative="x"
    )
    action.title_nl = "Iets anders"
    action.save()
    KPIValue.objects.filter(kpi__slug="om-suspects", period_start=date(2019, 1, 1)).update(value=1)
    plan_load(demo=False)
    action.refresh_from_db()
    assert action.title_nl.startswith("Bewustwordingscampagnes")
    assert action.updates.count() == 1
    assert KPIValue.objects.get(kpi__slug="om-suspects", period_start=date(2019, 1, 1)).value == Decimal(145)


def test_holders_are_linked_by_name_or_named_in_the_description():
    comensha = OrganisationFactory(name="CoMensha", type=term_current("organisation_type", "comensha"))
    report = plan_load(demo=False)
    assert PlanNode.objects.get(code="AL1.2").holder == comensha
    unlinked = PlanNode.objects.get(code="AL1.1")
    assert unlinked.holder is None
    assert "Actiehouder: Ministerie van Justitie en Veiligheid (niet gekoppeld" in unlinked.description
    assert "Ministerie van Justitie en Veiligheid" in report.unresolved
    assert comensha in PlanNode.objects.get(code="AL1.1").involved.all()


def test_the_demo_links_holders_to_the_demo_organisations():
    ministry = OrganisationFactory(
        name="Ministerie van Justitie en Veiligheid (demo)", type=term_current("organisation_type", "ministerie")
    )
    plan_load(demo=True)
    assert PlanNode.objects.get(code="AL1.1").holder == ministry
    assert "Actiehouder:" not in PlanNode.objects.get(code="AL1.1").description
    # Outside demo mode a demo organisation is never picked up.
    plan_load(demo=False)
    assert PlanNode.objects.get(code="AL1.1").holder is None


def test_the_command_loads_and_reports(capsys):
    call_command("load_plan")
    assert "plan:" in capsys.readouterr().out
    assert PlanNode.objects.filter(code="AL6").exists()


def test_a_broken_file_changes_nothing(tmp_path):
    broken = tmp_path / "plan.yaml"
    broken.write_text(
        "plan:\n  code: X\n  kind: ambition\n  title_nl: x\n  source: s\n  children:\n"
        "    - {code: Y, kind: action, title_nl: y, source: s, forms: [flying]}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanFileError, match="flying"):
        plan_load(path=broken, demo=False)
    assert not PlanNode.objects.exists()


def test_an_item_without_a_source_is_refused(tmp_path):
    broken = tmp_path / "plan.yaml"
    broken.write_text("plan:\n  code: X\n  kind: ambition\n  title_nl: x\n", encoding="utf-8")
    with pytest.raises(PlanFileError, match="source"):
        plan_load(path=broken, demo=False)


def test_the_demo_adds_synthetic_updates_for_most_actions_once():
    plan_load(demo=False)
    added = demo_progress_seed()
    actions = PlanNode.objects.filter(kind="action").count()
    for period in ("2024-H2", "2025-H1"):
        updated = ProgressUpdate.objects.filter(period=period).values("action").distinct().count()
        assert actions * 0.7 <= updated < actions
    assert all(update.narrative.startswith("Synthetisch") for update in ProgressUpdate.objects.all())
    assert added == ProgressUpdate.objects.count() and demo_progress_seed() == 0
