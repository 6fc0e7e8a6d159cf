"""CSV export of the signals a person may see. The export is written to the audit trail before any row leaves."""

import csv
from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samen.audit.models import Action
from samen.audit.services import audit_record, subject_pseudonym

from . import workflow
from .models import InvolvedPerson, Signal

CHUNK = 500
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); a leading quote stops it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _header() -> list[str]:
    return [
        _("reference"),
        _("received"),
        _("source"),
        _("forms of exploitation"),
        _("municipality"),
        _("urgency"),
        _("status"),
        _("own reference"),
        _("account"),
    ]


@transaction.atomic
def signals_export_start(*, user, signals: QuerySet[Signal]) -> list[int]:
    """Fix which signals are exported and record the export (count and data subjects) in the audit trail.
    Returns the ids in export order; `export_lines` then streams exactly these."""
    ids = list(signals.values_list("pk", flat=True))
    person_ids = InvolvedPerson.objects.filter(signal_id__in=ids).values_list("pk", flat=True).iterator()
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="signals.signal",
        subjects=[subject_pseudonym("signal-person", pk) for pk in person_ids],
        purpose="signal-intake",
        reason=f"count:{len(ids)}",
    )
    return ids


class _Echo:
    """csv.writer writes into this and gets the line back, so rows can be streamed one by one."""

    def write(self, value: str) -> str:
        return value


def export_lines(ids: list[int], *, urgency_labels: dict[str, str], language: str) -> Iterator[str]:
    """The CSV, line by line, in chunks of CHUNK signals so memory stays flat for long lists."""
    writer = csv.writer(_Echo())
    # The response is streamed after the view returned: hold on to the language of the request.
    with translation.override(language):
        yield "\ufeff" + writer.writerow(_header())  # the byte-order mark makes spreadsheets read UTF-8
        statuses = {code: str(label) for code, label in workflow.STATUS_CHOICES}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            rows = (
                Signal.objects.filter(pk__in=chunk)
                .select_related("source_type", "municipality")
                .prefetch_related("forms")
                .in_bulk()
            )
            for pk in chunk:
                signal = rows.get(pk)
                if signal is None:  # removed (retention) between the start of the export and now
                    continue
                yield writer.writerow(
                    [
                        safe_cell(value)
                        for value in (
                            signal.reference,
                            timezone.localtime(signal.received_at).strftime("%d-%m-%Y %H:%M"),
                            signal.source_type.label,
                            "; ".join(term.label for term in signal.forms.all()),
                            signal.municipality.name if signal.municipality else "",
                            urgency_labels.get(signal.urgency, signal.urgency),
                            statuses.get(signal.status, signal.status),
                            signal.own_reference,
                            signal.account,
                        )
                    ]
                )
