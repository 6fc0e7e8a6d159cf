"""A synthetic world for demos and manual testing: organisations of every type in several regions, and one demo
account per role. Names of people come from Faker (nl_NL) with a fixed seed; nobody here is a real person."""

from dataclasses import dataclass

from faker import Faker

from django.contrib.auth.models import Group
from django.db import transaction

from samen.accounts.models import Organisation, User
from samen.accounts.roles import ROLE_SLUGS
from samen.demo.tables import demo_tables_create
from samen.geo.models import Municipality
from samen.taxonomy.selectors import term_current

DEMO_PASSWORD = "samen-demo"
SEED = 273  # art. 273f Sr

# (organisation type code, name, municipality code). Public organisation names; three regions and more.
ORGANISATIONS = [
    ("comensha", "CoMensha (demo)", "GM0363"),
    ("zorgcoordinatie", "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)", "GM0344"),
    ("zorgcoordinatie", "Zorgcoördinatie Mensenhandel Rotterdam (demo)", "GM0599"),
    ("politie", "Politie eenheid Midden-Nederland (demo)", "GM0344"),
    ("politie", "Politie eenheid Oost-Brabant (demo)", "GM0796"),
    ("kmar", "Koninklijke Marechaussee Schiphol (demo)", "GM0394"),
    ("arbeidsinspectie", "Nederlandse Arbeidsinspectie (demo)", "GM0518"),
    ("om", "Openbaar Ministerie Midden-Nederland (demo)", "GM0344"),
    ("gemeente", "Gemeente Utrecht (demo)", "GM0344"),
    ("gemeente", "Gemeente Eindhoven (demo)", "GM0772"),
    ("gemeente", "Gemeente Rotterdam (demo)", "GM0599"),
    ("riec-liec", "RIEC Midden-Nederland (demo)", "GM0344"),
    ("veilig-thuis", "Veilig Thuis Utrecht (demo)", "GM0344"),
    ("veilig-thuis", "Veilig Thuis Rotterdam-Rijnmond (demo)", "GM0599"),
    ("zorg-opvang", "Stichting Opvang Regio Utrecht (demo)", "GM0344"),
    ("ngo", "FairWork (demo)", "GM0363"),
    ("ckm", "CKM (demo)", "GM0080"),
    ("ministerie", "Ministerie van Justitie en Veiligheid (demo)", "GM0518"),
]

# Which organisation each demo account works for: spread over types and regions.
DEMO_ACCOUNTS = {
    "intake": "CoMensha (demo)",
    "table-member": "Politie eenheid Midden-Nederland (demo)",
    "table-chair": "RIEC Midden-Nederland (demo)",
    "analyst": "Politie eenheid Oost-Brabant (demo)",
    "care-coordinator": "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)",
    "programme-staff": "Ministerie van Justitie en Veiligheid (demo)",
    "privacy-officer": "Gemeente Utrecht (demo)",
    "functional-admin": "Gemeente Utrecht (demo)",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation: str


@transaction.atomic
def demo_world_create(*, extra_people: int = 0) -> list[DemoAccount]:
    """Create (or complete) the demo world. Idempotent: running it twice changes nothing."""
    faker = Faker("nl_NL")
    faker.seed_instance(SEED)
    organisations = {}
    for type_code, name, municipality_code in ORGANISATIONS:
        organisations[name], _created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "type": term_current("organisation_type", type_code),
                "municipality": Municipality.objects.get(code=municipality_code),
            },
        )
    accounts = []
    for role in ROLE_SLUGS:
        username = f"demo-{role}"
        user = User.objects.filter(username=username).first()
        if user is None:
            first, last = faker.first_name(), faker.last_name()
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.samen.invalid",
                organisation=organisations[DEMO_ACCOUNTS[role]],
                is_demo=True,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        accounts.append(DemoAccount(username, role, user.organisation.name))
    for index in range(extra_people):
        organisation = list(organisations.values())[index % len(organisations)]
        username = f"demo-person-{User.objects.filter(username__startswith='demo-person-').count() + 1}"
        person = User(
            username=username,
            first_name=faker.first_name(),
            last_name=faker.last_name(),
            email=f"{username}@demo.samen.invalid",
            organisation=organisation,
            is_demo=True,
        )
        person.set_unusable_password()
        person.save()
    demo_tables_create()
    return accounts
