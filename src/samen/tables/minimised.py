"""The minimised view of a signal as a page shows it: only the field classes a person may see are read from the
database at all, so a withheld field cannot reach a template, an export or a test's HTML by accident.

Reads only, apart from `signal_read_audit`, which writes the read event every view of a shared signal needs.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.signals.models import Signal
from samen.signals.services import signal_subjects
from samen.taxonomy.selectors import terms_current

from . import fields, workflow
from .models import AgendaItem, DataShare, Enrichment
from .selectors import SignalView, enrichments_visible

IDENTIFIER_KINDS = {
    "phone": _("Phone number"),
    "iban": _("Bank account (IBAN)"),
    "plate": _("Licence plate"),
    "postcode": _("Postcode"),
    "address": _("Address"),
    "handle": _("Online user name"),
    "url": _("Advertisement web address"),
    "email": _("E-mail address"),
    "name": _("Name"),
}
# The short words people write before an identifier, in Dutch and English (the help text's example uses them).
SHORT_KIND_NAMES = {
    "telefoon": "phone",
    "tel": "phone",
    "kenteken": "plate",
    "rekening": "iban",
    "bankrekening": "iban",
    "adres": "address",
    "address": "address",
    "gebruikersnaam": "handle",
    "e-mail": "email",
    "naam": "name",
    "link": "url",
}


def labels(kind: str) -> dict[str, str]:
    """{code: label} of the current vocabulary, in the active language."""
    return {term.code: term.label for term in terms_current(kind)}


def class_labels(codes) -> list[str]:
    """Field classes in words, in the order of samen.tables.fields."""
    return [str(label) for code, label in fields.FIELD_CLASSES.items() if code in set(codes)]


@dataclass
class PersonPart:
    role: str
    name: str
    alias: str
    date_of_birth: date | None
    estimated_age: int | None
    gender: str
    nationality: str
    languages: str


@dataclass
class MinimisedSignal:
    """What one person may see of one signal. A part is None when the covenant withholds it, so the template
    cannot tell "withheld" from "empty" by accident: it shows a part only when it is there."""

    reference: str
    received_on: date
    forms: list[str]
    urgency: str
    allowed: list[str]
    withheld: list[str]
    municipality: str | None = None
    place_type: str | None = None
    account: str | None = None
    indicators: list[str] | None = None
    immediate_danger: bool | None = None
    minor_involved: str | None = None
    persons: list[PersonPart] | None = None
    identifiers: list[tuple[str, str]] | None = None
    attachments: list[tuple[str, int]] | None = None


def minimised(view: SignalView) -> MinimisedSignal:
    signal: Signal = view.signal
    allowed = [code for code in fields.FIELD_CLASSES if view.allows(code)]
    result = MinimisedSignal(
        reference=signal.reference,
        received_on=signal.received_at.date(),
        forms=[term.label for term in signal.forms.order_by("position")],
        urgency=labels("urgency").get(signal.urgency, signal.urgency),
        allowed=class_labels(allowed),
        withheld=class_labels(set(fields.FIELD_CLASSES) - set(allowed)),
    )
    if view.allows(fields.PLACE):
        result.municipality = signal.municipality.name if signal.municipality_id else ""
        result.place_type = signal.place_type.label if signal.place_type_id else ""
    if view.allows(fields.ACCOUNT):
        result.account = signal.account
    if view.allows(fields.INDICATORS):
        result.indicators = [term.label for term in signal.indicators.order_by("position")]
    if view.allows(fields.PERSONS):
        result.immediate_danger = signal.immediate_danger
        result.minor_involved = signal.get_minor_involved_display()
        roles, genders = labels("person_role"), labels("gender")
        result.persons = [
            PersonPart(
                role=roles.get(person.role, person.role),
                name=person.name,
                alias=person.alias,
                date_of_birth=person.date_of_birth,
                estimated_age=person.estimated_age,
                gender=genders.get(person.gender, person.gender),
                nationality=person.nationality,
                languages=person.languages,
            )
            for person in signal.persons.all()
        ]
    if view.allows(fields.IDENTIFIERS):
        result.identifiers = [
            (str(IDENTIFIER_KINDS.get(identifier.kind, identifier.kind)), identifier.value)
            for identifier in signal.identifiers.all()
        ]
    if view.allows(fields.ATTACHMENTS):
        result.attachments = [(attachment.original_name, attachment.size) for attachment in signal.attachments.all()]
    return result


@dataclass
class FindingPart:
    organisation: str
    known: str
    text: str
    identifiers: list[tuple[str, str]] | None
    created_at: object
    is_own: bool


def findings_for(view: SignalView, item: AgendaItem, user) -> list[FindingPart]:
    """Own findings always; other members' findings where the covenant allows findings, and their identifiers only
    where it allows identifiers too."""
    parts = []
    enrichment: Enrichment
    for enrichment in enrichments_visible(view, item, user):
        own = enrichment.organisation_id == user.organisation_id
        parts.append(
            FindingPart(
                organisation=enrichment.organisation.name,
                known=enrichment.get_known_display(),
                text=enrichment.text,
                identifiers=[
                    (str(IDENTIFIER_KINDS.get(entry.get("kind"), entry.get("kind", ""))), entry.get("value", ""))
                    for entry in enrichment.identifiers
                    if isinstance(entry, dict)
                ]
                if own or view.allows(fields.IDENTIFIERS)
                else None,
                created_at=enrichment.created_at,
                is_own=own,
            )
        )
    return parts


def identifier_kind_lookup() -> dict[str, str]:
    """Every way a person may write an identifier kind (code, Dutch or English label) -> the code."""
    lookup = {code: code for code in IDENTIFIER_KINDS} | SHORT_KIND_NAMES
    for language in ("nl", "en"):
        with translation.override(language):
            lookup |= {str(label).casefold(): code for code, label in IDENTIFIER_KINDS.items()}
    return lookup


def live_share_for(user, signal: Signal, table=None) -> DataShare | None:
    """The share under which the person's organisation sees the signal: a share of this table first, and of those
    the table share ("table" sorts after "routing", hence the descending kind)."""
    shares = DataShare.objects.filter(
        signal=signal, to_organisation_id=user.organisation_id, status__in=workflow.VISIBLE_TO_RECIPIENT
    )
    if table is not None:
        at_table = shares.filter(table=table).order_by("-kind", "-decided_at").first()
        if at_table is not None:
            return at_table
    return shares.order_by("-kind", "-decided_at").first()


def signal_read_audit(user, signal: Signal, *, share: DataShare | None, purpose: str = "", reason: str = "") -> None:
    """Every view of a shared signal is a read of personal data under the share's purpose and legal basis; the
    owner reads its own signal for the purpose it brought it to the table."""
    audit_record(
        actor=user,
        action=Action.READ,
        object_type="signals.signal",
        object_id=signal.pk,
        subjects=signal_subjects(signal),
        purpose=share.purpose if share else purpose,
        legal_basis=share.legal_basis if share else "",
        reason=reason or (f"share:{share.pk}" if share else ""),
    )
