"""The tables API: who sees which table, item and share; the minimised view per party type; audited reads; the
inbox actions with their problems; revocation; the schema."""

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest

from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from samen.accounts.models import User
from samen.audit.models import AuditEvent
from samen.geo.models import Region
from samen.tables import workflow
from samen.tables.api.serializers import SIGNAL_KEYS_BY_CLASS
from samen.tables.models import DataShare, Table, TableMember
from samen.tables.services import agenda_add, decision_record, enrichment_add, share_revoke
from tests.factories import UserFactory
from tests.helpers import signed_in
from tests.signals.factories import make_signal
from tests.tables.factories import FIELD_CLASSES, _org, table_world

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
ACCOUNT = "Jonge vrouw wordt elke avond bij het station opgehaald door een oudere man."
PHONE, PHONE_NORMALISED, NAME = "06 12345678", "+31612345678", "Anna Visser"
FINDING = "Busje eerder gezien bij het station."


@dataclass
class Scene:
    """The table world with a police signal on the agenda, a finding of the police, and a routing task to care;
    plus another table with its own members, and the standing users."""

    world: object
    table: Table
    other_table: Table
    item_id: int
    signal_id: int
    table_share: DataShare  # the table share to the municipality
    task: DataShare  # the routing task to care
    users: dict[str, User]

    def client(self, party: str) -> Client:
        return Client() if party == "anonymous" else signed_in(self.users[party])


@pytest.fixture
def scene() -> Scene:
    world = table_world()
    police = world.member("police")
    signal = make_signal(world.police, reporter=police)
    item = agenda_add(table=world.table, signal=signal, purpose="signal-enrichment", by=police)
    enrichment_add(
        item=item, by=police, known="known", text=FINDING, identifiers=[{"kind": "plate", "value": "12-ABC-3"}]
    )
    decision_record(item=item, outcome="route-care-coordinator", recipient=world.care, by=world.chair, reason="r")
    elsewhere = _org("gemeente", "Gemeente Anders (test)")
    other_riec = _org("riec-liec", "RIEC Anders (test)")
    other_chair = UserFactory(organisation=other_riec, roles=["table-chair"])
    other_table = Table.objects.create(
        name="Signalentafel Anders (test)",
        region=Region.objects.get(code="pol-midden-nederland"),
        covenant=world.table.covenant,
        chair=other_chair,
    )
    for organisation in (elsewhere, other_riec):
        TableMember.objects.create(table=other_table, organisation=organisation)
    users = {
        "owner": police,
        "member": world.member("municipality"),
        "recipient": world.member("care"),
        "chair": world.chair,
        "other-table": UserFactory(organisation=elsewhere, roles=["table-member"]),
        "unrelated": world.member("outsider"),
        "no-permission": world.member("police", "analyst"),
        "privacy-officer": world.member("outsider", "privacy-officer"),
    }
    return Scene(
        world=world,
        table=world.table,
        other_table=other_table,
        item_id=item.pk,
        signal_id=signal.pk,
        table_share=DataShare.objects.get(kind="table", signal=signal, to_organisation=world.municipality),
        task=DataShare.objects.get(kind="routing", signal=signal),
        users=users,
    )


def results(response) -> list:
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


# Who reaches what ---------------------------------------------------------------------------------------------------

READS = {
    "table-list": lambda s: "/api/v1/tables/",
    "table-detail": lambda s: f"/api/v1/tables/{s.table.pk}/",
    "table-items": lambda s: f"/api/v1/tables/{s.table.pk}/items/",
    "share-list": lambda s: "/api/v1/shares/",
    "share-detail": lambda s: f"/api/v1/shares/{s.task.pk}/",
}
READ_STATUSES = {
    #                 anonymous owner member recipient chair other-table unrelated no-permission privacy-officer
    "table-list": (401, 200, 200, 200, 200, 200, 200, 403, 403),
    "table-detail": (401, 200, 200, 200, 200, 404, 404, 403, 403),
    "table-items": (401, 200, 200, 200, 200, 404, 404, 403, 403),
    "share-list": (401, 200, 200, 200, 200, 200, 200, 403, 200),
    "share-detail": (401, 200, 404, 200, 200, 404, 404, 403, 200),
}
PARTIES = [
    "anonymous",
    "owner",
    "member",
    "recipient",
    "chair",
    "other-table",
    "unrelated",
    "no-permission",
    "privacy-officer",
]


@pytest.mark.parametrize(
    ("endpoint", "party", "expected"),
    [
        (endpoint, party, expected)
        for endpoint, statuses in READ_STATUSES.items()
        for party, expected in zip(PARTIES, statuses, strict=True)
    ],
)
def test_who_may_read_what(scene, endpoint, party, expected):
    response = scene.client(party).get(READS[endpoint](scene), HTTP_ACCEPT="application/json")
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response["Content-Type"] == PROBLEM
        assert response.json()["status"] == expected


ACTIONS = {
    "accept": {},
    "return": {"reason": "Geen taak voor ons."},
    "feedback": {"text": "Contact gelegd."},
}
ACTION_STATUSES = {
    # feedback needs an accepted task: from "sent" the recipient gets 409, the others are refused before that.
    #            anonymous owner member recipient chair other-table unrelated no-permission privacy-officer
    "accept": (401, 403, 404, 200, 403, 404, 404, 403, 403),
    "return": (401, 403, 404, 200, 403, 404, 404, 403, 403),
    "feedback": (401, 403, 404, 409, 403, 404, 404, 403, 403),
}


@pytest.mark.parametrize(
    ("action", "party", "expected"),
    [
        (action, party, expected)
        for action, statuses in ACTION_STATUSES.items()
        for party, expected in zip(PARTIES, statuses, strict=True)
    ],
)
def test_who_may_handle_a_task(scene, action, party, expected):
    response = scene.client(party).post(
        f"/api/v1/shares/{scene.task.pk}/{action}/", json.dumps(ACTIONS[action]), content_type="application/json"
    )
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response["Content-Type"] == PROBLEM
    else:
        assert DataShare.objects.get(pk=scene.task.pk).status != workflow.SENT


def test_refusals_are_audited(scene):
    scene.client("no-permission").get("/api/v1/tables/")
    scene.client("owner").post(f"/api/v1/shares/{scene.task.pk}/accept/")
    denied = AuditEvent.objects.filter(action="denied")
    assert denied.filter(actor_id=scene.users["no-permission"].pk).exists()
    assert denied.filter(actor_id=scene.users["owner"].pk, object_type="tables.datashare").exists()


def test_anonymous_callers_get_a_problem_document(scene):
    for url in ("/api/v1/tables/", "/api/v1/shares/", f"/api/v1/tables/{scene.table.pk}/items/"):
        response = Client().get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 401
        assert response["Content-Type"] == PROBLEM
        assert response.json()["code"] == "not_authenticated"


# Tables ---------------------------------------------------------------------------------------------------------------


def test_a_member_sees_its_table_with_members_chair_and_covenant(scene):
    response = scene.client("member").get("/api/v1/tables/", HTTP_ACCEPT="application/json")
    (table,) = results(response)
    assert table["name"] == scene.table.name and table["kind"] == "signal"
    assert table["region"]["code"] == "pol-midden-nederland"
    assert table["chair"] == scene.world.chair.get_full_name()
    assert table["rhythm"] == "elke twee weken"
    assert set(table["members"]) == {
        scene.world.police.name,
        scene.world.care.name,
        scene.world.municipality.name,
        scene.world.riec.name,
    }
    version = table["covenant_version"]
    assert version["number"] == 1 and version["covenant"] == scene.table.covenant.name
    assert {p["code"] for p in version["purposes"]} >= {"signal-enrichment", "routing-to-care"}
    bases = {basis["code"]: basis for basis in version["legal_bases"]}
    assert bases["avg-6-1-e"]["article"] == "AVG art. 6 lid 1 sub e" and bases["avg-6-1-e"]["label"]
    assert version["field_classes"]["gemeente"] == ["basic", "place", "indicators"]


def test_a_member_of_another_table_sees_only_that_table(scene):
    names = [table["name"] for table in results(scene.client("other-table").get("/api/v1/tables/"))]
    assert names == [scene.other_table.name]
    assert results(scene.client("unrelated").get("/api/v1/tables/")) == []


def test_the_chair_sees_the_table_it_chairs(scene):
    names = [table["name"] for table in results(scene.client("chair").get("/api/v1/tables/"))]
    assert names == [scene.table.name]


def test_token_authentication_works(scene):
    token = Token.objects.create(user=scene.users["member"])
    response = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/tables/")
    assert response.status_code == 200 and len(results(response)) == 1


# The minimised view ---------------------------------------------------------------------------------------------------


def items(scene, party: str):
    response = scene.client(party).get(f"/api/v1/tables/{scene.table.pk}/items/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response


def test_the_municipality_never_receives_what_the_covenant_withholds_from_it(scene):
    response = items(scene, "member")
    raw = response.content.decode()
    for withheld in (ACCOUNT, PHONE, PHONE_NORMALISED, NAME, FINDING, "12-ABC-3"):
        assert withheld not in raw
    (item,) = results(response)
    assert item["field_classes"] == ["basic", "indicators", "place"]
    assert not item["is_owner"]
    signal = item["signal"]
    assert {"account", "persons", "identifiers", "minor_involved", "attachments"}.isdisjoint(signal)
    assert signal["municipality"]["code"] == "GM0344" and signal["place_type"]["code"] == "station"
    assert [form["code"] for form in signal["forms"]] == ["sexual"]
    assert signal["indicators"][0]["code"] == "sexual-older-contacts-pickup"
    assert item["findings"] == []
    assert item["decision"]["outcome"]["code"] == "route-care-coordinator"
    assert item["decision"]["recipient"] == scene.world.care.name


def test_care_sees_persons_but_not_identifiers(scene):
    response = items(scene, "recipient")
    raw = response.content.decode()
    assert PHONE not in raw and PHONE_NORMALISED not in raw and "12-ABC-3" not in raw
    (item,) = results(response)
    signal = item["signal"]
    assert signal["account"] == ACCOUNT
    assert [person["name"] for person in signal["persons"]] == [NAME]
    assert "identifiers" not in signal
    (finding,) = item["findings"]
    assert finding["text"] == FINDING and "identifiers" not in finding


def test_the_owner_sees_everything(scene):
    (item,) = results(items(scene, "owner"))
    assert item["is_owner"]
    assert [identifier["value"] for identifier in item["signal"]["identifiers"]] == [PHONE]
    assert item["findings"][0]["identifiers"] == [{"kind": "plate", "value": "12-ABC-3"}]


@pytest.mark.parametrize("party", ["police", "care", "municipality"])
def test_each_party_type_gets_exactly_the_keys_of_its_field_classes(party):
    world = table_world()
    riec = world.member("riec")
    agenda_add(table=world.table, signal=make_signal(world.riec), purpose="signal-enrichment", by=riec)
    response = signed_in(world.member(party)).get(f"/api/v1/tables/{world.table.pk}/items/")
    (item,) = results(response)
    allowed = set(FIELD_CLASSES[getattr(world, party).type.code])
    assert set(item["field_classes"]) == allowed
    expected = {key for field_class, keys in SIGNAL_KEYS_BY_CLASS.items() if field_class in allowed for key in keys}
    assert set(item["signal"]) == expected
    raw = response.content.decode()
    assert (ACCOUNT in raw) is ("account" in allowed)
    assert (NAME in raw) is ("persons" in allowed)
    assert (PHONE in raw) is ("identifiers" in allowed)


def test_reading_items_is_audited_with_the_purpose_and_legal_basis_of_the_share(scene):
    items(scene, "member")
    event = AuditEvent.objects.get(action="read", actor_id=scene.users["member"].pk)
    assert event.object_type == "signals.signal" and event.object_id == str(scene.signal_id)
    assert event.purpose == scene.table_share.purpose == "signal-enrichment"
    assert event.legal_basis == scene.table_share.legal_basis == "avg-6-1-e"
    assert event.subjects


# Shares ---------------------------------------------------------------------------------------------------------------


def shares(scene, party: str, query: str = "") -> list[dict]:
    response = scene.client(party).get("/api/v1/shares/" + query, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return results(response)


def test_the_privacy_officer_sees_every_share_each_with_a_legal_basis(scene):
    seen = shares(scene, "privacy-officer")
    assert {share["id"] for share in seen} == set(DataShare.objects.values_list("pk", flat=True))
    for share in seen:
        assert share["legal_basis"]["code"] and share["legal_basis"]["label"] and share["legal_basis"]["article"]
        assert share["purpose"]["code"] and share["covenant_version"]["number"] == 1


def test_a_share_record_says_who_what_why_and_when(scene):
    response = scene.client("recipient").get(f"/api/v1/shares/{scene.task.pk}/")
    share = response.json()
    assert '"legal' in response.content.decode()
    assert share["kind"] == "routing" and share["status"] == "sent"
    assert share["from_organisation"] == scene.world.police.name
    assert share["to_organisation"] == scene.world.care.name
    assert share["signal_reference"] == scene.task.signal_reference
    assert share["field_classes"] == scene.task.field_classes
    assert share["legal_basis"]["code"] == "avg-6-1-e"
    assert share["legal_basis"]["article"] == "AVG art. 6 lid 1 sub e"
    assert share["purpose"]["code"] == "signal-enrichment"
    assert share["decided_by"] == scene.world.chair.get_full_name()
    assert share["deadline"] == scene.task.deadline.isoformat() and share["overdue"] is False
    assert share["outcome"]["code"] == "route-care-coordinator"
    assert [event["to_status"] for event in share["events"]] == ["sent"]
    assert ACCOUNT not in response.content.decode() and NAME not in response.content.decode()


def test_others_see_only_shares_to_or_from_their_organisation(scene):
    organisation = scene.world.municipality.name
    for share in shares(scene, "member"):
        assert organisation in (share["from_organisation"], share["to_organisation"])
    assert shares(scene, "unrelated") == [] and shares(scene, "other-table") == []


def test_the_inbox_lists_only_routing_tasks_to_my_organisation(scene):
    assert [share["id"] for share in shares(scene, "recipient", "?inbox=true")] == [scene.task.pk]
    assert len(shares(scene, "recipient")) == 2  # the table share and the task
    assert shares(scene, "member", "?inbox=true") == []


def test_shares_filter_on_status_and_kind(scene):
    assert {share["kind"] for share in shares(scene, "owner", "?kind=table")} == {"table"}
    assert [share["id"] for share in shares(scene, "owner", "?kind=routing")] == [scene.task.pk]
    assert shares(scene, "owner", "?status=accepted") == []
    response = scene.client("owner").get("/api/v1/shares/?status=lost&inbox=maybe")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert {param["name"] for param in response.json()["invalid_params"]} == {"status", "inbox"}


def test_an_overdue_task_is_marked(scene):
    DataShare.objects.filter(pk=scene.task.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    (share,) = shares(scene, "recipient", "?inbox=true")
    assert share["overdue"] is True


# The inbox through the API --------------------------------------------------------------------------------------------


def post(scene, party: str, action: str, body: dict | None = None, share: DataShare | None = None):
    share = share or scene.task
    return scene.client(party).post(
        f"/api/v1/shares/{share.pk}/{action}/", json.dumps(body or {}), content_type="application/json"
    )


def test_the_recipient_accepts_and_reports_back(scene):
    response = post(scene, "recipient", "accept")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    refused = post(scene, "recipient", "feedback", {"text": "  "})
    assert refused.status_code == 422 and refused["Content-Type"] == PROBLEM
    assert refused.json()["code"] == "feedback_required"
    response = post(scene, "recipient", "feedback", {"text": "Contact gelegd, hulp gestart."})
    assert response.status_code == 200 and response.json()["status"] == "fed-back"
    assert [event["to_status"] for event in response.json()["events"]] == ["sent", "accepted", "fed-back"]
    again = post(scene, "recipient", "accept")
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM
    assert again.json()["code"] == "transition_not_allowed"
    owner_view = scene.client("owner").get(f"/api/v1/shares/{scene.task.pk}/").json()
    assert owner_view["status"] == "fed-back"


def test_returning_needs_a_reason(scene):
    refused = post(scene, "recipient", "return", {})
    assert refused.status_code == 422 and refused.json()["code"] == "reason_required"
    response = post(scene, "recipient", "return", {"reason": "Geen taak voor ons."})
    assert response.status_code == 200 and response.json()["status"] == "returned"


def test_an_overlong_reason_is_an_invalid_field(scene):
    response = post(scene, "recipient", "return", {"reason": "x" * 5001})
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.json()["invalid_params"][0]["name"] == "reason"


def test_a_table_share_cannot_be_handled_as_a_task_by_a_non_recipient(scene):
    response = post(scene, "recipient", "accept", share=scene.table_share)
    assert response.status_code == 404


def test_an_unknown_share_is_not_found(scene):
    response = scene.client("recipient").post("/api/v1/shares/999999/accept/")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


# Revocation -----------------------------------------------------------------------------------------------------------


def test_a_revoked_share_is_invisible_to_the_recipient_at_once(scene):
    for share in DataShare.objects.filter(to_organisation=scene.world.care):
        share_revoke(share=share, by=scene.world.chair, reason="Te veel gedeeld.")
    client = scene.client("recipient")
    assert client.get(f"/api/v1/shares/{scene.task.pk}/").status_code == 404
    assert post(scene, "recipient", "accept").status_code == 404
    assert results(client.get("/api/v1/shares/?inbox=true")) == []
    assert results(client.get("/api/v1/shares/")) == []
    assert results(client.get(f"/api/v1/tables/{scene.table.pk}/items/")) == []
    # The owner keeps the record of what was revoked.
    assert scene.client("owner").get(f"/api/v1/shares/{scene.task.pk}/").json()["status"] == "revoked"


# The schema -----------------------------------------------------------------------------------------------------------


def test_the_schema_documents_the_tables_endpoints():
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/tables/",
        "/api/v1/tables/{id}/",
        "/api/v1/tables/{id}/items/",
        "/api/v1/shares/",
        "/api/v1/shares/{id}/",
    ):
        assert "get" in paths[path], path
    for action in ("accept", "return", "feedback"):
        operation = paths[f"/api/v1/shares/{{id}}/{action}/"]["post"]
        assert {"200", "401", "403", "404", "409", "422"} <= set(operation["responses"])
        assert PROBLEM in operation["responses"]["409"]["content"]
    listing = paths["/api/v1/shares/"]["get"]
    assert {"status", "kind", "inbox", "page"} <= {parameter["name"] for parameter in listing["parameters"]}
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "results" in schema["components"]["schemas"][page]["properties"]
    share = schema["components"]["schemas"]["Share"]["properties"]
    assert {"legal_basis", "purpose", "covenant_version", "decided_by", "deadline", "overdue"} <= set(share)
    assert set(schema["components"]["schemas"]["LegalBasis"]["properties"]) == {"code", "label", "article"}
