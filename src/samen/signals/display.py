"""Turning a signal's codes into what a person reads on its page: labels in the active language, the triage
explanation, the history. Reads only; the views decide who may see it and write the audit event."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from samen.taxonomy.models import Term

from . import workflow
from .models import Identifier, InvolvedPerson, Signal, SignalEvent

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
FIELD_LABELS = {
    "account": _("What was observed"),
    "forms": _("Forms of exploitation"),
    "indicators": _("Indicators"),
    "municipality": _("Municipality"),
    "place_type": _("Kind of place"),
    "immediate_danger": _("Immediate danger"),
    "minor_involved": _("Minor involved"),
    "own_reference": _("Own reference"),
    "urgency": _("Urgency"),
}
REASONS = {
    "immediate-danger": _("Someone is in immediate danger: the urgency is always acute."),
    "minor": _("A minor may be involved: the urgency is always at least high."),
}


def vocabulary_labels(version_id: int, *kinds: str) -> dict[tuple[str, str], str]:
    """{(kind, code): label} of one vocabulary version, in the active language."""
    return {(term.kind, term.code): term.label for term in Term.objects.filter(version_id=version_id, kind__in=kinds)}


@dataclass
class FormScore:
    code: str
    label: str
    score: int
    reaches_high: bool
    drivers: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class TriageExplanation:
    urgency: str
    reasons: list[str]
    scores: list[FormScore]
    high_from: int


def triage_explanation(signal: Signal, labels: dict) -> TriageExplanation:
    data = signal.triage or {}
    high_from = int(data.get("high_from") or 0)
    forms = {term.code: term.label for term in signal.forms.all()}
    indicators = {term.code: term.label for term in signal.indicators.all()}
    scores = [
        FormScore(
            code=code,
            label=forms.get(code, code),
            score=score,
            reaches_high=bool(high_from) and score >= high_from,
            drivers=[
                (indicators.get(item["indicator"], item["indicator"]), item["weight"])
                for item in data.get("drivers", {}).get(code, [])
            ],
        )
        for code, score in sorted(data.get("scores", {}).items(), key=lambda pair: (-pair[1], pair[0]))
    ]
    reasons = []
    for reason in data.get("reasons", []):
        if reason in REASONS:
            reasons.append(str(REASONS[reason]))
        elif reason.startswith("score:"):
            code = reason.removeprefix("score:")
            reasons.append(
                str(_("The score for %(form)s reached %(limit)s or more."))
                % {"form": forms.get(code, code), "limit": high_from}
            )
    return TriageExplanation(
        urgency=labels.get(("urgency", signal.urgency), signal.urgency),
        reasons=reasons,
        scores=scores,
        high_from=high_from,
    )


@dataclass
class PersonView:
    person: InvolvedPerson
    role: str
    gender: str
    identifiers: list[Identifier]


@dataclass
class EventView:
    event: SignalEvent
    fields: list[str]
    from_status: str
    to_status: str


def signal_page(signal: Signal) -> dict:
    """Everything the detail page shows, labelled."""
    labels = vocabulary_labels(signal.vocabulary_version_id, "person_role", "gender", "urgency")
    identifiers = list(signal.identifiers.all())
    persons = [
        PersonView(
            person=person,
            role=labels.get(("person_role", person.role), person.role),
            gender=labels.get(("gender", person.gender), person.gender),
            identifiers=[identifier for identifier in identifiers if identifier.person_id == person.pk],
        )
        for person in signal.persons.all()
    ]
    for identifier in identifiers:
        identifier.kind_label = IDENTIFIER_KINDS.get(identifier.kind, identifier.kind)
    events = [
        EventView(
            event=event,
            fields=[str(FIELD_LABELS.get(name, name)) for name in event.fields or []],
            from_status=workflow.STATUSES.get(event.from_status, event.from_status),
            to_status=workflow.STATUSES.get(event.to_status, event.to_status),
        )
        for event in signal.events.select_related("by")
    ]
    indicators = list(signal.indicators.all())
    forms = list(signal.forms.all())
    indicator_groups = [(form, [term for term in indicators if term.parent_code == form.code]) for form in forms]
    return {
        "signal": signal,
        "urgency_label": labels.get(("urgency", signal.urgency), signal.urgency),
        "status_label": workflow.STATUSES.get(signal.status, signal.status),
        "forms": forms,
        "indicator_groups": [(form, terms) for form, terms in indicator_groups if terms],
        "persons": persons,
        "signal_identifiers": [identifier for identifier in identifiers if identifier.person_id is None],
        "attachments": list(signal.attachments.all()),
        "triage": triage_explanation(signal, labels),
        "events": events,
    }
