"""The inventory of awareness campaigns and reporting points: the entry's rules (validation with stable codes and the
messages people see), what runs when, loading the seeds' entries idempotently with their sources, and the service
that functional admins write through."""

from datetime import date

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from samen.audit.models import AuditEvent
from samen.geo.models import Municipality, Region
from samen.monitoring import models as rules
from samen.monitoring.loading import PlanFileError, plan_load
from samen.monitoring.models import InventoryEntry, PlanNode, inventory_relation_errors
from samen.monitoring.selectors import inventory_filtered, inventory_running_between
from samen.monitoring.services import inventory_entry_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED_DOCUMENTS = {
    "2020-voortgangsbrief",
    "2023-actieplan-kamerbrief",
    "2024-11-voortgangsbrief",
    "2024-bijlage-no-regret-projecten",
}


@pytest.fixture(autouse=True)
def dutch():
    """Messages and URLs in Dutch, whatever language an earlier test's request left active in this thread."""
    with translation.override("nl"):
        yield


def entry(**values) -> InventoryEntry:
    defaults = {
        "slug": "meldpunt",
        "kind": "reporting-point",
        "title_nl": "Meldpunt",
        "organisation_name": "Politie",
        "source": "Brief van 19 november 2024",
    }
    return InventoryEntry(**{**defaults, **values})


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [item.code for item in items] for field, items in error.error_dict.items()}


def messages(error: ValidationError) -> list[str]:
    return [message for items in error.message_dict.values() for message in items]


# --- Validation -------------------------------------------------------------------------------------------------


def test_a_complete_entry_is_valid():
    entry(
        forms=["sexual", "labour"],
        channels=["web", "phone"],
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        scope="national",
        url="https://www.example.nl/meldpunt",
    ).full_clean()


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"start": date(2024, 6, 1), "end": date(2024, 5, 31)}, "end", "end_before_start"),
        ({"start": date(2024, 6, 1), "active": True}, "active", "period_and_active"),
        ({"end": date(2024, 6, 1), "active": True}, "active", "period_and_active"),
        ({"active": True}, "running_as_of", "as_of_required"),
        ({"running_as_of": date(2024, 11, 19)}, "running_as_of", "as_of_without_active"),
        ({"url": "geen adres"}, "url", "invalid"),
        ({"url": "ftp://example.nl/bestand"}, "url", "invalid"),
        ({"forms": ["sexual", "flying"]}, "forms", "form_unknown"),
        ({"channels": ["pigeon"]}, "channels", "channel_unknown"),
        ({"scope": "regional"}, "region", "region_required"),
        ({"kind": "poster"}, "kind", "invalid_choice"),
        ({"scope": "galactic"}, "scope", "invalid_choice"),
    ],
)
def test_invalid_entries_are_refused_with_a_code(values, field, code):
    with pytest.raises(ValidationError) as refused:
        entry(**values).full_clean()
    assert code in codes(refused.value).get(field, []), codes(refused.value)


def test_the_messages_are_clear_and_dutch():
    with pytest.raises(ValidationError) as refused:
        entry(
            start=date(2024, 6, 1), end=date(2024, 5, 31), url="geen adres", source="", organisation_name=""
        ).full_clean()
    shown = messages(refused.value)
    assert "Het einde kan niet voor het begin liggen." in shown
    assert any(message.startswith("Vul een webadres in dat begint met https://") for message in shown)
    assert "Noem het brondocument waarin het wordt genoemd." in shown
    assert "Noem de organisatie die het uitvoert." in shown


def test_messages_follow_the_language():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        entry(start=date(2024, 6, 1), end=date(2024, 5, 31)).full_clean()
    assert str(rules.END_BEFORE_START) in messages(refused.value)


def test_a_region_goes_with_a_regional_scope_only():
    region = Region.objects.get(code="pol-den-haag")
    entry(scope="regional", region=region).full_clean()
    with pytest.raises(ValidationError) as refused:
        entry(scope="national", region=region).full_clean()
    assert codes(refused.value) == {"region": ["region_not_regional"]}


def test_links_municipalities_only_for_a_local_scope_and_actions_only_to_actions():
    the_hague = Municipality.objects.get(code="GM0518")
    line = PlanNode.objects.create(kind="line", code="AL1", title_nl="Brede bewustwording")
    action = PlanNode.objects.create(kind="action", code="AL1.1", title_nl="Inventarisatie", parent=line)
    assert inventory_relation_errors(scope="local", municipalities=[the_hague], actions=[action]) == {}
    errors = inventory_relation_errors(scope="local", municipalities=[], actions=[line])
    assert {field: [e.code for e in items] for field, items in errors.items()} == {
        "municipalities": ["municipalities_required"],
        "actions": ["not_an_action"],
    }
    errors = inventory_relation_errors(scope="national", municipalities=[the_hague], actions=[])
    assert [e.code for e in errors["municipalities"]] == ["municipalities_not_local"]


# --- What runs when ---------------------------------------------------------------------------------------------

H1_2025 = (date(2025, 1, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    ("values", "runs_in_2025_h1", "state_on_1_may_2025"),
    [
        ({"active": True, "running_as_of": date(2024, 11, 19)}, True, "running"),
        # A source of July 2025 says it runs: nothing is known about it before, so not in a letter on 2025-H1.
        ({"active": True, "running_as_of": date(2025, 7, 1)}, False, "not-stated"),
        ({"active": True, "running_as_of": date(2025, 6, 30)}, True, "not-stated"),
        ({}, False, "not-stated"),
        ({"start": date(2015, 1, 1)}, True, "running"),  # open end: runs from its start on
        ({"end": date(2025, 3, 31)}, True, "ended"),  # no start known: ran until its end
        ({"start": date(2023, 1, 1), "end": date(2024, 12, 31)}, False, "ended"),
        ({"start": date(2024, 7, 1), "end": date(2025, 1, 1)}, True, "ended"),  # one day in the period is enough
        ({"start": date(2025, 6, 30)}, True, "not-started"),
        ({"start": date(2025, 7, 1)}, False, "not-started"),
    ],
)
def test_what_runs_when(values, runs_in_2025_h1, state_on_1_may_2025):
    item = entry(**values)
    assert item.runs_between(*H1_2025) is runs_in_2025_h1
    assert item.state_on(date(2025, 5, 1)) == state_on_1_may_2025
    item.save()
    # The query the letter uses says the same as the model.
    assert inventory_running_between(*H1_2025).filter(pk=item.pk).exists() is runs_in_2025_h1


def test_filters_by_kind_form_and_running():
    entry(slug="a", kind="campaign", title_nl="A", forms=["sexual"], active=True).save()
    entry(slug="b", kind="campaign", title_nl="B", forms=["labour"], end=date(2020, 1, 1)).save()
    entry(slug="c", kind="reporting-point", title_nl="C", forms=["labour", "sexual"], start=date(2024, 1, 1)).save()
    day = date(2025, 5, 1)

    def slugs(**filters):
        return [item.slug for item in inventory_filtered(on=day, **filters)]

    assert slugs() == ["a", "b", "c"]  # campaigns first, then by name
    assert slugs(kind="reporting-point") == ["c"]
    assert slugs(form="labour") == ["b", "c"]
    assert slugs(running=True) == ["a", "c"]
    assert slugs(running=False) == ["b"]
    assert slugs(kind="campaign", form="sexual", running=True) == ["a"]


# --- Loading the seeds ------------------------------------------------------------------------------------------


def test_the_seeds_inventory_is_loaded_with_its_sources():
    report = plan_load(demo=False)
    entries = {item.slug: item for item in InventoryEntry.objects.all()}
    assert report.inventory == len(entries) >= 10
    assert {item.kind for item in entries.values()} == {"campaign", "reporting-point"}
    for item in entries.values():
        assert item.source.split(":")[0] in SEED_DOCUMENTS, item.slug
        assert item.origin == "plan-file"
        item.full_clean()
    # The seeds give no web addresses, so none is filled in.
    assert not any(item.url for item in entries.values())

    campaign = entries["jouw-twijfel-iemands-kans"]
    assert campaign.kind == "campaign" and campaign.organisation_name == "CoMensha"
    assert campaign.audience == "Professionals" and campaign.forms == ["sexual", "criminal", "labour"]
    assert campaign.active and campaign.start is None and campaign.end is None
    assert campaign.running_as_of == date(2024, 11, 19)  # the date of the letter that says it runs
    assert [action.code for action in campaign.actions.all()] == ["AL1.2"]
    assert campaign.source.startswith("2024-11-voortgangsbrief: Brief regering")

    lcom = entries["lcom"]
    assert lcom.kind == "reporting-point" and lcom.scope == "national" and lcom.organisation_name == "Politie"
    assert "LCOM" in lcom.title_nl

    shop = entries["shop-spreekuren-chinese-arbeidsmigranten"]
    assert shop.scope == "local" and shop.channels == ["walk-in"] and shop.forms == ["labour"]
    assert sorted(m.code for m in shop.municipalities.all()) == ["GM0513", "GM0518"]
    assert shop.start == date(2015, 1, 1) and "2015" in shop.period_note and shop.source.startswith("2023-actieplan")

    # What a source does not state stays empty.
    veilig_thuis = entries["veilig-thuis"]
    assert (veilig_thuis.audience, veilig_thuis.forms, veilig_thuis.channels, veilig_thuis.scope) == ("", [], [], "")


def test_every_seed_document_that_names_campaigns_or_reporting_points_is_used():
    plan_load(demo=False)
    used = {item.source.split(":")[0] for item in InventoryEntry.objects.all()}
    assert used == SEED_DOCUMENTS


def test_loading_twice_changes_nothing():
    plan_load(demo=False)
    before = {
        item.slug: (item.pk, item.title_nl, item.source, item.forms, list(item.municipalities.values_list("code")))
        for item in InventoryEntry.objects.all()
    }
    report = plan_load(demo=False)
    after = {
        item.slug: (item.pk, item.title_nl, item.source, item.forms, list(item.municipalities.values_list("code")))
        for item in InventoryEntry.objects.all()
    }
    assert after == before and report.inventory == len(before) and report.inventory_kept == 0


def test_loading_brings_an_entry_of_the_file_back_in_line():
    plan_load(demo=False)
    InventoryEntry.objects.filter(slug="lcom").update(title_nl="Iets anders", scope="")
    plan_load(demo=False)
    lcom = InventoryEntry.objects.get(slug="lcom")
    assert lcom.title_nl.startswith("Landelijk coördinatiepunt") and lcom.scope == "national"


def test_loading_leaves_an_entry_maintained_by_hand_alone():
    plan_load(demo=False)
    admin = UserFactory(roles=["functional-admin"])
    lcom = InventoryEntry.objects.get(slug="lcom")
    inventory_entry_save(by=admin, entry=lcom, url="https://www.politie.nl/")
    assert lcom.actions.count() == 0 and lcom.running_as_of == date(2024, 11, 19)  # untouched fields stay
    report = plan_load(demo=False)
    lcom.refresh_from_db()
    assert lcom.url == "https://www.politie.nl/" and lcom.origin == "manual"
    assert report.inventory_kept == 1
    assert "left alone: maintained by hand" in report.summary()


def test_an_entry_added_by_hand_survives_loading():
    admin = UserFactory(roles=["functional-admin"])
    inventory_entry_save(
        by=admin, slug="eigen-campagne", kind="campaign", title_nl="Eigen campagne", organisation_name="X", source="Y"
    )
    plan_load(demo=False)
    assert InventoryEntry.objects.filter(slug="eigen-campagne", origin="manual").exists()


def _plan_with(tmp_path, inventory: str):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "sources: {brief: 'Een brief'}\n"
        "plan:\n  code: AMB\n  kind: ambition\n  title_nl: x\n  source: brief\n  children:\n"
        "    - {code: AL1, kind: line, title_nl: y, source: brief}\n"
        "inventory:\n" + inventory,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("inventory", "message"),
    [
        ("  - {slug: a, kind: poster, title_nl: A, organisation_name: X, source: brief}\n", "kind must be"),
        ("  - {kind: campaign, title_nl: A, organisation_name: X, source: brief}\n", "needs a slug"),
        ("  - {slug: a, kind: campaign, title_nl: A, organisation_name: X}\n", "source"),
        (
            "  - {slug: a, kind: campaign, title_nl: A, organisation_name: X, source: brief, forms: [flying]}\n",
            "flying",
        ),
        (
            "  - {slug: a, kind: campaign, title_nl: A, organisation_name: X, source: brief,"
            " start: 2024-02-01, end: 2024-01-01}\n",
            "end_before_start|niet voor het begin",
        ),
        ("  - {slug: a, kind: campaign, title_nl: A, organisation_name: X, source: brief, actions: [AL1]}\n", "actie"),
        (
            "  - {slug: a, kind: campaign, title_nl: A, organisation_name: X, source: brief, scope: local,"
            " municipalities: [GM9999]}\n",
            "GM9999",
        ),
        (
            "  - {slug: a, kind: campaign, title_nl: A, organisation_name: X, source: brief}\n"
            "  - {slug: a, kind: campaign, title_nl: B, organisation_name: X, source: brief}\n",
            "twice",
        ),
    ],
)
def test_a_broken_inventory_entry_is_refused_and_changes_nothing(tmp_path, inventory, message):
    with pytest.raises(PlanFileError, match=message):
        plan_load(path=_plan_with(tmp_path, inventory), demo=False)
    assert not PlanNode.objects.exists() and not InventoryEntry.objects.exists()


def test_the_command_reports_the_inventory(capsys):
    call_command("load_plan")
    assert "campaigns and reporting points" in capsys.readouterr().out


# --- The service ------------------------------------------------------------------------------------------------


def test_the_service_adds_and_changes_entries_and_audits_which_fields_changed():
    admin = UserFactory(roles=["functional-admin"])
    added = inventory_entry_save(
        by=admin,
        slug="meldpunt-x",
        kind="reporting-point",
        title_nl="Meldpunt X",
        organisation_name="Organisatie X",
        channels=["phone"],
        source="Brief",
    )
    assert added.origin == "manual"
    inventory_entry_save(by=admin, entry=added, audience="Burgers", channels=["phone", "chat"])
    reasons = list(
        AuditEvent.objects.filter(object_type="monitoring.inventoryentry", object_id=str(added.pk))
        .order_by("id")
        .values_list("action", "reason")
    )
    assert reasons == [("create", "inventory:meldpunt-x:created"), ("update", "inventory:meldpunt-x:audience,channels")]


def test_the_service_refuses_what_is_invalid_and_saves_nothing():
    admin = UserFactory(roles=["functional-admin"])
    with pytest.raises(ValidationError) as refused:
        inventory_entry_save(
            by=admin,
            slug="x",
            kind="campaign",
            title_nl="X",
            organisation_name="Y",
            source="Z",
            start=date(2024, 2, 1),
            end=date(2024, 1, 1),
            scope="local",
        )
    assert codes(refused.value) == {"end": ["end_before_start"], "municipalities": ["municipalities_required"]}
    assert not InventoryEntry.objects.exists()


@pytest.mark.parametrize("role", ["analyst", "intake", "privacy-officer"])
def test_the_service_refuses_people_without_manage_inventory(role):
    with pytest.raises(PermissionDenied):
        inventory_entry_save(
            by=UserFactory(roles=[role]), slug="x", kind="campaign", title_nl="X", organisation_name="Y", source="Z"
        )
    assert not InventoryEntry.objects.exists()
