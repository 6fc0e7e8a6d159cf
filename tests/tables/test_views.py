"""The table pages, the inbox and the shares overview through HTTP: who gets in, what each party type sees of a
signal (and what never reaches its HTML), the audit trail of every read, and the inbox workflow."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from samen.accounts.models import Organisation, User
from samen.audit.models import AuditEvent
from samen.geo.models import Region
from samen.tables import workflow
from samen.tables.models import AgendaItem, DataShare, Decision, Enrichment, Session, Table, TableMember
from samen.tables.services import agenda_add, decision_record, enrichment_add, share_accept, share_revoke
from samen.tables.sessions import session_open
from samen.taxonomy.selectors import term_current
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import signed_in
from tests.signals.factories import make_signal
from tests.tables.factories import TableWorld, table_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    """reverse() outside a request follows the thread's language; another test may have left English active."""
    with translation.override("nl"):
        yield


ACCOUNT = "Jonge vrouw wordt elke avond bij het station opgehaald door een oudere man."
NAME = "Anna Visser"
PHONE = "06 12345678"
PHONE_NORMALISED = "+31612345678"


@dataclass
class Scene:
    """A table with a signal of care on its agenda, routed to the police; a second table elsewhere."""

    world: TableWorld
    item: AgendaItem
    share: DataShare  # the routing task in police's inbox
    other_table: Table
    other_chair: User
    users: dict[str, User]

    @property
    def table(self) -> Table:
        return self.world.table


@pytest.fixture
def scene() -> Scene:
    world = table_world()
    owner = world.member("care")
    signal = make_signal(world.care, reporter=owner, forms=["sexual"], indicators=["sexual-older-contacts-pickup"])
    item = agenda_add(table=world.table, signal=signal, purpose="signal-enrichment", by=owner)
    decision = decision_record(item=item, outcome="route-police", recipient=world.police, by=world.chair)
    other_org = OrganisationFactory(
        name="Zorg Elders (test)", type=term_current("organisation_type", "zorgcoordinatie")
    )
    other_chair = UserFactory(organisation=other_org, roles=["table-chair"])
    other_table = Table.objects.create(
        name="Signalentafel Elders (test)",
        region=Region.objects.get(code="pol-midden-nederland"),
        covenant=world.table.covenant,
        chair=other_chair,
    )
    TableMember.objects.create(table=other_table, organisation=other_org)
    users = {
        "member": world.member("police"),
        "other_table": UserFactory(organisation=other_org, roles=["table-member"]),
        "unrelated": world.member("outsider"),
        "owner": owner,
        "chair": world.chair,
        "other_chair": other_chair,
    }
    return Scene(world, item, decision.shares.get(), other_table, other_chair, users)


def _urls(scene: Scene) -> dict[str, str]:
    table, item, share = scene.table, scene.item, scene.share
    session = Session.objects.create(table=table, date=timezone.localdate())
    return {
        "list": reverse("tables:list"),
        "table": reverse("tables:table", args=[table.pk]),
        "item": reverse("tables:item", args=[table.pk, item.pk]),
        "session": reverse("tables:session", args=[table.pk, session.pk]),
        "decision_list": reverse("tables:decision_list", args=[table.pk, session.pk]),
        "inbox": reverse("tables:inbox"),
        "task": reverse("tables:task", args=[share.pk]),
        "shares": reverse("tables:shares"),
        "agenda_add": reverse("tables:agenda_add", args=[table.pk]),
        "finding_add": reverse("tables:finding_add", args=[table.pk, item.pk]),
        "decision_add": reverse("tables:decision_add", args=[table.pk, item.pk]),
        "session_open": reverse("tables:session_open", args=[table.pk]),
        "session_assign": reverse("tables:session_assign", args=[table.pk, session.pk]),
        "session_close": reverse("tables:session_close", args=[table.pk, session.pk]),
        "share_close": reverse("tables:share_close", args=[table.pk, share.pk]),
        "share_revoke": reverse("tables:share_revoke", args=[table.pk, share.pk]),
        "task_accept": reverse("tables:task_accept", args=[share.pk]),
        "task_return": reverse("tables:task_return", args=[share.pk]),
        "task_feed_back": reverse("tables:task_feed_back", args=[share.pk]),
    }


# Three standing users (member of the table, member of another table, unrelated organisation), and for the chair's
# pages the chair of this table and the chair of the other table. Members of police: the routing task is theirs.
READS = [
    ("list", {"member": 200, "other_table": 200, "unrelated": 200}),
    ("table", {"member": 200, "other_table": 404, "unrelated": 404, "chair": 200, "other_chair": 404}),
    ("item", {"member": 200, "other_table": 404, "unrelated": 404, "chair": 200, "other_chair": 404}),
    ("session", {"member": 200, "other_table": 404, "unrelated": 404, "chair": 200}),
    ("decision_list", {"member": 200, "other_table": 404, "unrelated": 404, "chair": 200}),
    ("inbox", {"member": 200, "other_table": 200, "unrelated": 200, "chair": 403}),
    ("task", {"member": 200, "other_table": 404, "unrelated": 404, "owner": 404, "chair": 403}),
    ("shares", {"member": 403, "other_table": 403, "unrelated": 403, "chair": 403}),
]
WRITES = [
    ("finding_add", {"known": "not-known"}, {"member": 302, "other_table": 404, "unrelated": 404}),
    ("decision_add", {"decision-outcome": "x"}, {"member": 403, "other_table": 403, "other_chair": 404}),
    ("session_open", {"session-date": "01-01-2030"}, {"member": 403, "unrelated": 403, "other_chair": 404}),
    ("session_assign", {}, {"member": 403, "other_table": 403, "other_chair": 404}),
    ("session_close", {}, {"member": 403, "unrelated": 403, "other_chair": 404, "chair": 302}),
    ("share_close", {}, {"member": 403, "other_table": 403, "other_chair": 404}),
    ("share_revoke", {}, {"member": 403, "other_table": 404, "unrelated": 404, "other_chair": 404}),
    ("task_accept", {}, {"member": 302, "other_table": 404, "unrelated": 404, "owner": 404, "chair": 403}),
    ("task_return", {}, {"other_table": 404, "unrelated": 404, "owner": 404, "member": 400}),
    ("task_feed_back", {}, {"other_table": 404, "unrelated": 404, "owner": 404}),
]


@pytest.mark.parametrize(("name", "expected"), READS, ids=[name for name, _ in READS])
def test_who_may_open_each_page(scene, name, expected):
    url = _urls(scene)[name]
    seen = {who: signed_in(scene.users[who]).get(url).status_code for who in expected}
    assert seen == expected


@pytest.mark.parametrize(("name", "data", "expected"), WRITES, ids=[name for name, _, _ in WRITES])
def test_who_may_post_to_each_action(scene, name, data, expected):
    url = _urls(scene)[name]
    seen = {}
    for who in expected:
        seen[who] = signed_in(scene.users[who]).post(url, data).status_code
    assert seen == expected


def test_a_person_without_a_table_role_is_refused(scene):
    intake = UserFactory(organisation=scene.world.police, roles=["intake"])
    client = signed_in(intake)
    assert client.get(reverse("tables:table", args=[scene.table.pk])).status_code == 403
    assert client.get(reverse("tables:inbox")).status_code == 200
    assert AuditEvent.objects.filter(action="denied", actor_id=str(intake.pk)).exists()


def test_the_privacy_officer_sees_every_share_without_case_content(scene):
    officer = UserFactory(roles=["privacy-officer"])
    response = signed_in(officer).get(reverse("tables:shares"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(scene.item.signal.reference) == DataShare.objects.count()
    assert "Algemeen belang of publieke taak" in html and "avg-6-1-e" in html and "AVG art. 6 lid 1 sub e" in html
    assert "Signaal verrijken" in html and "Convenant signalentafel Midden (test), versie 1" in html
    for value in (ACCOUNT, NAME, PHONE, PHONE_NORMALISED):
        assert value not in html
    assert AuditEvent.objects.filter(action="search", object_type="tables.datashare").exists()


def test_the_shares_overview_filters_by_organisation_and_period(scene):
    client = signed_in(UserFactory(roles=["privacy-officer"]))
    url = reverse("tables:shares")
    police_only = client.get(url, {"organisation": scene.world.police.pk}).content.decode()
    assert "2 gegevensdelingen" in police_only  # the table share and the routing task
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    assert "0 gegevensdelingen" in client.get(url, {"date_from": tomorrow}).content.decode()
    wrong = client.get(url, {"date_from": "31-02-2026"})
    assert wrong.status_code == 400 and "Vul een geldige datum in (dd-mm-jjjj)." in wrong.content.decode()


# --- minimisation per party type ----------------------------------------------------------------------------------

# Under the test covenant: police sees persons and identifiers, care (the owner here) everything, the RIEC the
# account but no persons, the municipality neither account, persons nor identifiers.
PARTIES = [
    ("police", [ACCOUNT, NAME, PHONE], []),
    ("riec", [ACCOUNT], [NAME, PHONE, PHONE_NORMALISED]),
    ("municipality", [], [ACCOUNT, NAME, PHONE, PHONE_NORMALISED]),
]


@pytest.mark.parametrize(("party", "present", "absent"), PARTIES, ids=[party for party, _, _ in PARTIES])
def test_each_party_type_sees_only_what_the_covenant_allows(scene, party, present, absent):
    client = signed_in(scene.world.member(party))
    pages = [
        client.get(reverse("tables:item", args=[scene.table.pk, scene.item.pk])),
        client.get(reverse("tables:table", args=[scene.table.pk])),
        client.get(reverse("tables:list")),
    ]
    html = "".join(page.content.decode() for page in pages)
    assert all(page.status_code == 200 for page in pages)
    assert scene.item.signal.reference in html
    for value in present:
        assert value in html, f"{party} should see {value!r}"
    for value in absent:
        assert value not in html, f"{value!r} reached the HTML of {party}"


def test_the_municipality_sees_the_place_but_not_the_account(scene):
    html = signed_in(scene.world.member("municipality")).get(
        reverse("tables:item", args=[scene.table.pk, scene.item.pk])
    )
    text = html.content.decode()
    assert "Utrecht" in text and "Station" in text
    assert "Niet met u gedeeld:" in text and "beschrijving van wat er is gezien" in text
    assert ACCOUNT not in text and PHONE not in text


def test_the_owner_sees_everything(scene):
    html = signed_in(scene.users["owner"]).get(reverse("tables:item", args=[scene.table.pk, scene.item.pk]))
    text = html.content.decode()
    for value in (ACCOUNT, NAME, PHONE):
        assert value in text


def test_findings_of_others_show_only_as_far_as_the_covenant_allows(scene):
    police = scene.users["member"]
    enrichment_add(
        item=scene.item,
        by=police,
        known="known",
        text="Bekend van een eerdere zaak in Zeist.",
        identifiers=[{"kind": "plate", "value": "12-ABC-3"}],
    )
    url = reverse("tables:item", args=[scene.table.pk, scene.item.pk])
    riec = signed_in(scene.world.member("riec")).get(url).content.decode()
    municipality = signed_in(scene.world.member("municipality")).get(url).content.decode()
    own = signed_in(police).get(url).content.decode()
    assert "Bekend van een eerdere zaak in Zeist." in riec and "12-ABC-3" not in riec
    assert "Bekend van een eerdere zaak in Zeist." not in municipality
    assert "Bekend van een eerdere zaak in Zeist." in own and "12-ABC-3" in own


def test_a_revoked_table_share_leaves_a_member_without_the_signal(scene):
    municipality_share = DataShare.objects.get(kind="table", to_organisation=scene.world.municipality)
    share_revoke(share=municipality_share, by=scene.world.chair, reason="Niet nodig voor de gemeente.")
    html = signed_in(scene.world.member("municipality")).get(
        reverse("tables:item", args=[scene.table.pk, scene.item.pk])
    )
    text = html.content.decode()
    assert html.status_code == 200 and "Uw organisatie mag geen gegevens van dit signaal zien" in text
    assert 'data-testid="minimised-view"' not in text and "Utrecht" not in text


# --- audit ----------------------------------------------------------------------------------------------------------


def test_every_view_of_a_shared_signal_is_an_audited_read_with_purpose_and_legal_basis(scene):
    police = scene.users["member"]
    signed_in(police).get(reverse("tables:item", args=[scene.table.pk, scene.item.pk]))
    event = AuditEvent.objects.filter(action="read", actor_id=str(police.pk)).latest("id")
    assert event.object_type == "signals.signal" and event.object_id == str(scene.item.signal_id)
    assert (event.purpose, event.legal_basis) == ("signal-enrichment", "avg-6-1-e")
    assert event.subjects
    signed_in(police).get(reverse("tables:task", args=[scene.share.pk]))
    task_event = AuditEvent.objects.filter(action="read", actor_id=str(police.pk)).latest("id")
    assert task_event.reason == f"task:{scene.share.pk}"
    assert (task_event.purpose, task_event.legal_basis) == (scene.share.purpose, scene.share.legal_basis)


def test_an_unrelated_visitor_leaves_no_read(scene):
    unrelated = scene.users["unrelated"]
    signed_in(unrelated).get(reverse("tables:item", args=[scene.table.pk, scene.item.pk]))
    assert not AuditEvent.objects.filter(action="read", actor_id=str(unrelated.pk)).exists()


# --- agenda, findings, decisions --------------------------------------------------------------------------------


def test_a_member_puts_its_own_signal_on_the_agenda(scene):
    person = scene.world.member("municipality")
    signal = make_signal(scene.world.municipality, reporter=person)
    client = signed_in(person)
    page = client.get(reverse("tables:table", args=[scene.table.pk])).content.decode()
    assert signal.reference in page
    response = client.post(
        reverse("tables:agenda_add", args=[scene.table.pk]), {"signal": signal.pk, "purpose": "signal-enrichment"}
    )
    item = AgendaItem.objects.get(signal=signal)
    assert response.status_code == 302 and response.url == reverse("tables:item", args=[scene.table.pk, item.pk])
    assert DataShare.objects.filter(signal=signal, kind="table").count() == 3


def test_the_agenda_form_refuses_another_organisations_signal_and_a_foreign_purpose(scene):
    person = scene.world.member("municipality")
    foreign = make_signal(scene.world.police)
    own = make_signal(scene.world.municipality)
    client = signed_in(person)
    url = reverse("tables:agenda_add", args=[scene.table.pk])
    response = client.post(url, {"signal": foreign.pk, "purpose": "signal-enrichment"})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    response = client.post(url, {"signal": own.pk, "purpose": "statistics"})
    assert response.status_code == 400
    assert not AgendaItem.objects.filter(signal__in=[foreign, own]).exists()


def test_a_finding_with_a_malformed_identifier_keeps_what_was_typed(scene):
    client = signed_in(scene.users["member"])
    url = reverse("tables:finding_add", args=[scene.table.pk, scene.item.pk])
    response = client.post(url, {"known": "known", "text": "Eerder gezien.", "identifiers": "zomaar iets"})
    html = response.content.decode()
    assert response.status_code == 400 and "Regel 1: schrijf de soort" in html and "Eerder gezien." in html
    response = client.post(
        url, {"known": "known", "text": "Eerder gezien.", "identifiers": "telefoon: 06 11111111\nkenteken: 1-AB-23"}
    )
    assert response.status_code == 302
    assert Enrichment.objects.get().identifiers == [
        {"kind": "phone", "value": "06 11111111"},
        {"kind": "plate", "value": "1-AB-23"},
    ]


def test_the_chair_sees_suggested_routes_with_the_reason_and_the_decision_form(scene):
    html = signed_in(scene.world.chair).get(reverse("tables:item", args=[scene.table.pk, scene.item.pk]))
    text = html.content.decode()
    assert "Doorgeleiden naar politie" in text
    assert "Waarom: Seksuele uitbuiting: naar de politie en de zorgcoördinator." in text
    assert 'name="decision-outcome"' in text and 'name="decision-recipient"' in text
    member = signed_in(scene.users["member"]).get(reverse("tables:item", args=[scene.table.pk, scene.item.pk]))
    assert 'name="decision-outcome"' not in member.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision-outcome": "no-further-action"}, "Geef de reden waarom er geen verdere actie volgt."),
        ({"decision-outcome": "route-ckm"}, "Geef de reden waarom u anders besluit dan voorgesteld."),
        ({"decision-outcome": "route-police", "decision-reason": "x"}, "Kies de organisatie waarnaar u wilt"),
        ({"decision-outcome": "await-information", "decision-reason": "x"}, "Geef een datum in de toekomst"),
        ({"decision-outcome": "await-information", "decision-wait_until": "31-02-2030"}, "Vul een geldige datum"),
        ({"decision-outcome": "teleport"}, "Selecteer een geldige keuze"),
        (
            {"decision-outcome": "case-table", "decision-recipient": "POLICE", "decision-reason": "x"},
            "geleidt niet door",
        ),
    ],
)
def test_a_decision_that_is_not_accountable_is_refused_next_to_the_field(scene, data, message):
    data = {"decision-purpose": "signal-enrichment", **data}
    if data.get("decision-recipient") == "POLICE":
        data["decision-recipient"] = str(scene.world.police.pk)
    before = Decision.objects.count()
    response = signed_in(scene.world.chair).post(
        reverse("tables:decision_add", args=[scene.table.pk, scene.item.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "error-summary" in html and "form-field--invalid" in html
    assert Decision.objects.count() == before


def test_a_recipient_of_the_wrong_type_is_refused(scene):
    response = signed_in(scene.world.chair).post(
        reverse("tables:decision_add", args=[scene.table.pk, scene.item.pk]),
        {
            "decision-outcome": "route-police",
            "decision-recipient": str(scene.world.municipality.pk),
            "decision-purpose": "signal-enrichment",
            "decision-reason": "Gemeente pakt het op.",
        },
    )
    assert response.status_code == 400
    assert "Deze organisatie is niet van de soort" in response.content.decode()


def test_the_chair_routes_and_the_recipient_gets_a_task(scene):
    labour = OrganisationFactory(
        name="Arbeidsinspectie (test)", type=term_current("organisation_type", "arbeidsinspectie")
    )
    response = signed_in(scene.world.chair).post(
        reverse("tables:decision_add", args=[scene.table.pk, scene.item.pk]),
        {
            "decision-outcome": "route-labour-inspectorate",
            "decision-recipient": str(labour.pk),
            "decision-purpose": "signal-enrichment",
            "decision-reason": "Ook werk in de horeca genoemd.",
        },
    )
    assert response.status_code == 302
    share = DataShare.objects.get(to_organisation=labour)
    assert share.kind == "routing" and share.status == workflow.SENT and share.decision.reason
    inspector = UserFactory(organisation=labour, roles=["table-member"])
    assert share.signal_reference in signed_in(inspector).get(reverse("tables:inbox")).content.decode()


def test_the_recipient_list_puts_members_first_within_their_kind(scene):
    other_police = OrganisationFactory(name="Aaa Politie Elders (test)", police=True)
    html = (
        signed_in(scene.world.chair).get(reverse("tables:item", args=[scene.table.pk, scene.item.pk])).content.decode()
    )
    group = html.split('<optgroup label="Politie">')[1].split("</optgroup>")[0]
    assert group.index(scene.world.police.name) < group.index(other_police.name)


# --- inbox workflow -----------------------------------------------------------------------------------------------


def test_the_recipient_accepts_and_reports_back_and_the_table_sees_it(scene):
    police = signed_in(scene.users["member"])
    inbox = police.get(reverse("tables:inbox")).content.decode()
    assert scene.share.signal_reference in inbox and "Doorgeleiden naar politie" in inbox
    task = police.get(reverse("tables:task", args=[scene.share.pk])).content.decode()
    assert NAME in task and PHONE in task  # police's classes include persons and identifiers
    assert police.post(reverse("tables:task_accept", args=[scene.share.pk])).status_code == 302
    empty = police.post(reverse("tables:task_feed_back", args=[scene.share.pk]), {"text": " "})
    assert empty.status_code == 400 and "Schrijf op wat ermee is gedaan." in empty.content.decode()
    done = police.post(reverse("tables:task_feed_back", args=[scene.share.pk]), {"text": "Onderzoek gestart."})
    assert done.status_code == 302
    scene.share.refresh_from_db()
    assert scene.share.status == workflow.FED_BACK
    item_url = reverse("tables:item", args=[scene.table.pk, scene.item.pk])
    assert "Onderzoek gestart." in signed_in(scene.world.chair).get(item_url).content.decode()
    assert "Onderzoek gestart." in signed_in(scene.users["owner"]).get(item_url).content.decode()
    assert "Onderzoek gestart." not in signed_in(scene.world.member("municipality")).get(item_url).content.decode()
    close = signed_in(scene.world.chair).post(reverse("tables:share_close", args=[scene.table.pk, scene.share.pk]))
    assert close.status_code == 302
    scene.share.refresh_from_db()
    assert scene.share.status == workflow.CLOSED
    assert police.get(reverse("tables:task", args=[scene.share.pk])).status_code == 404


def test_returning_needs_a_reason_and_then_the_task_is_gone(scene):
    police = signed_in(scene.users["member"])
    url = reverse("tables:task_return", args=[scene.share.pk])
    response = police.post(url, {"return-reason": ""})
    assert response.status_code == 400 and "Geef de reden." in response.content.decode()
    assert police.post(url, {"return-reason": "Geen taak voor ons."}).status_code == 302
    assert police.get(reverse("tables:task", args=[scene.share.pk])).status_code == 404
    item_url = reverse("tables:item", args=[scene.table.pk, scene.item.pk])
    assert "Geen taak voor ons." in signed_in(scene.world.chair).get(item_url).content.decode()


def test_a_revoked_share_disappears_from_the_recipient_at_once(scene):
    police = signed_in(scene.users["member"])
    task_url = reverse("tables:task", args=[scene.share.pk])
    assert police.get(task_url).status_code == 200
    revoke_url = reverse("tables:share_revoke", args=[scene.table.pk, scene.share.pk])
    chair = signed_in(scene.world.chair)
    missing = chair.post(revoke_url, {f"revoke-{scene.share.pk}-reason": ""})
    assert missing.status_code == 400 and "Geef de reden." in missing.content.decode()
    assert chair.post(revoke_url, {f"revoke-{scene.share.pk}-reason": "Onterecht gedeeld."}).status_code == 302
    assert police.get(task_url).status_code == 404
    assert police.post(reverse("tables:task_accept", args=[scene.share.pk])).status_code == 404
    assert scene.share.signal_reference not in police.get(reverse("tables:inbox")).content.decode()


def test_overdue_tasks_are_marked_in_words_for_the_recipient_and_the_chair(scene):
    share_accept(share=scene.share, by=scene.users["member"])
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        inbox = signed_in(scene.users["member"]).get(reverse("tables:inbox")).content.decode()
        assert "te laat" in inbox and 'class="is-overdue"' in inbox
        chair = signed_in(scene.world.chair)
        table = chair.get(reverse("tables:table", args=[scene.table.pk])).content.decode()
        overdue = table.split('data-testid="overdue"')[1].split("</table>")[0]
        assert scene.share.signal_reference in overdue and "te laat" in overdue
        listing = chair.get(reverse("tables:list")).content.decode()
        assert '1 <span class="overdue">te laat</span>' in listing
    inbox = signed_in(scene.users["member"]).get(reverse("tables:inbox")).content.decode()
    assert "te laat" not in inbox


# --- sessions ---------------------------------------------------------------------------------------------------


def test_the_chair_opens_a_session_plans_items_and_closes_it(scene):
    chair = signed_in(scene.world.chair)
    undecided = agenda_add(
        table=scene.table,
        signal=make_signal(scene.world.municipality),
        purpose="signal-enrichment",
        by=scene.world.member("municipality"),
    )
    response = chair.post(
        reverse("tables:session_open", args=[scene.table.pk]),
        {"session-date": timezone.localdate().strftime("%d-%m-%Y"), "session-items": [str(scene.item.pk)]},
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response.url == reverse("tables:session", args=[scene.table.pk, session.pk])
    assign = chair.post(
        reverse("tables:session_assign", args=[scene.table.pk, session.pk]), {"session-items": [str(undecided.pk)]}
    )
    assert assign.status_code == 302
    page = chair.get(reverse("tables:session", args=[scene.table.pk, session.pk])).content.decode()
    assert scene.item.signal.reference in page and undecided.signal.reference in page
    again = chair.post(
        reverse("tables:session_open", args=[scene.table.pk]),
        {"session-date": timezone.localdate().strftime("%d-%m-%Y")},
    )
    assert again.status_code == 400 and "al een open bijeenkomst" in again.content.decode()
    assert chair.post(reverse("tables:session_close", args=[scene.table.pk, session.pk])).status_code == 302
    session.refresh_from_db()
    undecided.refresh_from_db()
    assert session.closed_at is not None and undecided.session is None
    assert list(session.items.all()) == [scene.item]


def test_an_invalid_session_date_is_shown_next_to_the_field(scene):
    response = signed_in(scene.world.chair).post(
        reverse("tables:session_open", args=[scene.table.pk]), {"session-date": "32-13-2026"}
    )
    assert response.status_code == 400 and "Vul een geldige datum in (dd-mm-jjjj)." in response.content.decode()


def test_session_services_refuse_anyone_but_the_chair(scene):
    with pytest.raises(PermissionDenied):
        session_open(table=scene.table, date=timezone.localdate(), by=scene.users["member"])
    with pytest.raises(PermissionDenied):
        session_open(table=scene.table, date=timezone.localdate(), by=scene.other_chair)


def test_the_home_page_offers_the_table_tasks(scene):
    html = signed_in(scene.users["member"]).get(reverse("web:home")).content.decode()
    assert reverse("tables:list") in html and reverse("tables:inbox") in html
    assert reverse("tables:shares") not in html
    officer = signed_in(UserFactory(roles=["privacy-officer"], organisation=Organisation.objects.first()))
    assert reverse("tables:shares") in officer.get(reverse("web:home")).content.decode()


def test_the_pages_speak_english_under_the_english_prefix(scene):
    client = signed_in(scene.users["member"])
    with translation.override("en"):
        item_url = reverse("tables:item", args=[scene.table.pk, scene.item.pk])
        inbox_url = reverse("tables:inbox")
    assert item_url.startswith("/en/tables/") and inbox_url == "/en/tables/inbox/"
    item = client.get(item_url).content.decode()
    assert "Suggested routes" in item and "Route to police" in item
    assert client.get(inbox_url).status_code == 200


def test_the_task_shows_the_table_findings_the_share_allows(scene):
    enrichment_add(item=scene.item, by=scene.world.member("riec"), known="known", text="Pand bekend bij het RIEC.")
    task = signed_in(scene.users["member"]).get(reverse("tables:task", args=[scene.share.pk])).content.decode()
    assert "Pand bekend bij het RIEC." in task
