"""A small signal table for tests: police, care, a municipality and the RIEC (chair) under one covenant."""

from dataclasses import dataclass

from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.geo.models import Region
from samen.tables.models import Covenant, CovenantVersion, Table, TableMember
from samen.taxonomy.selectors import term_current
from tests.factories import OrganisationFactory, UserFactory

FIELD_CLASSES = {
    "politie": ["basic", "place", "account", "indicators", "persons", "identifiers", "enrichments"],
    "zorgcoordinatie": ["basic", "place", "account", "indicators", "persons", "enrichments"],
    "gemeente": ["basic", "place", "indicators"],
    "riec-liec": ["basic", "place", "account", "indicators", "enrichments"],
}


@dataclass
class TableWorld:
    table: Table
    version: CovenantVersion
    police: Organisation
    care: Organisation
    municipality: Organisation
    riec: Organisation
    outsider: Organisation
    chair: User

    def member(self, party: str, *roles: str) -> User:
        return UserFactory(organisation=getattr(self, party), roles=list(roles or ["table-member"]))


def _org(type_code: str, name: str) -> Organisation:
    return OrganisationFactory(name=name, type=term_current("organisation_type", type_code))


def table_world() -> TableWorld:
    police = _org("politie", "Politie Midden (test)")
    care = _org("zorgcoordinatie", "Zorgcoördinatie Midden (test)")
    municipality = _org("gemeente", "Gemeente Midden (test)")
    riec = _org("riec-liec", "RIEC Midden (test)")
    outsider = _org("gemeente", "Gemeente Elders (test)")
    covenant = Covenant.objects.create(name="Convenant signalentafel Midden (test)")
    version = CovenantVersion.objects.create(
        covenant=covenant,
        number=1,
        valid_from=timezone.localdate(),
        purposes=["signal-enrichment", "routing-to-care", "victim-protection", "administrative-approach"],
        legal_bases=["avg-6-1-e", "wpg-art-20"],
        field_classes=FIELD_CLASSES,
        retention_days=183,
    )
    version.parties.set([police, care, municipality, riec])
    chair = UserFactory(organisation=riec, roles=["table-chair"])
    table = Table.objects.create(
        name="Signalentafel Midden (test)",
        region=Region.objects.get(code="pol-midden-nederland"),
        covenant=covenant,
        chair=chair,
        rhythm="elke twee weken",
    )
    for organisation in (police, care, municipality, riec):
        TableMember.objects.create(table=table, organisation=organisation)
    return TableWorld(table, version, police, care, municipality, riec, outsider, chair)
