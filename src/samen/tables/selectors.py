"""Reads of the tables module, scoped to the requesting person, and the minimised view of a shared signal."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from samen.signals.models import Signal

from . import fields, workflow
from .models import AgendaItem, DataShare, Enrichment, Table


def tables_visible_to(user) -> QuerySet[Table]:
    """Tables the person's organisation sits at (members and chairs), if their role takes part in tables."""
    if not user.is_authenticated or user.organisation_id is None:
        return Table.objects.none()
    if not (user.has_perm("tables.take_part_in_table") or user.has_perm("tables.chair_table")):
        return Table.objects.none()
    return Table.objects.filter(Q(members__organisation_id=user.organisation_id) | Q(chair=user)).distinct()


def agenda_items_visible_to(user, table: Table) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(table=table, table__in=tables_visible_to(user)).select_related(
        "signal", "signal__organisation"
    )


def shares_received_by(user) -> QuerySet[DataShare]:
    """The inbox: routing tasks sent to the person's organisation, if they handle shares."""
    if not user.is_authenticated or not user.has_perm("tables.handle_shares") or user.organisation_id is None:
        return DataShare.objects.none()
    # A revoked share leaves the recipient's inbox at once: revocation hides the data from then on.
    return DataShare.objects.filter(kind=DataShare.Kind.ROUTING, to_organisation_id=user.organisation_id).exclude(
        status=workflow.REVOKED
    )


def shares_visible_to(user) -> QuerySet[DataShare]:
    """Shares a person may see as records: privacy officers see all; others those to or from their organisation
    (a revoked one only as its owner), and a chair those of the tables they chair."""
    if not user.is_authenticated:
        return DataShare.objects.none()
    if user.has_perm("tables.oversee_shares"):
        return DataShare.objects.all()
    if user.organisation_id is None or not (
        user.has_perm("tables.handle_shares") or user.has_perm("tables.take_part_in_table")
    ):
        return DataShare.objects.none()
    # The owner keeps the record of a revoked share; the recipient no longer sees it at all.
    received = Q(to_organisation_id=user.organisation_id) & ~Q(status=workflow.REVOKED)
    visible = received | Q(from_organisation_id=user.organisation_id)
    if user.has_perm("tables.chair_table"):
        # The chair follows what the table decided: the shares made at or by the tables they chair.
        visible |= Q(table__chair=user)
    return DataShare.objects.filter(visible)


def shares_overdue(table: Table) -> list[DataShare]:
    return [
        share
        for share in DataShare.objects.filter(
            table=table, kind=DataShare.Kind.ROUTING, status__in=[workflow.SENT, workflow.ACCEPTED]
        )
        if share.is_overdue
    ]


@dataclass(frozen=True)
class SignalView:
    """What one person may see of a signal: the signal and the field classes, everything else withheld."""

    signal: Signal
    classes: frozenset[str]
    is_owner: bool

    def allows(self, field_class: str) -> bool:
        return self.is_owner or field_class in self.classes


def signal_view_for(user, signal: Signal) -> SignalView | None:
    """The owner sees everything; a recipient of a live share sees the classes the share names; nobody else
    sees anything (None)."""
    if user.organisation_id is None:
        return None
    if signal.organisation_id == user.organisation_id and user.has_perm("signals.view_signals"):
        return SignalView(signal, frozenset(fields.FIELD_CLASSES), True)
    live = DataShare.objects.filter(
        signal=signal, to_organisation_id=user.organisation_id, status__in=workflow.VISIBLE_TO_RECIPIENT
    )
    if not (user.has_perm("tables.take_part_in_table") or user.has_perm("tables.handle_shares")):
        return None
    classes = set()
    for share in live:
        classes |= set(share.field_classes)
    if not classes:
        return None
    return SignalView(signal, frozenset(classes), False)


def enrichments_visible(view: SignalView, item: AgendaItem, user) -> QuerySet[Enrichment]:
    """Own findings always; other members' findings only where the covenant lets this party see findings."""
    enrichments = item.enrichments.select_related("organisation")
    if view.allows(fields.ENRICHMENTS):
        return enrichments
    return enrichments.filter(organisation_id=user.organisation_id)
