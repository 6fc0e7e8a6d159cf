"""The demo's signal tables: a signal table and a case table in Midden-Nederland under one covenant, with signals
from several members on the agenda, findings, decisions and routed tasks in members' inboxes. Synthetic only."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.geo.models import Region
from samen.signals.inputs import PersonInput, SignalInput
from samen.signals.models import Channel
from samen.signals.services import signal_submit
from samen.tables.models import Covenant, CovenantVersion, Session, Table, TableMember
from samen.tables.services import agenda_add, decision_record, enrichment_add, share_accept, share_feed_back

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
    for owner_name, form, indicators, account, minor, danger in AGENDA:
        signal = signal_submit(
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
    return table
