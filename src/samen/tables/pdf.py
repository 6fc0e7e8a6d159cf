"""The decision list (besluitenlijst) of a session as PDF, with WeasyPrint.

It goes to every member, so it holds no more than the covenant lets ALL members see: the field classes common to
every member's party type (by default only the basic class: reference, forms, urgency), the decision and the
recipient. No account, no names, no identifiers, and no free-text reasons (a chair's reason may name people).
The same session gives the same bytes: no timestamp beyond the session date.
"""

from dataclasses import dataclass
from datetime import date

import weasyprint

from django.template.loader import render_to_string

from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.signals.services import signal_subjects

from . import fields
from .minimised import class_labels, labels
from .models import Session, Table
from .pages import latest_decision


def classes_for_all_members(table: Table) -> set[str]:
    """The field classes every member's party type may see under the current covenant version."""
    version = table.covenant.current_version
    common = set(fields.FIELD_CLASSES)
    for member in table.members.select_related("organisation__type"):
        common &= version.classes_for(member.organisation) | {fields.BASIC}
    return common | {fields.BASIC}


@dataclass
class DecisionLine:
    reference: str
    forms: list[str]
    urgency: str
    place: str | None
    decision: str
    recipient: str
    wait_until: date | None


def decision_lines(session: Session) -> list[DecisionLine]:
    common = classes_for_all_members(session.table)
    outcomes, urgencies = labels("routing_outcome"), labels("urgency")
    lines = []
    for item in session.items.select_related("signal__municipality").order_by("added_at", "id"):
        signal = item.signal
        # A closed session's list shows what was decided by its close, so it reads the same every time.
        last = latest_decision(item, until=session.closed_at)
        lines.append(
            DecisionLine(
                reference=signal.reference,
                forms=[term.label for term in signal.forms.order_by("position")],
                urgency=urgencies.get(signal.urgency, signal.urgency),
                place=(signal.municipality.name if signal.municipality_id else "—") if fields.PLACE in common else None,
                decision=outcomes.get(last.outcome, last.outcome) if last else "",
                recipient=last.recipient.name if last and last.recipient else "",
                wait_until=last.wait_until if last else None,
            )
        )
    return lines


def decision_list_pdf(session: Session) -> bytes:
    common = classes_for_all_members(session.table)
    html = render_to_string(
        "tables/decision_list_pdf.html",
        {
            "table": session.table,
            "session": session,
            "lines": decision_lines(session),
            "with_place": fields.PLACE in common,
            "classes": class_labels(common),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()


def decision_list_audit(session: Session, *, by) -> None:
    """One export event per signal on the list, under the purpose it was brought to the table for."""
    for item in session.items.select_related("signal").order_by("added_at", "id"):
        audit_record(
            actor=by,
            action=Action.EXPORT,
            object_type="signals.signal",
            object_id=item.signal_id,
            subjects=signal_subjects(item.signal),
            purpose=item.purpose,
            reason=f"decision-list:session:{session.pk}",
        )
