"""The demo's signal tables: a signal table and a case table in Midden-Nederland under one covenant, with signals
from several members on the agenda, findings, decisions and routed tasks in members' inboxes. Synthetic only."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.geo.models import Region
from samen.signals.inputs import PersonInput, SignalInput
from samen.signals.models import Channel, Signal, SignalEvent
from samen.signals.services import signal_submit
from samen.tables import workflow as share_workflow
from samen.tables.models import (
    AgendaItem,
    Covenant,
    CovenantVersion,
    DataShare,
    Decision,
    Session,
    ShareEvent,
    Table,
    TableMember,
)
from samen.tables.services import (
    add_working_days,
    agenda_add,
    decision_record,
    enrichment_add,
    share_accept,
    share_feed_back,
)

COVENANT = "Convenant Signalentafel Midden-Nederland (demo)"
SIGNAL_TABLE = "Signalentafel Midden-Nederland (demo)"
CASE_TABLE = "Casustafel Utrecht (demo)"
MEMBERS = [
    "RIEC Midden-Nederland (demo)",
    "Politie eenheid Midden-Nederland (demo)",
    "Gemeente Utrecht (demo)",
    "Veilig Thuis Utrecht (demo)",
    "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)",
    "CoMensha (demo)",
    "Nederlandse Arbeidsinspectie (demo)",
    "Stichting Opvang Regio Utrecht (demo)",
]
# What each party type may see at this table (field classes, see samen.tables.fields).
FIELD_CLASSES = {
    "politie": ["basic", "place", "account", "indicators", "persons", "identifiers", "attachments", "enrichments"],
    "arbeidsinspectie": ["basic", "place", "account", "indicators", "persons", "identifiers", "enrichments"],
    "riec-liec": ["basic", "place", "account", "indicators", "enrichments"],
    "zorgcoordinatie": ["basic", "place", "account", "indicators", "persons", "enrichments"],
    "veilig-thuis": ["basic", "place", "account", "indicators", "persons", "enrichments"],
    "comensha": ["basic", "place", "account", "indicators", "persons"],
    "gemeente": ["basic", "place", "indicators"],
    "zorg-opvang": ["basic", "place"],
}
# Synthetic signals brought to the table by different members: (owner, form, indicators, account, minor, danger).
AGENDA = [
    (
        "Gemeente Utrecht (demo)",
        "labour",
        ["labour-employer-housing", "labour-excessive-hours", "labour-id-retained"],
        "Bij een controle van een pand aan de rand van de stad wonen twaalf arbeidsmigranten op één verdieping. Hun "
        "paspoorten liggen volgens buren bij de uitzendkracht die de huur int.",
        "no",
        False,
    ),
    (
        "Veilig Thuis Utrecht (demo)",
        "sexual",
        ["sexual-older-contacts-pickup", "sexual-runaway-truancy", "sexual-unexplained-money-goods"],
        "Een meisje van ongeveer zestien wordt na school steeds opgehaald door wisselende oudere mannen in dure auto's "
        "en heeft ineens nieuwe kleding en een tweede telefoon.",
        "yes",
        False,
    ),
    (
        "Politie eenheid Midden-Nederland (demo)",
        "criminal",
        ["criminal-front-man-money-mule", "criminal-debt-escalating-tasks"],
        "Een jongeman met een lichte verstandelijke beperking blijkt rekeningen en een auto op zijn naam te hebben die "
        "anderen gebruiken. Hij zegt een schuld te moeten afbetalen.",
        "no",
        False,
    ),
    (
        "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)",
        "sexual",
        ["sexual-online-ads", "sexual-no-access-id"],
        "Cliënte vertelt dat haar advertenties online door een 'vriend' worden geplaatst die ook haar "
        "identiteitsbewijs bewaart. Ze durft niet naar huis.",
        "no",
        True,
    ),
]


# Earlier sessions, so the routing KPIs (days to a routing decision, shares accepted in time) have whole months:
# (months ago, agenda entry, days between receipt and session, outcome, recipient, days until accepted or None).
HISTORY = [
    (5, 0, 9, "route-labour-inspectorate", "Nederlandse Arbeidsinspectie (demo)", 4),
    (5, 2, 15, "route-municipality", "Gemeente Utrecht (demo)", 2),
    (4, 1, 6, "route-care-coordinator", "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)", 1),
    (4, 3, 12, "route-police", "Politie eenheid Midden-Nederland (demo)", 16),
    (3, 0, 20, "route-police", "Politie eenheid Midden-Nederland (demo)", 7),
    (3, 2, 8, "route-care-coordinator", "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)", 3),
    (2, 1, 11, "route-care-coordinator", "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)", 2),
    (2, 0, 5, "route-labour-inspectorate", "Nederlandse Arbeidsinspectie (demo)", None),
    (1, 3, 14, "route-police", "Politie eenheid Midden-Nederland (demo)", 5),
    (1, 1, 7, "route-care-coordinator", "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)", 20),
]


def _months_ago(months: int):
    """The 14th of the month `months` before this one, at 10:00 local time."""
    today = timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - months
    day = today.replace(year=month_index // 12, month=month_index % 12 + 1, day=14)
    return timezone.make_aware(datetime.combine(day, time(10)))


def _working_days_between(start: date, end: date) -> int:
    return sum((start + timedelta(days=offset)).weekday() < 5 for offset in range(1, (end - start).days + 1))


def _submit_agenda_signal(entry: int, organisations: dict, members: dict):
    owner_name, form, indicators, account, minor, danger = AGENDA[entry]
    return signal_submit(
        data=SignalInput(
            source_type="professional",
            account=account,
            forms=[form],
            indicators=indicators,
            municipality="GM0344",
            minor_involved=minor,
            immediate_danger=danger,
            persons=[
                PersonInput(
                    role="possible-victim",
                    name="",
                    estimated_age=16 if minor == "yes" else 27,
                    identifiers=[("phone", "06 98765432")],
                )
            ],
        ),
        organisation=organisations[owner_name],
        channel=Channel.INTAKE_FORM,
        reporter=members[owner_name],
    )


def _table_history(table: Table, chair: User, organisations: dict, members: dict) -> None:
    """Sessions of earlier months, made through the services and then moved back in time as a whole: the rows
    the services wrote keep their order and intervals, only their dates shift. Audit events keep their real time."""
    for months, entry, waited, outcome, recipient, accepted_after in HISTORY:
        signal = _submit_agenda_signal(entry, organisations, members)
        owner = members[AGENDA[entry][0]]
        item = agenda_add(table=table, signal=signal, purpose="signal-enrichment", by=owner)
        decision = decision_record(
            item=item,
            outcome=outcome,
            recipient=organisations[recipient],
            by=chair,
            suggested=outcome,
            purpose="victim-protection" if outcome != "route-municipality" else "administrative-approach",
        )
        share = decision.shares.get()
        if accepted_after is not None:
            share_accept(share=share, by=members[recipient])
        session_at = _months_ago(months)
        shift = session_at - timezone.now()
        session = Session.objects.create(table=table, date=session_at.date(), closed_at=session_at + timedelta(hours=3))
        Signal.objects.filter(pk=signal.pk).update(received_at=session_at - timedelta(days=waited))
        SignalEvent.objects.filter(signal=signal).update(at=session_at - timedelta(days=waited))
        AgendaItem.objects.filter(pk=item.pk).update(
            session=session, added_at=session_at - timedelta(days=2), last_discussed_at=session_at
        )
        Decision.objects.filter(pk=decision.pk).update(decided_at=session_at)
        DataShare.objects.filter(pk=share.pk).update(
            decided_at=session_at,
            deadline=add_working_days(session_at.date(), _working_days_between(timezone.localdate(), share.deadline)),
        )
        for event in ShareEvent.objects.filter(share=share):
            moved = event.at + shift
            if event.to_status == share_workflow.ACCEPTED:
                moved = session_at + timedelta(days=accepted_after)
            ShareEvent.objects.filter(pk=event.pk).update(at=moved)


def _member_person(organisation: Organisation, index: int) -> User:
    username = f"demo-tafel-{index}"
    person, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": "Tafel",
            "last_name": f"Deelnemer {index}",
            "organisation": organisation,
            "email": f"{username}@demo.samen.invalid",
            "is_demo": True,
        },
    )
    if created:
        person.set_unusable_password()
        person.save()
        person.groups.set(Group.objects.filter(name__in=["table-member"]))
    return person


@transaction.atomic
def demo_tables_create() -> Table:
    """Create the demo tables once; running it again changes nothing."""
    existing = Table.objects.filter(name=SIGNAL_TABLE).first()
    if existing:
        return existing
    organisations = {organisation.name: organisation for organisation in Organisation.objects.filter(name__in=MEMBERS)}
    chair = User.objects.get(username="demo-table-chair")
    covenant = Covenant.objects.create(name=COVENANT, region=Region.objects.get(code="pol-midden-nederland"))
    version = CovenantVersion.objects.create(
        covenant=covenant,
        number=1,
        valid_from=timezone.localdate() - timedelta(days=365),
        purposes=[
            "signal-enrichment",
            "routing-to-care",
            "victim-protection",
            "criminal-investigation",
            "administrative-approach",
        ],
        legal_bases=["avg-6-1-e", "wpg-art-20", "wet-gegevensverwerking-samenwerkingsverbanden"],
        field_classes=FIELD_CLASSES,
        retention_days=183,
    )
    version.parties.set(organisations.values())
    table = Table.objects.create(
        name=SIGNAL_TABLE,
        region=covenant.region,
        covenant=covenant,
        chair=chair,
        rhythm="elke twee weken, dinsdagochtend",
    )
    case_table = Table.objects.create(
        name=CASE_TABLE,
        kind=Table.Kind.CASE,
        region=covenant.region,
        covenant=covenant,
        chair=chair,
        rhythm="maandelijks",
    )
    for name in MEMBERS:
        TableMember.objects.create(table=table, organisation=organisations[name])
    for name in MEMBERS[:5]:
        TableMember.objects.create(table=case_table, organisation=organisations[name])
    session = Session.objects.create(table=table, date=timezone.localdate())
    members = {name: _member_person(organisations[name], index) for index, name in enumerate(MEMBERS, start=1)}
    police = organisations["Politie eenheid Midden-Nederland (demo)"]
    items = []
    for entry, (owner_name, *_details) in enumerate(AGENDA):
        signal = _submit_agenda_signal(entry, organisations, members)
        item = agenda_add(table=table, signal=signal, purpose="signal-enrichment", by=members[owner_name])
        item.session = session
        item.save(update_fields=["session"])
        items.append(item)
    enrichment_add(
        item=items[0],
        by=members["Politie eenheid Midden-Nederland (demo)"],
        known="known",
        text="Het pand is eerder genoemd bij een controle op huisvesting.",
    )
    enrichment_add(item=items[1], by=members["Veilig Thuis Utrecht (demo)"], known="not-known")
    municipality = organisations["Gemeente Utrecht (demo)"]
    decision = decision_record(
        item=items[2],
        outcome="route-municipality",
        recipient=municipality,
        by=chair,
        suggested="route-police",
        purpose="administrative-approach",
        reason="De politie onderzoekt al; de gemeente kijkt naar schuldhulp en de auto's.",
    )
    share = decision.shares.get()
    share_accept(share=share, by=members["Gemeente Utrecht (demo)"])
    share_feed_back(
        share=share,
        by=members["Gemeente Utrecht (demo)"],
        text="Schuldhulpverlening gestart; de RDW-registraties zijn bij de politie gemeld.",
    )
    decision_record(
        item=items[0],
        outcome="route-labour-inspectorate",
        recipient=organisations["Nederlandse Arbeidsinspectie (demo)"],
        by=chair,
        suggested="route-labour-inspectorate",
        purpose="criminal-investigation",
    )
    decision_record(
        item=items[3],
        outcome="route-police",
        recipient=police,
        by=chair,
        suggested="route-police",
        purpose="victim-protection",
    )
    _table_history(table, chair, organisations, members)
    return table
