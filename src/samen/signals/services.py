"""Every write of signals: one path for all channels, in one transaction, with its audit event."""

import hashlib
import secrets
import uuid
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from samen.accounts.models import Organisation
from samen.audit.models import Action
from samen.audit.services import audit_record, subject_pseudonym
from samen.geo.models import Municipality
from samen.geo.selectors import municipalities_matching
from samen.geo.services import UnknownMunicipality, normalise_municipality_code
from samen.taxonomy.models import Term
from samen.taxonomy.selectors import vocabulary_current

from . import workflow
from .attachments import CleanFile
from .errors import SignalInvalid
from .identifiers import KINDS, normalise
from .inputs import PersonInput, SignalInput
from .models import Attachment, Channel, IdempotencyRecord, Identifier, InvolvedPerson, Receipt, Signal, SignalEvent
from .triage import triage

MAX_PERSONS = 20
MAX_IDENTIFIERS = 50
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without confusion
TEXT_LIMITS = {"account": 10_000, "own_reference": 64, "name": 200, "alias": 200, "nationality": 100, "languages": 200}


def _random_code(length: int) -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(length))


def _group(code: str, size: int = 4) -> str:
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


@lru_cache(maxsize=8)
def _terms_of(version_id: int, checksum: str) -> dict[tuple[str, str], Term]:
    """A vocabulary version never changes once loaded (its checksum is part of the key), so its terms are read
    once per process instead of once per signal: bulk imports spend their time on signals, not on the vocabulary."""
    return {(term.kind, term.code): term for term in Term.objects.filter(version_id=version_id)}


class _Resolver:
    """Looks up vocabulary codes in one version, collecting every problem instead of stopping at the first."""

    def __init__(self, version):
        self.version = version
        self.terms = _terms_of(version.pk, version.checksum)
        self.errors: dict[str, list[str]] = {}

    def error(self, path: str, code: str) -> None:
        self.errors.setdefault(path, []).append(code)

    def term(self, kind: str, code: str, path: str, error_code: str) -> Term | None:
        term = self.terms.get((kind, code))
        if term is None:
            self.error(path, error_code)
        return term

    def codes(self, kind: str) -> set[str]:
        return {code for (term_kind, code) in self.terms if term_kind == kind}


def _municipality(value: str):
    """The municipality named by its CBS code (GM0363, 0363) or exact name; None when not given."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        by_code = Municipality.objects.filter(code=normalise_municipality_code(value)).first()
    except UnknownMunicipality:
        by_code = None  # not shaped like a code: perhaps a name
    if by_code is not None:
        return by_code
    matches = list(municipalities_matching(value)[:2])
    exact = [m for m in matches if m.name.casefold() == value.casefold()]
    if exact:
        return exact[0]
    raise UnknownMunicipality(value)


def _validate(data: SignalInput, resolver: _Resolver, find_municipality=None) -> dict:
    """Check every field against the vocabulary and the limits; return the resolved objects or raise SignalInvalid."""
    resolved: dict = {}
    if not (data.account or "").strip():
        resolver.error("account", "required")
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(data, name, "") or "") > limit:
            resolver.error(name, "too_long")
    resolved["source_type"] = resolver.term("source_type", data.source_type, "source_type", "unknown_source_type")
    resolved["forms"] = [resolver.term("exploitation_form", code, "forms", "unknown_form") for code in data.forms]
    resolved["indicators"] = [
        resolver.term("indicator", code, "indicators", "unknown_indicator") for code in data.indicators
    ]
    resolved["place_type"] = (
        resolver.term("place_type", data.place_type, "place_type", "unknown_place_type") if data.place_type else None
    )
    try:
        resolved["municipality"] = (find_municipality or _municipality)(data.municipality)
    except UnknownMunicipality:
        resolver.error("municipality", "unknown_municipality")
    if data.minor_involved not in ("yes", "no", "unknown"):
        resolver.error("minor_involved", "unknown_minor")
    if data.observed_on and data.observed_on > timezone.localdate():
        resolver.error("observed_on", "future_date")
    if len(data.persons) > MAX_PERSONS:
        resolver.error("persons", "too_many")
    if len(data.identifiers) + sum(len(p.identifiers) for p in data.persons) > MAX_IDENTIFIERS:
        resolver.error("identifiers", "too_many")
    for index, person in enumerate(data.persons[:MAX_PERSONS]):
        _validate_person(person, f"persons.{index}", resolver)
    for index, (kind, _value) in enumerate(data.identifiers[:MAX_IDENTIFIERS]):
        if kind not in KINDS:
            resolver.error(f"identifiers.{index}.kind", "unknown_identifier_kind")
    if resolver.errors:
        raise SignalInvalid(resolver.errors)
    return resolved


def _validate_person(person: PersonInput, path: str, resolver: _Resolver) -> None:
    if person.role not in resolver.codes("person_role"):
        resolver.error(f"{path}.role", "unknown_person_role")
    if person.gender and person.gender not in resolver.codes("gender"):
        resolver.error(f"{path}.gender", "unknown_gender")
    if person.estimated_age is not None and not 0 <= person.estimated_age <= 120:
        resolver.error(f"{path}.estimated_age", "too_old")
    if person.date_of_birth and person.date_of_birth > timezone.localdate():
        resolver.error(f"{path}.date_of_birth", "future_date")
    for name in ("name", "alias", "nationality", "languages"):
        if len(getattr(person, name) or "") > TEXT_LIMITS[name]:
            resolver.error(f"{path}.{name}", "too_long")
    for index, (kind, _value) in enumerate(person.identifiers):
        if kind not in KINDS:
            resolver.error(f"{path}.identifiers.{index}.kind", "unknown_identifier_kind")


def signal_validate(data: SignalInput) -> None:
    """Raise SignalInvalid when `data` would be refused (for previews and all-or-nothing imports)."""
    _validate(data, _Resolver(vocabulary_current()))


def _is_minor(data: SignalInput) -> bool:
    if data.minor_involved == "yes":
        return True
    today = timezone.localdate()
    for person in data.persons:
        if person.estimated_age is not None and person.estimated_age < 18:
            return True
        if person.date_of_birth and (today - person.date_of_birth).days < 18 * 365.25:
            return True
    return False


def _assessed(data: SignalInput, resolver: _Resolver, resolved: dict) -> tuple[dict, bool, str, list]:
    """What follows from a checked signal: its forms (ticked, and implied by its indicators), whether a minor is
    involved, and its triage. Returns (forms by code, minor, urgency, explanation)."""
    forms = {term.code: term for term in resolved["forms"]}
    for indicator in resolved["indicators"]:
        # An observed indicator implies its form is suspected, even if the reporter did not tick it.
        forms.setdefault(indicator.parent_code, resolver.terms[("exploitation_form", indicator.parent_code)])
    minor = _is_minor(data)
    urgency, explanation = triage(
        vocabulary_version=resolver.version.version,
        indicators=[(term.parent_code, term.code) for term in resolved["indicators"]],
        immediate_danger=data.immediate_danger,
        minor_involved=minor,
    )
    return forms, minor, urgency, explanation


def _identifier_rows(signal: Signal, person: InvolvedPerson | None, pairs) -> list[Identifier]:
    rows = []
    for kind, value in pairs:
        result = normalise(kind, value)
        rows.append(
            Identifier(
                signal=signal,
                person=person,
                kind=kind,
                value=result.value,
                normalised=result.normalised,
                is_valid=result.is_valid,
                problem=result.problem,
                digest=result.digest,
            )
        )
    return rows


def _persons_pseudonyms(person_ids) -> list[str]:
    return [subject_pseudonym("signal-person", pk) for pk in person_ids]


def signal_subjects(signal: Signal) -> list[str]:
    """Pseudonyms of the data subjects of a signal, for audit events."""
    return _persons_pseudonyms(signal.persons.values_list("pk", flat=True))


@transaction.atomic
def signal_submit(
    *,
    data: SignalInput,
    organisation: Organisation,
    channel: str,
    reporter=None,
    attachments: list[CleanFile] = (),
    idempotency: IdempotencyRecord | None = None,
) -> Signal:
    """Store a signal durably with its persons, identifiers, attachments, triage and first history row, and the
    unsaved `idempotency` record if given, all in one transaction. Raises SignalInvalid (nothing stored) when any
    field is wrong, IntegrityError when the idempotency key is taken."""
    version = vocabulary_current()
    resolver = _Resolver(version)
    resolved = _validate(data, resolver)
    forms, minor, urgency, explanation = _assessed(data, resolver, resolved)
    signal = Signal.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        source_type=resolved["source_type"],
        channel=channel,
        organisation=organisation,
        reporter=reporter,
        observed_on=data.observed_on,
        municipality=resolved.get("municipality"),
        place_type=resolved["place_type"],
        account=data.account.strip(),
        immediate_danger=data.immediate_danger,
        minor_involved="yes" if minor and data.minor_involved != "no" else data.minor_involved,
        urgency=urgency,
        triage=explanation,
        own_reference=data.own_reference.strip(),
        vocabulary_version=version,
    )
    # The number comes from the row id, so concurrent submissions never compete for a counter.
    signal.reference = f"S-{signal.received_at:%Y}-{signal.pk:06d}"
    signal.save(update_fields=["reference"])
    # A new signal has no forms, indicators or persons yet: their rows are inserted directly, one statement each,
    # where set() and create() would read before every write.
    Signal.forms.through.objects.bulk_create(
        [Signal.forms.through(signal=signal, term=term) for term in dict.fromkeys(forms.values())]
    )
    Signal.indicators.through.objects.bulk_create(
        [Signal.indicators.through(signal=signal, term=term) for term in dict.fromkeys(resolved["indicators"])]
    )
    persons = InvolvedPerson.objects.bulk_create(
        [
            InvolvedPerson(
                signal=signal,
                role=person_data.role,
                name=person_data.name.strip(),
                alias=person_data.alias.strip(),
                date_of_birth=person_data.date_of_birth,
                estimated_age=person_data.estimated_age,
                gender=person_data.gender,
                nationality=person_data.nationality.strip(),
                languages=person_data.languages.strip(),
            )
            for person_data in data.persons
        ]
    )
    identifiers = _identifier_rows(signal, None, data.identifiers)
    for person, person_data in zip(persons, data.persons, strict=True):
        identifiers += _identifier_rows(signal, person, person_data.identifiers)
    Identifier.objects.bulk_create(identifiers)
    for clean in attachments:
        attachment = Attachment(
            signal=signal, original_name=clean.name, content_type=clean.content_type, size=clean.content.size
        )
        attachment.file.save(clean.name, clean.content, save=False)
        attachment.save()
    SignalEvent.objects.create(signal=signal, by=reporter, kind=SignalEvent.Kind.CREATED, to_status=workflow.RECEIVED)
    audit_record(
        actor=reporter,
        action=Action.CREATE,
        object_type="signals.signal",
        object_id=signal.pk,
        subjects=_persons_pseudonyms(person.pk for person in persons),
        purpose="signal-intake",
    )
    if idempotency is not None:
        idempotency.signal = signal
        idempotency.save()
    return signal


def public_intake_organisation() -> Organisation:
    """The organisation that receives anonymous reports from the public form (a setting, by name)."""
    return Organisation.objects.get(name=settings.SAMEN_PUBLIC_INTAKE_ORGANISATION)


@transaction.atomic
def signal_submit_anonymous(*, data: SignalInput, attachments: list[CleanFile] = ()) -> tuple[Signal, str, str]:
    """A report from the public form. Returns the signal, the receipt code and the secret phrase; both are shown
    once. Together they hold 150 random bits; only a hash of the phrase is kept."""
    signal = signal_submit(
        data=data, organisation=public_intake_organisation(), channel=Channel.PUBLIC_FORM, attachments=attachments
    )
    phrase = _group(_random_code(20))
    for _attempt in range(5):
        code = _group(_random_code(10), 5)
        try:
            with transaction.atomic():
                Receipt.objects.create(signal=signal, code=code, secret_hash=make_password(phrase))
            return signal, code, phrase
        except IntegrityError:
            continue
    raise RuntimeError("could not issue a unique receipt code")


def receipt_open(*, code: str, phrase: str) -> Signal | None:
    """The signal behind a receipt, or None. Wrong code and wrong phrase look the same to the caller."""
    normalised_code = (code or "").strip().upper().replace(" ", "")
    receipt = Receipt.objects.select_related("signal").filter(code=normalised_code).first()
    candidate = (phrase or "").strip().upper().replace(" ", "")
    if receipt is None:
        make_password(candidate)  # spend the same time as a real check: no timing hint that the code exists
        return None
    return receipt.signal if check_password(candidate, receipt.secret_hash) else None


@transaction.atomic
def receipt_add_information(*, signal: Signal, text: str) -> SignalEvent:
    """The anonymous reporter adds information later; appended to the signal's history."""
    text = (text or "").strip()
    if not text:
        raise SignalInvalid({"text": ["required"]})
    if len(text) > TEXT_LIMITS["account"]:
        raise SignalInvalid({"text": ["too_long"]})
    event = SignalEvent.objects.create(signal=signal, kind=SignalEvent.Kind.ADDITION, text=text)
    audit_record(
        actor=None,
        action=Action.UPDATE,
        object_type="signals.signal",
        object_id=signal.pk,
        subjects=signal_subjects(signal),
        purpose="signal-intake",
        reason="reporter-addition",
    )
    return event


@transaction.atomic
def signal_set_status(*, signal: Signal, status: str, by) -> Signal:
    # Lock the row: two people changing the status at once must not both read the old status.
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if not workflow.can_move(locked.status, status):
        raise SignalInvalid({"status": ["transition_not_allowed"]})
    SignalEvent.objects.create(
        signal=locked, by=by, kind=SignalEvent.Kind.STATUS, from_status=locked.status, to_status=status
    )
    locked.status = status
    locked.save(update_fields=["status"])
    audit_record(
        actor=by,
        action=Action.UPDATE,
        object_type="signals.signal",
        object_id=locked.pk,
        subjects=signal_subjects(locked),
        purpose="signal-intake",
        reason=f"status:{status}",
    )
    return locked


def request_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def idempotent_submit(*, owner, key: str, body: bytes, submit) -> tuple[Signal, bool]:
    """Run `submit(record)` once per (owner, key); `submit` stores the unsaved `record` with the signal, in the same
    transaction. Returns (signal, created). A retry with the same key and body gets the first signal; the same key
    with another body raises ValueError."""
    digest = request_digest(body)
    # Most keys are new, so the record is written with the signal and a known key shows up as a conflict: a retry
    # costs one rolled-back submission, a first request no extra read. The conflict also settles concurrent retries.
    try:
        return submit(IdempotencyRecord(owner=owner, key=key, request_digest=digest)), True
    except (IntegrityError, SignalInvalid):
        # A known key answers as before even when its body would now be refused (say, a retired vocabulary code).
        existing = IdempotencyRecord.objects.select_related("signal").filter(owner=owner, key=key).first()
        if existing is None:
            raise
        if existing.request_digest != digest:
            raise ValueError("idempotency_key_reused") from None
        return existing.signal, False
