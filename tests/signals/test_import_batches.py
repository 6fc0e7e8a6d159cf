"""The import stores rows in batches and reports exactly what storing them one by one through signal_submit did:
the same counts, the same errors at the same rows and columns, whatever the batch boundaries."""

import io

import pytest

from django.db import DataError, IntegrityError, connection

from samen.signals.api.serializers import problems_from_service
from samen.signals.errors import SignalInvalid
from samen.signals.importing import (
    ACCEPT_VALID,
    ALL_OR_NOTHING,
    MESSAGES,
    ImportReport,
    RowError,
    read_rows,
    signals_import,
)
from samen.signals.models import Channel, Signal
from samen.signals.services import signal_submit
from tests.factories import OrganisationFactory
from tests.signals.test_api import body
from tests.signals.test_batch import stored
from tests.signals.test_import import GOOD_CSV_ROW, csv_file, jsonl_file

pytestmark = pytest.mark.django_db


def row_by_row(stream, fmt: str, organisation) -> ImportReport:
    """The accept-valid import as it was before batches: each row through signal_submit, in its own savepoint."""
    report = ImportReport(mode=ACCEPT_VALID, format=fmt)
    for row in read_rows(stream, fmt):
        report.rows += 1
        errors = row.errors
        if not errors:
            try:
                signal_submit(data=row.data, organisation=organisation, channel=Channel.IMPORT)
            except SignalInvalid as error:
                errors = row.problems_to_errors(problems_from_service(error))
            except (DataError, IntegrityError):
                errors = [RowError(row.number, "", "not_stored", str(MESSAGES["not_stored"]))]
        if errors:
            report.rejected += 1
            report.errors += errors
        else:
            report.accepted += 1
    return report


def mixed_jsonl() -> bytes:
    bad_kind = body(persons=[{"role": "other", "identifiers": [{"kind": "shoe", "value": "44"}]}])
    rows = [
        body(own_reference="1"),
        body(source_type="nope", municipality="Atlantis", forms=["nope"]),
        b"not json",
        body(own_reference="4", municipality="Utrecht"),
        bad_kind,
        body(own_reference="6", indicators=["sexual-older-contacts-pickup"] * 2, forms=[]),
        body(observed_on="2999-01-01", persons=[{"role": "possible-victim", "estimated_age": 130}]),
        body(own_reference="8", immediate_danger=True),
        body(account=""),
        body(own_reference="10", municipality="Atlantis"),
        body(own_reference="11"),
    ]
    return jsonl_file(*rows).getvalue()


def mixed_csv() -> bytes:
    return csv_file(
        GOOD_CSV_ROW,
        "professional,,,,,,,,,,,,,,,,,,\n",
        "nope,Iets,,,Atlantis,,2999-01-01,,,,,,,,,,,,\n",
        GOOD_CSV_ROW,
        "professional,Iets,,,,,,misschien,,,,twintig,,,,,,,\n",
        "professional,te weinig kolommen\n",
        GOOD_CSV_ROW,
    ).getvalue()


def signals_of(organisation) -> list[dict]:
    return [stored(signal) for signal in Signal.objects.filter(organisation=organisation).order_by("id")]


@pytest.mark.parametrize("batch_size", [1, 3, 4, 500])
@pytest.mark.parametrize(("fmt", "content"), [("jsonl", mixed_jsonl), ("csv", mixed_csv)])
def test_batches_report_and_store_what_row_by_row_did(fmt, content, batch_size):
    before, now = OrganisationFactory(), OrganisationFactory()
    expected = row_by_row(io.BytesIO(content()), fmt, before)
    report = signals_import(
        stream=io.BytesIO(content()), fmt=fmt, mode=ACCEPT_VALID, organisation=now, batch_size=batch_size
    )
    assert report == expected
    assert report.accepted and report.rejected
    moved = [{**shape, "signal": {**shape["signal"], "organisation_id": now.pk}} for shape in signals_of(before)]
    assert signals_of(now) == moved


def test_all_or_nothing_reports_every_failing_row_across_batches():
    expected = row_by_row(io.BytesIO(mixed_jsonl()), "jsonl", OrganisationFactory())
    organisation = OrganisationFactory()
    report = signals_import(
        stream=io.BytesIO(mixed_jsonl()), fmt="jsonl", mode=ALL_OR_NOTHING, organisation=organisation, batch_size=4
    )
    assert (report.rows, report.accepted, report.rejected, report.stored) == (
        expected.rows,
        0,
        expected.rejected,
        False,
    )
    assert report.errors == expected.errors
    assert not Signal.objects.filter(organisation=organisation).exists()


def numbered(n: int, bad: set[int] = frozenset()) -> io.BytesIO:
    return jsonl_file(*[body(source_type="nope") if k in bad else body(own_reference=str(k)) for k in range(1, n + 1)])


@pytest.mark.parametrize("mode", [ACCEPT_VALID, ALL_OR_NOTHING])
def test_a_file_of_one_batch_and_one_row(mode):
    calls = []
    stream = numbered(6)
    report = signals_import(
        stream=stream,
        fmt="jsonl",
        mode=mode,
        organisation=OrganisationFactory(),
        batch_size=5,
        on_progress=lambda phase, position: calls.append((phase, position)),
    )
    assert (report.rows, report.accepted, report.rejected, report.stored) == (6, 6, 0, True)
    references = sorted(Signal.objects.values_list("own_reference", flat=True), key=int)
    assert references == [str(k) for k in range(1, 7)]
    # Progress for every row, in order, ending at the end of the file.
    imported = [position for phase, position in calls if phase == "import"]
    assert len(imported) == 6 and imported == sorted(imported) and imported[-1] == len(stream.getvalue())
    assert len(calls) == (12 if mode == ALL_OR_NOTHING else 6)


def test_an_error_in_the_middle_of_a_batch_costs_only_its_row():
    report = signals_import(
        stream=numbered(12, bad={8}), fmt="jsonl", mode=ACCEPT_VALID, organisation=OrganisationFactory(), batch_size=5
    )
    assert (report.rows, report.accepted, report.rejected) == (12, 11, 1)
    assert [(e.row, e.field, e.code) for e in report.errors] == [(8, "source_type", "unknown_source_type")]
    assert "8" not in set(Signal.objects.values_list("own_reference", flat=True))
    assert Signal.objects.count() == 11


def test_all_or_nothing_with_an_error_in_the_middle_of_a_batch_stores_nothing():
    report = signals_import(
        stream=numbered(12, bad={8}), fmt="jsonl", mode=ALL_OR_NOTHING, organisation=OrganisationFactory(), batch_size=5
    )
    assert (report.rows, report.accepted, report.rejected, report.stored) == (12, 0, 1, False)
    assert [e.row for e in report.errors] == [8]
    assert not Signal.objects.exists()


class BreaksAfter(io.BytesIO):
    """A file whose disk goes away after `lines` lines."""

    def __init__(self, content: bytes, lines: int):
        super().__init__(content)
        self.left = lines

    def readline(self, size=-1):
        if self.left == 0:
            raise OSError("the disk went away")
        self.left -= 1
        return super().readline(size)


def test_a_crash_leaves_the_batches_before_it_stored_whole():
    stream = BreaksAfter(numbered(12).getvalue(), lines=7)
    with pytest.raises(OSError, match="went away"):
        signals_import(stream=stream, fmt="jsonl", mode=ACCEPT_VALID, organisation=OrganisationFactory(), batch_size=5)
    assert sorted(Signal.objects.values_list("own_reference", flat=True), key=int) == ["1", "2", "3", "4", "5"]


def test_importing_a_file_again_stores_its_rows_again():
    organisation = OrganisationFactory()
    for _run in range(2):
        signals_import(stream=numbered(3), fmt="jsonl", mode=ACCEPT_VALID, organisation=organisation, batch_size=2)
    assert Signal.objects.filter(organisation=organisation).count() == 6


@pytest.fixture
def postgres_only():
    """A row that passes every check but that the database refuses. The checks leave no such row on purpose, so the
    test adds a constraint for its own transaction (PostgreSQL's DDL is transactional; SQLite cannot add one)."""
    if connection.vendor != "postgresql":
        pytest.skip("the test adds a constraint inside its transaction, which only PostgreSQL can")
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE signals_signal ADD CONSTRAINT test_refuses_a_row CHECK (own_reference <> 'refused')"
        )


def refused_row() -> dict:
    return body(own_reference="refused")


def test_a_row_the_database_refuses_costs_only_that_row(postgres_only):
    content = jsonl_file(body(own_reference="1"), refused_row(), body(own_reference="3")).getvalue()
    expected = row_by_row(io.BytesIO(content), "jsonl", OrganisationFactory())
    report = signals_import(
        stream=io.BytesIO(content), fmt="jsonl", mode=ACCEPT_VALID, organisation=OrganisationFactory(), batch_size=5
    )
    assert report == expected
    assert [(e.row, e.code) for e in report.errors] == [(2, "not_stored")]
    assert Signal.objects.filter(own_reference="refused").count() == 0


def test_all_or_nothing_stores_nothing_when_the_database_refuses_a_row(postgres_only):
    content = jsonl_file(body(), body(), refused_row(), refused_row(), body()).getvalue()
    report = signals_import(
        stream=io.BytesIO(content), fmt="jsonl", mode=ALL_OR_NOTHING, organisation=OrganisationFactory(), batch_size=5
    )
    # As when storing row by row, the store stops at the first row refused and reports that one.
    assert (report.rows, report.accepted, report.rejected, report.stored) == (5, 0, 1, False)
    assert [(e.row, e.code) for e in report.errors] == [(3, "not_stored")]
    assert not Signal.objects.exists()
