"""From a visitor's answers to an ordered list of contacts, by the published rule set (data, not code)."""

from dataclasses import dataclass, field

from samen.geo.services import UnknownMunicipality, regions_serving

from .choices import AGES, FORMS, ORIGINS, WHO
from .languages import CONTENT_LANGUAGES, pick
from .models import Contact

# Contacts of these kinds are regional: the one serving the visitor's municipality is advised.
REGIONAL = {"care-coordinator": "care_region", "veilig-thuis": "veilig_thuis_region"}


@dataclass(frozen=True)
class Answers:
    who: str
    danger: bool
    form: str = "unknown"
    age: str = "unknown"
    municipality: str = ""
    origin: str = "unknown"
    border: bool = False
    unaccompanied: bool = False
    lang: str = "nl"


@dataclass(frozen=True)
class Advice:
    kind: str
    contact: Contact | None
    why: str
    description: str = ""
    hours: str = ""
    pending: bool = False  # the visitor's language has no text yet: English shown
    regional: bool = False
    notes: list[str] = field(default_factory=list)


class InvalidAnswer(ValueError):
    def __init__(self, parameter: str, code: str):
        super().__init__(f"{parameter}: {code}")
        self.parameter = parameter
        self.code = code


def answers_validate(answers: Answers) -> None:
    for name, allowed in (
        ("who", WHO),
        ("form", FORMS),
        ("age", AGES),
        ("origin", ORIGINS),
        ("lang", tuple(CONTENT_LANGUAGES)),
    ):
        if getattr(answers, name) not in allowed:
            raise InvalidAnswer(name, "invalid_choice")


def _matches(condition: dict, answers: Answers) -> bool:
    for key, expected in condition.items():
        value = getattr(answers, key)
        if isinstance(expected, list):
            if value not in expected:
                return False
        elif value != expected:
            return False
    return True


def kinds_advised(rules: list[dict], answers: Answers) -> list[tuple[str, dict]]:
    """(kind, why-translations) in rule order, each kind once: the first rule that advises a kind gives the why."""
    seen, result = set(), []
    for rule in rules:
        if _matches(rule.get("when") or {}, answers):
            for advice in rule["advise"]:
                if advice["kind"] not in seen:
                    seen.add(advice["kind"])
                    result.append((advice["kind"], advice.get("why") or {}))
    return result


def route(rules: list[dict], answers: Answers) -> list[Advice]:
    """The ordered advice for these answers. Raises InvalidAnswer naming a bad answer or an unknown municipality."""
    answers_validate(answers)
    regions = {}
    if answers.municipality:
        try:
            serving = regions_serving(answers.municipality)
        except UnknownMunicipality as error:
            raise InvalidAnswer("municipality", "unknown_municipality") from error
        regions = {attribute: getattr(serving, attribute) for attribute in REGIONAL.values()}
    contacts = {}
    for contact in Contact.objects.filter(is_active=True).select_related("region"):
        contacts.setdefault(contact.kind, []).append(contact)
    advice = []
    for kind, why in kinds_advised(rules, answers):
        candidates = contacts.get(kind, [])
        contact, regional = _choose(kind, candidates, regions)
        why_text, why_pending = pick(why, answers.lang, "text") if why else ("", False)
        description, description_pending = (
            pick(contact.translations, answers.lang, "description") if contact else ("", False)
        )
        hours, _hours_pending = pick(contact.translations, answers.lang, "hours") if contact else ("", False)
        advice.append(
            Advice(
                kind=kind,
                contact=contact,
                why=why_text,
                description=description,
                hours=hours,
                pending=why_pending or description_pending,
                regional=regional,
            )
        )
    return advice


def _choose(kind: str, candidates: list[Contact], regions: dict) -> tuple[Contact | None, bool]:
    attribute = REGIONAL.get(kind)
    if attribute and attribute in regions:
        for contact in candidates:
            if contact.region_id == regions[attribute].pk:
                return contact, True
    national = [contact for contact in candidates if contact.region_id is None]
    return (national or candidates or [None])[0], False
