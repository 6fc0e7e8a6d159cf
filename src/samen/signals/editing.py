"""Changing a submitted signal. The change is appended to the signal's history; nothing earlier is rewritten."""

from dataclasses import dataclass, field

from django.db import transaction

from samen.audit.models import Action
from samen.audit.services import audit_record

from .errors import SignalInvalid
from .inputs import PersonInput, SignalInput
from .models import Signal, SignalEvent
from .services import _is_minor, _Resolver, _validate, signal_subjects
from .triage import triage

EDITABLE = (
    "account",
    "forms",
    "indicators",
    "municipality",
    "place_type",
    "immediate_danger",
    "minor_involved",
    "own_reference",
)


@dataclass
class SignalChanges:
    """The fields an intake user may change after submission, with their new values (vocabulary codes)."""

    account: str
    forms: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    municipality: str = ""
    place_type: str = ""
    immediate_danger: bool = False
    minor_involved: str = "unknown"
    own_reference: str = ""


def _codes(terms) -> set[str]:
    return {term.code for term in terms}


@transaction.atomic
def signal_update(*, signal: Signal, data: SignalChanges, by, seen_event_id: int | None = None) -> list[str]:
    """Apply `data` to the signal, recompute its triage and append an "edited" event naming the changed fields.
    Returns those field names (empty: nothing changed, nothing written). Raises SignalInvalid when a value is
    wrong, or with code "edited_meanwhile" when `seen_event_id` is no longer the signal's latest event."""
    # Lock the row: two people editing at once would each compare against the same old values, and the later save
    # would silently undo the earlier one without a trace in the history.
    locked = Signal.objects.select_for_update().select_related("vocabulary_version", "source_type").get(pk=signal.pk)
    if seen_event_id is not None:
        latest = locked.events.order_by("-at", "-id").values_list("pk", flat=True).first()
        if latest != seen_event_id:
            raise SignalInvalid({"__all__": ["edited_meanwhile"]})
    persons = [
        PersonInput(role=person.role, estimated_age=person.estimated_age, date_of_birth=person.date_of_birth)
        for person in locked.persons.all()
    ]
    # The signal keeps the words it was made in: codes resolve in its own vocabulary version, not the newest.
    resolver = _Resolver(locked.vocabulary_version)
    candidate = SignalInput(
        source_type=locked.source_type.code,
        account=data.account,
        forms=list(data.forms),
        indicators=list(data.indicators),
        municipality=data.municipality,
        place_type=data.place_type,
        immediate_danger=data.immediate_danger,
        minor_involved=data.minor_involved,
        own_reference=data.own_reference,
        persons=persons,
    )
    resolved = _validate(candidate, resolver)
    forms = {term.code: term for term in resolved["forms"]}
    for indicator in resolved["indicators"]:
        # As at intake: an observed indicator implies its form is suspected.
        forms.setdefault(indicator.parent_code, resolver.terms[("exploitation_form", indicator.parent_code)])
    minor = _is_minor(candidate)
    urgency, explanation = triage(
        vocabulary_version=locked.vocabulary_version.version,
        indicators=[(term.parent_code, term.code) for term in resolved["indicators"]],
        immediate_danger=data.immediate_danger,
        minor_involved=minor,
    )
    new = {
        "account": data.account.strip(),
        "municipality": resolved.get("municipality"),
        "place_type": resolved["place_type"],
        "immediate_danger": data.immediate_danger,
        "minor_involved": "yes" if minor and data.minor_involved != "no" else data.minor_involved,
        "own_reference": data.own_reference.strip(),
    }
    changed = [name for name, value in new.items() if getattr(locked, name) != value]
    if _codes(locked.forms.all()) != set(forms):
        changed.append("forms")
    if _codes(locked.indicators.all()) != _codes(resolved["indicators"]):
        changed.append("indicators")
    if not changed:
        return []
    if locked.urgency != urgency:
        changed.append("urgency")
    for name, value in new.items():
        setattr(locked, name, value)
    locked.urgency = urgency
    locked.triage = explanation
    locked.save(update_fields=[*new, "urgency", "triage"])
    locked.forms.set(forms.values())
    locked.indicators.set(resolved["indicators"])
    changed = sorted(changed, key=lambda name: (EDITABLE + ("urgency",)).index(name))
    SignalEvent.objects.create(signal=locked, by=by, kind=SignalEvent.Kind.EDITED, fields=changed)
    audit_record(
        actor=by,
        action=Action.UPDATE,
        object_type="signals.signal",
        object_id=locked.pk,
        subjects=signal_subjects(locked),
        purpose="signal-intake",
        reason="edit:" + ",".join(changed),
    )
    return changed
