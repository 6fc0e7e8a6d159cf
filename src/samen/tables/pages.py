"""What the table pages show, labelled: the list of tables, a table's members, covenant and agenda, an item's
decisions and shares. Reads only; the views decide who may see it and write the audit events."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet

from samen.accounts.models import Organisation
from samen.taxonomy.selectors import terms_current

from . import fields, workflow
from .minimised import class_labels, labels
from .models import AgendaItem, DataShare, Decision, Session, Table
from .selectors import shares_overdue, signal_view_for


def display_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def latest_decision(item: AgendaItem, until: datetime | None = None) -> Decision | None:
    decisions = item.decisions.select_related("recipient")
    if until is not None:
        decisions = decisions.filter(decided_at__lte=until)
    return decisions.order_by("-decided_at", "-id").first()


def item_is_open(item: AgendaItem) -> bool:
    """Open: not decided yet, or the table waits for more information."""
    last = latest_decision(item)
    return last is None or last.outcome == "await-information"


@dataclass
class TableRow:
    table: Table
    open_items: int
    overdue: int | None  # only for the table's chair


def table_rows(tables: QuerySet[Table], user) -> list[TableRow]:
    rows = []
    for table in tables.select_related("region", "chair"):
        items = list(table.items.all())
        rows.append(
            TableRow(
                table=table,
                open_items=sum(1 for item in items if item_is_open(item)),
                overdue=len(shares_overdue(table)) if table.chair_id == user.pk else None,
            )
        )
    return rows


@dataclass
class PartyClasses:
    party_type: str
    allowed: list[str]
    withheld: list[str]


@dataclass
class CovenantPart:
    name: str
    number: int
    valid_from: date
    retention_days: int
    purposes: list[str]
    legal_bases: list[tuple[str, str, str]]  # code, label, article
    parties: list[PartyClasses]


def legal_basis_part(code: str, bases: dict) -> tuple[str, str, str]:
    """(code, label, article) of a legal basis; an unknown code is shown as it is."""
    term = bases.get(code)
    return (code, term.label, term.extra.get("article", "")) if term else (code, code, "")


def covenant_part(table: Table) -> CovenantPart:
    version = table.covenant.current_version
    purposes = labels("purpose")
    bases = {term.code: term for term in terms_current("legal_basis")}
    types = labels("organisation_type")
    return CovenantPart(
        name=table.covenant.name,
        number=version.number,
        valid_from=version.valid_from,
        retention_days=version.retention_days,
        purposes=[purposes.get(code, code) for code in version.purposes],
        legal_bases=[legal_basis_part(code, bases) for code in version.legal_bases],
        parties=[
            PartyClasses(
                party_type=types.get(code, code),
                allowed=class_labels(set(classes) | {fields.BASIC}),
                withheld=class_labels(set(fields.FIELD_CLASSES) - set(classes) - {fields.BASIC}),
            )
            for code, classes in sorted(version.field_classes.items(), key=lambda pair: types.get(pair[0], pair[0]))
        ],
    )


@dataclass
class MemberRow:
    organisation: Organisation
    party_type: str
    representative: str


def member_rows(table: Table) -> list[MemberRow]:
    types = labels("organisation_type")
    return [
        MemberRow(
            organisation=member.organisation,
            party_type=types.get(member.organisation.type.code, member.organisation.type.code),
            representative=display_name(member.representative),
        )
        for member in table.members.select_related("organisation__type", "representative").order_by(
            "organisation__name"
        )
    ]


@dataclass
class AgendaRow:
    """One agenda item as the table page lists it: the basic class only (what every member may see)."""

    item: AgendaItem
    reference: str
    owner: str
    purpose: str
    received_on: date | None
    forms: list[str] | None
    urgency: str | None
    session: Session | None
    decision: str
    recipient: str
    is_open: bool


def agenda_rows(items: QuerySet[AgendaItem], user) -> list[AgendaRow]:
    purposes, outcomes, urgencies = labels("purpose"), labels("routing_outcome"), labels("urgency")
    rows = []
    for item in items.select_related("signal__organisation", "session").order_by("added_at", "id"):
        signal = item.signal
        view = signal_view_for(user, signal)
        basic = view is not None and view.allows(fields.BASIC)
        last = latest_decision(item)
        rows.append(
            AgendaRow(
                item=item,
                reference=signal.reference,
                owner=signal.organisation.name,
                purpose=purposes.get(item.purpose, item.purpose),
                received_on=signal.received_at.date() if basic else None,
                forms=[term.label for term in signal.forms.order_by("position")] if basic else None,
                urgency=urgencies.get(signal.urgency, signal.urgency) if basic else None,
                session=item.session,
                decision=outcomes.get(last.outcome, last.outcome) if last else "",
                recipient=last.recipient.name if last and last.recipient else "",
                is_open=last is None or last.outcome == "await-information",
            )
        )
    return rows


@dataclass
class DecisionRow:
    outcome: str
    recipient: str
    reason: str | None  # None: not shown to this person
    wait_until: date | None
    purpose: str
    decided_by: str
    decided_at: datetime
    overrides: bool


def decision_rows(item: AgendaItem, *, with_reasons: bool) -> list[DecisionRow]:
    outcomes, purposes = labels("routing_outcome"), labels("purpose")
    return [
        DecisionRow(
            outcome=outcomes.get(decision.outcome, decision.outcome),
            recipient=decision.recipient.name if decision.recipient else "",
            reason=decision.reason if with_reasons else None,
            wait_until=decision.wait_until,
            purpose=purposes.get(decision.purpose, decision.purpose) if decision.purpose else "",
            decided_by=display_name(decision.decided_by),
            decided_at=decision.decided_at,
            overrides=bool(decision.suggested) and decision.suggested != decision.outcome,
        )
        for decision in item.decisions.select_related("recipient", "decided_by").order_by("decided_at", "id")
    ]


@dataclass
class EventRow:
    status: str
    at: datetime
    by: str
    text: str


@dataclass
class ShareRow:
    share: DataShare
    kind: str
    to: str
    classes: list[str]
    status: str
    outcome: str
    legal_basis: str
    purpose: str
    deadline: date | None
    is_overdue: bool
    can_close: bool
    can_revoke: bool
    events: list[EventRow] = field(default_factory=list)
    revoke_form: object = None  # set by the view for the shares this person may revoke


def share_rows(shares, *, user, table: Table) -> list[ShareRow]:
    """The shares of a signal at a table, with their history (return reasons and feedback included): for the chair
    and the owning organisation only."""
    outcomes, purposes, bases = labels("routing_outcome"), labels("purpose"), labels("legal_basis")
    rows = []
    for share in shares.select_related("to_organisation").prefetch_related("events__by"):
        chair = table.chair_id == user.pk
        owner = share.from_organisation_id == user.organisation_id
        rows.append(
            ShareRow(
                share=share,
                kind=share.get_kind_display(),
                to=share.to_organisation.name,
                classes=class_labels(share.field_classes),
                status=str(workflow.STATUSES.get(share.status, share.status)),
                outcome=outcomes.get(share.outcome, share.outcome) if share.outcome else "",
                legal_basis=bases.get(share.legal_basis, share.legal_basis),
                purpose=purposes.get(share.purpose, share.purpose),
                deadline=share.deadline,
                is_overdue=share.is_overdue,
                can_close=chair and workflow.can_move(share.status, workflow.CLOSED),
                can_revoke=(chair or owner) and workflow.can_move(share.status, workflow.REVOKED),
                events=[
                    EventRow(
                        status=str(workflow.STATUSES.get(event.to_status, event.to_status)),
                        at=event.at,
                        by=display_name(event.by),
                        text=event.text,
                    )
                    for event in share.events.all()
                ],
            )
        )
    return rows


@dataclass
class OverdueRow:
    share: DataShare
    reference: str
    to: str
    outcome: str
    deadline: date
    item: AgendaItem | None


def overdue_rows(table: Table) -> list[OverdueRow]:
    outcomes = labels("routing_outcome")
    items = {item.signal_id: item for item in table.items.all()}
    return [
        OverdueRow(
            share=share,
            reference=share.signal_reference,
            to=share.to_organisation.name,
            outcome=outcomes.get(share.outcome, share.outcome),
            deadline=share.deadline,
            item=items.get(share.signal_id),
        )
        for share in sorted(shares_overdue(table), key=lambda share: (share.deadline, share.pk))
    ]
