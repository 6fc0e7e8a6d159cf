"""The synthetic signal world: signal number `index` is always the same signal (its random generator is seeded
with the index), so a demo database is reproducible and a second run continues where the first stopped.

Never real people: names come from Faker (nl_NL) with a fixed seed, phone numbers are random, IBANs use the bank
code DEMO, plates use letters no current plate carries, web addresses use the reserved example domains.
"""

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate

from faker import Faker
from faker.providers.person.nl_NL import Provider as DutchNames
from stdnum import iban as stdnum_iban

from samen.accounts.models import Organisation, User
from samen.signals import workflow
from samen.signals.inputs import PersonInput, SignalInput
from samen.signals.models import Channel

from . import signal_texts
from .world import DEMO_ACCOUNTS, SEED

DEMO_SUFFIX = "(demo)"  # a signal is synthetic when its owner's name ends with this
HISTORY_DAYS = 548  # received dates spread over the last eighteen months
DUPLICATE_EVERY = 20  # signals 20k+9 and 20k+19 share a phone number: the duplicate hint shows

SOURCE_TYPES = ("professional", "anonymous-citizen", "identified-citizen", "online-source", "hotline", "partner-system")
FORMS = ("sexual", "labour", "criminal", "begging", "organ", "unknown")
SOURCE_WEIGHTS = (35, 15, 10, 15, 10, 15)
FORM_WEIGHTS = (34, 30, 20, 7, 2, 7)

COMENSHA = "CoMensha (demo)"
VEILIG_THUIS = "Veilig Thuis Utrecht (demo)"
ZORG_MIDDEN = "Zorgcoördinatie Mensenhandel Midden-Nederland (demo)"
ZORG_ROTTERDAM = "Zorgcoördinatie Mensenhandel Rotterdam (demo)"
POLITIE = "Politie eenheid Midden-Nederland (demo)"
# The organisations that take in signals. The one the demo's intake account works for gets the most, so that
# account sees every source type and form (CoMensha also receives the public form's reports).
INTAKE_OWNER = DEMO_ACCOUNTS["intake"]
OWNERS = tuple(dict.fromkeys((INTAKE_OWNER, COMENSHA, VEILIG_THUIS, ZORG_MIDDEN, ZORG_ROTTERDAM, POLITIE)))
OWNER_WEIGHTS = tuple(5 if owner == INTAKE_OWNER else 2 for owner in OWNERS)
ONLINE_OWNER_WEIGHTS = tuple(5 if owner in (INTAKE_OWNER, POLITIE) else 1 for owner in OWNERS)  # online monitoring
DUPLICATE_OWNERS = tuple(dict.fromkeys((INTAKE_OWNER, ZORG_MIDDEN, POLITIE)))

# Municipalities near each owner, and the whole country (more than three police units).
NEARBY = {
    COMENSHA: ("GM0363", "GM0479", "GM0394", "GM0344", "GM0599"),
    VEILIG_THUIS: ("GM0344", "GM0356", "GM0307", "GM0402", "GM0034"),
    ZORG_MIDDEN: ("GM0344", "GM0307", "GM0356", "GM0034"),
    ZORG_ROTTERDAM: ("GM0599", "GM0503", "GM1783", "GM0518", "GM0637"),
    POLITIE: ("GM0344", "GM0307", "GM0034", "GM0402", "GM0356"),
}
PLACE_NAMES = {
    "GM0014": "Groningen",
    "GM0034": "Almere",
    "GM0080": "Leeuwarden",
    "GM0153": "Enschede",
    "GM0193": "Zwolle",
    "GM0200": "Apeldoorn",
    "GM0228": "Ede",
    "GM0268": "Nijmegen",
    "GM0307": "Amersfoort",
    "GM0344": "Utrecht",
    "GM0356": "Nieuwegein",
    "GM0363": "Amsterdam",
    "GM0394": "Hoofddorp",
    "GM0402": "Hilversum",
    "GM0479": "Zaandam",
    "GM0503": "Delft",
    "GM0518": "Den Haag",
    "GM0546": "Leiden",
    "GM0599": "Rotterdam",
    "GM0637": "Zoetermeer",
    "GM0758": "Breda",
    "GM0772": "Eindhoven",
    "GM0796": "'s-Hertogenbosch",
    "GM0855": "Tilburg",
    "GM0935": "Maastricht",
    "GM0984": "Venray",
    "GM1783": "Westland",
}
COUNTRY = tuple(PLACE_NAMES)

NATIONALITIES = (
    ("Nederlands", "Nederlands"),
    ("Roemeens", "Roemeens"),
    ("Pools", "Pools"),
    ("Bulgaars", "Bulgaars, Turks"),
    ("Hongaars", "Hongaars"),
    ("Nigeriaans", "Engels, Edo"),
    ("Oekraïens", "Oekraïens, Russisch"),
    ("Vietnamees", "Vietnamees"),
    ("Chinees", "Mandarijn"),
    ("Braziliaans", "Portugees"),
    ("Eritrees", "Tigrinya"),
    ("Marokkaans", "Arabisch, Nederlands"),
    ("Colombiaans", "Spaans"),
    ("Filipijns", "Tagalog, Engels"),
)
VICTIM_ALIASES = ("Lisa", "Mimi", "Bella", "Angel", "Sky", "Kiki", "Nina", "Jay", "Kleine", "Princess")
PERPETRATOR_ALIASES = ("Tony", "de Baas", "Mo", "Kapitein", "Vadertje", "Sjef", "Rico", "de Neef", "Boss", "Dino")
PHONE_FORMATS = ("06-{a}{b}", "06 {a} {b}", "+31 6 {a}{b}", "06{a}{b}", "0031 6 {a} {b}")
# Letters the RDW never issues on current plates (vowels), so a synthetic plate cannot be someone's car.
PLATE_LETTERS = "AEIOU"
MESSY_EVERY = 50  # signal 50k+25 carries an identifier that does not normalise, as real soft signals do

INDICATORS_BY_FORM = {
    form: [code for code in signal_texts.INDICATOR_SENTENCES if code.split("-")[0] == form] for form in FORMS
}


@dataclass
class SyntheticSignal:
    """One generated signal: what a channel would hand to the services, plus who owns it and its history."""

    index: int
    data: SignalInput
    organisation: str
    channel: str
    received_at: datetime
    statuses: list[str]  # the moves after "received", oldest first


@cache
def _pools() -> dict[str, list[str]]:
    """Names, streets and handles drawn once from Faker (nl_NL) with the demo's fixed seed."""
    faker = Faker("nl_NL")
    faker.seed_instance(SEED)
    return {
        "female": list(DutchNames.first_names_female),
        "male": list(DutchNames.first_names_male),
        "last": list(DutchNames.last_names),
        "streets": sorted({faker.street_name() for _ in range(2000)}),
        "cities": sorted({faker.city() for _ in range(500)}),
        "handles": sorted({faker.user_name() for _ in range(3000)}),
    }


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10**count):0{count}d}"


@cache
def _cumulative(weights: tuple[int, ...]) -> list[int]:
    return list(accumulate(weights))


def _pick(rng: random.Random, options: tuple, weights: tuple[int, ...]):
    """One of `options` by weight (cumulative weights computed once: this runs millions of times)."""
    cumulative = _cumulative(weights)
    return options[bisect(cumulative, rng.random() * cumulative[-1])]


def _mobile(rng: random.Random) -> str:
    """A Dutch mobile number (06-xxxxxxxx), written the way people write them."""
    number = _digits(rng, 8)
    return rng.choice(PHONE_FORMATS).format(a=number[:4], b=number[4:])


def _shared_phone(pair: int, which: int) -> str:
    """The phone number that two signals of a duplicate pair share, written differently by each reporter."""
    number = _digits(random.Random(f"{SEED}:phone:{pair}"), 8)
    return PHONE_FORMATS[which].format(a=number[:4], b=number[4:])


def _iban(rng: random.Random) -> str:
    """A valid Dutch IBAN at the non-existent bank DEMO: check digits computed, so it normalises."""
    bban = "DEMO" + _digits(rng, 10)
    return f"NL{stdnum_iban.calc_check_digits('NL00' + bban)}{bban}"


def _plate(rng: random.Random) -> str:
    """A plate in sidecode 99-LL-99 or 99-LLL-9, with letters no real current plate carries."""
    letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(3))
    if rng.random() < 0.5:
        return f"{_digits(rng, 2)}-{letters[:2]}-{_digits(rng, 2)}"
    return f"{_digits(rng, 2)}-{letters}-{_digits(rng, 1)}"


def _handle(rng: random.Random) -> str:
    return "@" + rng.choice(_pools()["handles"]) + _digits(rng, 2)


def _ad_url(rng: random.Random) -> str:
    domain = rng.choice(("example.com", "example.org", "example.net"))
    path = rng.choice(("advertentie", "escort", "vacature", "profiel"))
    return f"https://www.{domain}/{path}/{rng.randrange(100_000, 9_999_999)}"


def _address(rng: random.Random) -> str:
    pools = _pools()
    postcode = f"{rng.randrange(1000, 9999)} {rng.choice('BCDFGHJKLMNPRSTVWXZ')}{rng.choice('BCDFGHJKLMNPRSTVWXZ')}"
    return f"{rng.choice(pools['streets'])} {rng.randrange(1, 250)}, {postcode} {rng.choice(pools['cities'])}"


def _name(rng: random.Random, gender: str) -> str:
    pools = _pools()
    first = rng.choice(pools["female"] if gender == "female" else pools["male"])
    return f"{first} {rng.choice(pools['last'])}"


def _source_and_form(index: int, rng: random.Random) -> tuple[str, str]:
    # The first 36 signals walk every combination of source type and form: even a small demo shows them all.
    if index < len(SOURCE_TYPES) * len(FORMS):
        return SOURCE_TYPES[(index + index // len(FORMS)) % len(SOURCE_TYPES)], FORMS[index % len(FORMS)]
    return _pick(rng, SOURCE_TYPES, SOURCE_WEIGHTS), _pick(rng, FORMS, FORM_WEIGHTS)


def _channel_and_owner(source: str, rng: random.Random) -> tuple[str, str]:
    if source == "anonymous-citizen":
        # Most come in through the public form; some phone Veilig Thuis, whose intake worker records them.
        phoned = _pick(rng, (COMENSHA, VEILIG_THUIS), (1, 1))
        return (Channel.PUBLIC_FORM, COMENSHA) if rng.random() < 0.6 else (Channel.INTAKE_FORM, phoned)
    owner = _pick(rng, OWNERS, OWNER_WEIGHTS)
    if source == "online-source":
        owner = _pick(rng, OWNERS, ONLINE_OWNER_WEIGHTS)
        return (Channel.API if rng.random() < 0.8 else Channel.IMPORT), owner
    if source == "partner-system":
        return (Channel.API if rng.random() < 0.6 else Channel.IMPORT), owner
    return (Channel.INTAKE_FORM if rng.random() < 0.85 else Channel.IMPORT), owner


def _statuses(age_days: float, rng: random.Random) -> list[str]:
    if age_days < 14:
        weights = (80, 20, 0)
    elif age_days < 90:
        weights = (30, 40, 30)
    else:
        weights = (10, 20, 70)
    final = _pick(rng, (workflow.RECEIVED, workflow.IN_PROGRESS, workflow.HANDLED), weights)
    return {
        workflow.RECEIVED: [],
        workflow.IN_PROGRESS: [workflow.IN_PROGRESS],
        workflow.HANDLED: [workflow.IN_PROGRESS, workflow.HANDLED],
    }[final]


def _victim(rng: random.Random, *, form: str, source: str, minor: str) -> PersonInput:
    gender = _pick(rng, ("female", "male", "unknown", ""), (55, 30, 5, 10))
    if form == "sexual":
        gender = "female" if rng.random() < 0.85 else gender
    if minor == "yes":
        age = rng.randrange(13, 18)
    elif minor == "no":
        age = rng.randrange(18, 50)
    else:
        age = rng.randrange(15, 50)
    nationality, languages = rng.choice(NATIONALITIES)
    named = rng.random() < (0.7 if source in ("professional", "partner-system") else 0.35)
    person = PersonInput(
        role="possible-victim",
        name=_name(rng, gender) if named else "",
        alias=rng.choice(VICTIM_ALIASES) if not named and rng.random() < 0.4 else "",
        estimated_age=age if rng.random() < 0.75 else None,
        gender=gender,
        nationality=nationality if rng.random() < 0.6 else "",
        languages=languages if rng.random() < 0.4 else "",
    )
    if minor == "yes" and person.estimated_age is None:
        person.estimated_age = age  # a reported minor comes with an age
    if rng.random() < 0.45:
        person.identifiers.append(("phone", _mobile(rng)))
    if form in ("sexual", "criminal") and rng.random() < 0.2:
        person.identifiers.append(("handle", _handle(rng)))
    if rng.random() < 0.08:
        person.identifiers.append(("address", _address(rng)))
    if rng.random() < 0.04:
        person.identifiers.append(("email", f"{rng.choice(_pools()['handles'])}@example.com"))
    return person


def _perpetrator(rng: random.Random, *, form: str) -> PersonInput:
    gender = "male" if rng.random() < 0.8 else rng.choice(("female", "unknown"))
    named = rng.random() < 0.3
    person = PersonInput(
        role="possible-perpetrator",
        name=_name(rng, gender) if named else "",
        alias=rng.choice(PERPETRATOR_ALIASES) if not named and rng.random() < 0.6 else "",
        estimated_age=rng.randrange(22, 60) if rng.random() < 0.6 else None,
        gender=gender,
        nationality=rng.choice(NATIONALITIES)[0] if rng.random() < 0.4 else "",
    )
    if rng.random() < 0.65:
        person.identifiers.append(("phone", _mobile(rng)))
    if form in ("labour", "begging", "sexual") and rng.random() < 0.35:
        person.identifiers.append(("plate", _plate(rng)))
    if form in ("labour", "criminal") and rng.random() < 0.3:
        person.identifiers.append(("iban", _iban(rng)))
    if form in ("sexual", "criminal") and rng.random() < 0.2:
        person.identifiers.append(("handle", _handle(rng)))
    return person


def _other(rng: random.Random) -> PersonInput:
    gender = rng.choice(("female", "male"))
    return PersonInput(role="other", name=_name(rng, gender) if rng.random() < 0.5 else "", gender=gender)


def _details(victim: PersonInput, perpetrator: PersonInput | None) -> list[str]:
    """Sentences that repeat some identifiers in the account, as reporters do (and full-text search finds)."""
    details = []
    if victim.estimated_age is not None and not victim.name:
        details.append(f"Ik schat de leeftijd op ongeveer {victim.estimated_age} jaar.")
    if victim.languages:
        details.append(f"Spreekt {victim.languages}.")
    if perpetrator:
        for kind, value in perpetrator.identifiers:
            if kind == "plate":
                details.append(f"Er wordt gereden in een wit busje met kenteken {value}.")
            elif kind == "phone":
                details.append(f"De man die alles regelt is bereikbaar op {value}.")
    return details


def synthetic_signal(index: int, *, now: datetime) -> SyntheticSignal:
    """Signal number `index` of the synthetic world, received within HISTORY_DAYS before `now`."""
    rng = random.Random(SEED * 1_000_003 + index)
    source, form = _source_and_form(index, rng)
    channel, owner = _channel_and_owner(source, rng)
    pair, place_in_pair = divmod(index, DUPLICATE_EVERY)
    duplicate = place_in_pair in (9, 19)
    if duplicate:
        # Both signals of a pair belong to one organisation: the hint only links signals of the same owner.
        owner = DUPLICATE_OWNERS[pair % len(DUPLICATE_OWNERS)]
        channel = Channel.INTAKE_FORM if channel == Channel.PUBLIC_FORM else channel
    forms = [form]
    if form != "unknown" and rng.random() < 0.12:
        forms.append(rng.choice([other for other in FORMS[:5] if other != form]))
    indicator_pool = [code for chosen in forms for code in INDICATORS_BY_FORM[chosen]]
    indicators = rng.sample(indicator_pool, k=min(len(indicator_pool), rng.randrange(0, 5)))
    if rng.random() < 0.1:
        indicators = []  # a reporter who ticks only the form
    minor = _pick(rng, ("yes", "no", "unknown"), (25, 30, 45) if form == "criminal" else (6, 50, 44))
    received_at = now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86_400))
    places = signal_texts.PLACES_BY_FORM[form]
    place_type = "online" if source == "online-source" else rng.choice(places)
    municipality = rng.choice(NEARBY.get(owner, COUNTRY)) if rng.random() < 0.65 else rng.choice(COUNTRY)
    victim = _victim(rng, form=form, source=source, minor=minor)
    perpetrator = _perpetrator(rng, form=form) if rng.random() < 0.55 or duplicate else None
    persons = [victim] + ([perpetrator] if perpetrator else [])
    if rng.random() < 0.12:
        persons.append(_other(rng))
    if duplicate:
        shared = ("phone", _shared_phone(pair, 0 if place_in_pair == 9 else 2))
        perpetrator.identifiers = [shared] + [item for item in perpetrator.identifiers if item[0] != "phone"]
    identifiers: list[tuple[str, str]] = []
    ad_url = ""
    if source == "online-source" or "sexual-online-ads" in indicators:
        ad_url = _ad_url(rng)
        identifiers.append(("url", ad_url))
        if rng.random() < 0.5:
            identifiers.append(("handle", _handle(rng)))
    if rng.random() < 0.08:
        identifiers.append(("postcode", _address(rng).split(", ")[1][:7]))
    if index % MESSY_EVERY == MESSY_EVERY // 2:
        identifiers.append(rng.choice((("iban", "NL12 DEMO 0123 4567"), ("phone", "06-123 45"), ("plate", "XX-?"))))
    account = signal_texts.account_text(
        rng,
        place_type=place_type,
        place_name=PLACE_NAMES[municipality],
        form=form,
        indicators=indicators,
        source_type=source,
        victim=signal_texts.subject_words(
            gender=victim.gender, age=victim.estimated_age, name=victim.name if source == "professional" else ""
        ),
        details=_details(victim, perpetrator),
        ad_url=ad_url,
    )
    own_reference = ""
    if channel in (Channel.API, Channel.IMPORT):
        own_reference = f"{'MON' if source == 'online-source' else 'PS'}-{received_at:%Y}-{rng.randrange(10**5):05d}"
    elif source == "professional" and rng.random() < 0.4:
        own_reference = f"DOS-{rng.randrange(10**6):06d}"
    observed = received_at.date() - timedelta(days=rng.randrange(0, 45))
    data = SignalInput(
        source_type=source,
        account=account,
        forms=forms if rng.random() < 0.85 or not indicators else [],  # some leave the form to the indicators
        indicators=indicators,
        municipality=municipality,
        place_type=place_type,
        observed_on=observed if rng.random() < 0.8 else None,
        immediate_danger=rng.random() < 0.03,
        minor_involved=minor,
        own_reference=own_reference,
        persons=persons,
        identifiers=identifiers,
    )
    age_days = (now - received_at).total_seconds() / 86_400
    return SyntheticSignal(index, data, owner, channel, received_at, _statuses(age_days, rng))


@dataclass
class SeedContext:
    """What both seeding paths look up once: the owners and, per owner, the demo account that acts for it."""

    organisations: dict[str, Organisation]
    reporters: dict[str, User | None]  # records intake-form signals (needs the intake permission)
    actors: dict[str, User | None]  # moves statuses

    @classmethod
    def load(cls) -> "SeedContext":
        organisations = {org.name: org for org in Organisation.objects.filter(name__in=OWNERS)}
        missing = set(OWNERS) - set(organisations)
        if missing:
            raise LookupError(f"the demo organisations are missing: {', '.join(sorted(missing))}")
        reporters: dict[str, User | None] = dict.fromkeys(OWNERS)
        actors: dict[str, User | None] = dict.fromkeys(OWNERS)
        people = User.objects.filter(is_demo=True, organisation__name__in=OWNERS).select_related("organisation")
        for person in people.order_by("username"):
            name = person.organisation.name
            if reporters[name] is None and person.has_perm("signals.intake_signal"):
                reporters[name] = person
            if actors[name] is None and person.has_perm("signals.view_signals"):
                actors[name] = person
        return cls(organisations, reporters, actors)


def history_times(item: SyntheticSignal, now: datetime) -> list[datetime]:
    """When the signal was received and when each status move happened: spread between receipt and now."""
    rng = random.Random((SEED << 40) + item.index)  # its own stream: not the one that made the signal
    times = [item.received_at]
    for _status in item.statuses:
        room = max((now - times[-1]).total_seconds(), 60)
        times.append(times[-1] + timedelta(seconds=rng.uniform(0.05, 0.4) * room))
    return times


def api_body(data: SignalInput) -> dict:
    """The signal as a partner system sends it to POST /api/v1/signals/ (and as one JSON Lines import row)."""

    def identifiers(pairs: list[tuple[str, str]]) -> list[dict]:
        return [{"kind": kind, "value": value} for kind, value in pairs]

    return {
        "source_type": data.source_type,
        "account": data.account,
        "forms": list(data.forms),
        "indicators": list(data.indicators),
        "municipality": data.municipality,
        "place_type": data.place_type,
        "observed_on": data.observed_on.isoformat() if data.observed_on else None,
        "immediate_danger": data.immediate_danger,
        "minor_involved": data.minor_involved,
        "own_reference": data.own_reference,
        "persons": [
            {
                "role": person.role,
                "name": person.name,
                "alias": person.alias,
                "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
                "estimated_age": person.estimated_age,
                "gender": person.gender,
                "nationality": person.nationality,
                "languages": person.languages,
                "identifiers": identifiers(person.identifiers),
            }
            for person in data.persons
        ],
        "identifiers": identifiers(data.identifiers),
    }
