"""Bulk import of signals: CSV and JSON Lines, both modes, per-row errors, the command and the API, streaming."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from samen.audit.models import AuditEvent
from samen.signals.importing import (
    ACCEPT_VALID,
    ALL_OR_NOTHING,
    CSV_COLUMNS,
    ImportRefused,
    format_for,
    read_rows,
    signals_import,
)
from samen.signals.models import Channel, Signal
from tests.factories import OrganisationFactory, UserFactory
from tests.signals.test_api import PROBLEM, api, body, partner_account

pytestmark = pytest.mark.django_db

CSV_HEADER = (
    "source_type,account,forms,indicators,municipality,place_type,observed_on,immediate_danger,minor_involved,"
    "own_reference,victim_name,victim_estimated_age,victim_phone,perpetrator_name,perpetrator_phone,plate,iban,"
    "handle,url\n"
)
GOOD_CSV_ROW = (
    'professional,"Vrouw, 20, werkt 7 dagen per week.",labour|sexual,labour-id-retained,GM0363,house,15-01-2026,'
    "nee,ja,R-1,Sara Jansen,20,06 12345678|+31 6 87654321,Piet,0612000000,12-abc-3,NL91ABNA0417164300,@sara,"
    "advertenties.example/1\n"
)


def csv_file(*rows: str, header: str = CSV_HEADER) -> io.BytesIO:
    return io.BytesIO((header + "".join(rows)).encode("utf-8"))


def jsonl_file(*rows) -> io.BytesIO:
    lines = [row if isinstance(row, bytes) else json.dumps(row).encode() for row in rows]
    return io.BytesIO(b"\n".join(lines) + b"\n")


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Gemeente Voorbeeld")


def run(stream, fmt, mode=ALL_OR_NOTHING, organisation=None, **kwargs):
    return signals_import(
        stream=stream, fmt=fmt, mode=mode, organisation=organisation or OrganisationFactory(), **kwargs
    )


def errors(report) -> list[str]:
    return [f"{e.row}:{e.field}:{e.code}" for e in report.errors]


# CSV


def test_a_csv_row_becomes_a_full_signal(organisation):
    report = run(csv_file(GOOD_CSV_ROW), "csv", organisation=organisation)
    assert (report.rows, report.accepted, report.rejected, report.stored) == (1, 1, 0, True)
    signal = Signal.objects.get()
    assert signal.organisation == organisation and signal.channel == Channel.IMPORT and signal.reporter is None
    assert signal.account == "Vrouw, 20, werkt 7 dagen per week."
    assert sorted(signal.forms.values_list("code", flat=True)) == ["labour", "sexual"]
    assert str(signal.observed_on) == "2026-01-15" and signal.minor_involved == "yes" and not signal.immediate_danger
    victim, perpetrator = signal.persons.order_by("id")
    assert (victim.role, victim.name, victim.estimated_age) == ("possible-victim", "Sara Jansen", 20)
    assert sorted(victim.identifiers.values_list("normalised", flat=True)) == ["+31612345678", "+31687654321"]
    assert perpetrator.role == "possible-perpetrator" and perpetrator.identifiers.get().kind == "phone"
    loose = signal.identifiers.filter(person=None)
    assert sorted(loose.values_list("kind", flat=True)) == ["handle", "iban", "plate", "url"]
    assert AuditEvent.objects.filter(action="create", object_id=str(signal.pk)).exists()


def test_a_dutch_spreadsheet_with_semicolons_and_a_byte_order_mark():
    header = "\ufeffsource_type;account;municipality;immediate_danger\n"
    stream = csv_file("professional;Gezien bij het station;Utrecht;ja\n", header=header)
    report = run(stream, "csv", mode=ACCEPT_VALID)
    assert report.accepted == 1
    signal = Signal.objects.get()
    assert signal.immediate_danger and signal.urgency == "acute" and signal.municipality.code == "GM0344"


def test_csv_errors_name_the_row_a_spreadsheet_shows_and_the_column():
    stream = csv_file(
        GOOD_CSV_ROW,
        "professional,,,,,,,,,,,,,,,,,,\n",
        "nope,Iets,,,,,2999-01-01,,,,,,,,,,,,\n",
        "professional,Iets,,,,,,misschien,,,,twintig,,,,,,,\n",
        'professional,"' + "x" * 10_001 + '",,,,,,,,,' + "y" * 201 + ",,,,,,,,\n",
        "professional,te weinig kolommen\n",
    )
    report = run(stream, "csv", mode=ACCEPT_VALID)
    assert (report.rows, report.accepted, report.rejected) == (6, 1, 5)
    assert errors(report) == [
        "3:account:required",
        "4:source_type:unknown_source_type",
        "4:observed_on:future_date",
        "5:immediate_danger:not_a_boolean",
        "5:victim_estimated_age:not_an_integer",
        "6:account:too_long",
        "6:victim_name:too_long",
        "7::invalid_csv",
    ]
    assert str(report.errors[0]) == "row 3: account: required (Dit veld is verplicht.)"


@pytest.mark.parametrize(
    ("header", "code", "field"),
    [
        ("source_type,account,colour\n", "unknown_column", "colour"),
        ("source_type,source_type,account\n", "duplicate_column", "source_type"),
        ("source_type,victim_name\n", "missing_column", "account"),
        ("", "empty_file", "file"),
    ],
)
def test_a_bad_header_refuses_the_file(header, code, field):
    with pytest.raises(ImportRefused) as refused:
        run(csv_file(header=header), "csv", mode=ACCEPT_VALID)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_bytes_that_are_not_utf8_cost_one_row_not_the_file():
    stream = io.BytesIO(b"source_type,account\nprofessional,caf\xe9 aan de haven\nprofessional,goed\n")
    report = run(stream, "csv", mode=ACCEPT_VALID)
    assert (report.accepted, errors(report)) == (1, ["2:account:invalid_characters"])


# JSON Lines


def test_jsonl_rows_have_the_api_shape():
    report = run(jsonl_file(body(), body(own_reference="2")), "jsonl")
    assert (report.accepted, report.stored) == (2, True)
    assert sorted(Signal.objects.values_list("own_reference", flat=True)) == ["2", "LCOM-17"]


def test_jsonl_errors_use_line_numbers_and_field_paths():
    bad_kind = body(persons=[{"role": "other", "identifiers": [{"kind": "shoe", "value": "44"}]}])
    stream = jsonl_file(
        body(),
        b"",  # blank lines are skipped but counted as lines
        bad_kind,
        b'{"source_type": "professional",',
        b"\xff\xfe",
        b"[1, 2]",
        b'{"a":' * 5000,
    )
    report = run(stream, "jsonl", mode=ACCEPT_VALID)
    assert (report.rows, report.accepted, report.rejected) == (6, 1, 5)
    assert errors(report) == [
        "3:persons.0.identifiers.0.kind:unknown_identifier_kind",
        "4::invalid_json",
        "5::invalid_encoding",
        "6:body:not_an_object",
        "7::invalid_json",
    ]
    assert str(report.errors[0]).startswith("row 3: persons.0.identifiers.0.kind: unknown_identifier_kind (")


def test_an_overlong_line_is_one_error_and_the_next_line_still_counts(monkeypatch):
    monkeypatch.setattr("samen.signals.importing.MAX_LINE", 1000)
    report = run(jsonl_file(body(account="x" * 2500), body()), "jsonl", mode=ACCEPT_VALID)
    assert (report.accepted, errors(report)) == (1, ["1::line_too_long"])


# Modes


def test_all_or_nothing_stores_nothing_when_one_row_fails():
    report = run(jsonl_file(body(), body(), body(source_type="nope")), "jsonl", mode=ALL_OR_NOTHING)
    assert (report.rows, report.accepted, report.rejected, report.stored) == (3, 0, 1, False)
    assert errors(report) == ["3:source_type:unknown_source_type"]
    assert not Signal.objects.exists()


def test_accept_valid_stores_the_good_rows_in_batches():
    rows = [body(own_reference=str(n)) if n % 3 else body(source_type="nope") for n in range(1, 11)]
    report = run(jsonl_file(*rows), "jsonl", mode=ACCEPT_VALID, batch_size=4)
    assert (report.rows, report.accepted, report.rejected, report.stored) == (10, 7, 3, True)
    assert Signal.objects.count() == 7


def test_the_report_holds_a_bounded_number_of_errors():
    report = run(jsonl_file(*[b"nope"] * 5), "jsonl", mode=ACCEPT_VALID, max_errors=2)
    assert (report.rejected, len(report.errors), report.errors_omitted) == (5, 2, 3)


def test_an_actor_is_the_reporter_and_the_audit_actor():
    user = UserFactory()
    run(jsonl_file(body()), "jsonl", organisation=user.organisation, actor=user)
    signal = Signal.objects.get()
    assert signal.reporter == user
    assert AuditEvent.objects.get(action="create", object_id=str(signal.pk)).actor_id == str(user.pk)


class NoSlurping(io.BytesIO):
    """A file that refuses to be read whole: the import must stream."""

    def read(self, size=-1):
        assert size is not None and size >= 0, "read the whole file"
        return super().read(size)

    def readline(self, size=-1):
        assert size is not None and size >= 0, "read an unbounded line"
        return super().readline(size)

    def readlines(self, hint=-1):
        raise AssertionError("read every line at once")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_file_is_streamed_not_read_whole(fmt):
    content = (csv_file(GOOD_CSV_ROW * 3) if fmt == "csv" else jsonl_file(body(), body(), body())).getvalue()
    report = run(NoSlurping(content), fmt, mode=ALL_OR_NOTHING)
    assert report.accepted == 3


def test_rows_are_read_lazily():
    rows = read_rows(jsonl_file(body(), b"not json"), "jsonl")
    first = next(rows)
    assert first.number == 1 and first.data is not None and first.position


@pytest.mark.parametrize(
    ("name", "explicit", "fmt"),
    [("a.csv", None, "csv"), ("A.JSONL", None, "jsonl"), ("a.ndjson", None, "jsonl"), ("a.txt", "csv", "csv")],
)
def test_the_format_comes_from_the_extension_or_is_given(name, explicit, fmt):
    assert format_for(name, explicit) == fmt


def test_an_unknown_format_is_refused():
    with pytest.raises(ImportRefused):
        format_for("signals.xlsx")


# The command


@pytest.fixture
def jsonl_path(tmp_path):
    path = tmp_path / "signalen.jsonl"
    path.write_bytes(jsonl_file(body(), body(source_type="nope"), body()).getvalue())
    return path


def test_the_command_prints_row_errors_and_stores_nothing_by_default(organisation, jsonl_path):
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_signals", str(jsonl_path), organisation=organisation.name, stdout=out)
    assert failed.value.returncode == 1
    assert "nothing stored: 1 of 3 rows have errors" in str(failed.value)
    assert out.getvalue().startswith("row 2: source_type: unknown_source_type (")
    assert not Signal.objects.exists()


def test_the_command_accepts_valid_rows_as_an_account(jsonl_path):
    user = UserFactory(username="koppeling")
    out = io.StringIO()
    with pytest.raises(CommandError) as partly:
        call_command("import_signals", str(jsonl_path), "--mode", "accept-valid", "--as", "koppeling", stdout=out)
    assert partly.value.returncode == 2
    assert (
        f"2 of 3 rows stored as signals of {user.organisation.name}, 1 rejected (mode accept-valid)" in out.getvalue()
    )
    assert set(Signal.objects.values_list("reporter", flat=True)) == {user.pk}


def test_the_command_shows_progress_on_request(organisation, tmp_path, capsys):
    path = tmp_path / "signalen.csv"
    path.write_bytes(csv_file(GOOD_CSV_ROW).getvalue())
    out = io.StringIO()
    call_command("import_signals", str(path), "--organisation", organisation.name, "--progress", stdout=out)
    assert "1 of 1 rows stored" in out.getvalue()
    assert "importing" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.jsonl", "--organisation", "Gemeente Voorbeeld"], "no such file"),
        (["{path}", "--organisation", "Bestaat niet"], "no organisation named"),
        (["{path}", "--as", "niemand"], "no active account"),
        (["{path}", "--organisation", "Gemeente Voorbeeld", "--format", "csv"], "unknown_column"),
    ],
)
def test_the_command_explains_what_is_wrong(organisation, jsonl_path, argv, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_signals", *[arg.format(path=jsonl_path) for arg in argv])


def test_samen_import_signals_reaches_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "samen.cli", "import", "signals", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "--mode" in result.stdout and "--organisation" in result.stdout
    wrong = subprocess.run(
        [sys.executable, "-m", "samen.cli", "import", "people"], capture_output=True, text=True, check=False
    )
    assert wrong.returncode == 2


def test_docs_describe_every_csv_column():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    assert all(f"`{column}`" in doc for column in CSV_COLUMNS)


# The API


IMPORT_URL = "/api/v1/signals/import/"


def upload(client, name, content: bytes, **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content), **fields})


def test_the_api_imports_valid_rows_and_reports_the_rest():
    user = partner_account()
    content = jsonl_file(body(), body(source_type="nope")).getvalue()
    response = upload(api(user), "signalen.jsonl", content, mode="accept-valid")
    assert response.status_code == 200, response.content
    report = response.json()
    assert {k: report[k] for k in ("accepted", "rejected", "stored", "format", "mode")} == {
        "accepted": 1,
        "rejected": 1,
        "stored": True,
        "format": "jsonl",
        "mode": "accept-valid",
    }
    assert report["errors"] == [
        {"row": 2, "field": "source_type", "code": "unknown_source_type", "message": report["errors"][0]["message"]}
    ]
    assert Signal.objects.get().reporter == user


def test_the_api_all_or_nothing_refusal_is_a_problem_with_the_report():
    content = csv_file(GOOD_CSV_ROW, "professional,,,,,,,,,,,,,,,,,,\n").getvalue()
    response = upload(api(partner_account()), "signalen.csv", content)
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["code"] == "import_rejected"
    assert problem["invalid_params"] == [
        {"name": "rows.3.account", "code": "required", "reason": "Dit veld is verplicht."}
    ]
    assert problem["report"]["rejected"] == 1 and problem["report"]["stored"] is False
    assert not Signal.objects.exists()


def test_the_api_all_or_nothing_success():
    response = upload(api(partner_account()), "signalen.csv", csv_file(GOOD_CSV_ROW * 2).getvalue())
    assert response.status_code == 200 and response.json()["accepted"] == 2
    assert Signal.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content"), [("s.jsonl", jsonl_file(body()).getvalue()), ("s.csv", csv_file(GOOD_CSV_ROW).getvalue())]
)
def test_a_large_upload_goes_to_disk_and_still_imports(settings, name, content):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # forces a temporary file
    response = upload(api(partner_account()), name, content)
    assert response.status_code == 200 and response.json()["accepted"] == 1


@pytest.mark.parametrize(
    ("name", "fields", "param", "code"),
    [
        ("signalen.xlsx", {}, "file", "unknown_format"),
        ("signalen.csv", {"mode": "soms"}, "mode", "invalid_choice"),
        ("signalen.csv", {"format": "xml"}, "format", "invalid_choice"),
    ],
)
def test_the_api_refuses_bad_uploads_with_a_problem(name, fields, param, code):
    response = upload(api(partner_account()), name, csv_file(GOOD_CSV_ROW).getvalue(), **fields)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert {(p["name"], p["code"]) for p in response.json()["invalid_params"]} == {(param, code)}


def test_the_api_needs_a_file_and_multipart():
    client = api(partner_account())
    missing = client.post(IMPORT_URL, {"mode": "accept-valid"})
    assert missing.status_code == 400 and missing.json()["invalid_params"][0]["name"] == "file"
    as_json = client.post(IMPORT_URL, "{}", content_type="application/json")
    assert as_json.status_code == 415 and as_json["Content-Type"] == PROBLEM
    assert as_json.json()["invalid_params"][0]["name"] == "Content-Type"


def test_the_api_refuses_files_that_are_too_long_for_one_request(monkeypatch):
    monkeypatch.setattr("samen.signals.api.views.MAX_IMPORT_LINES", 2)
    response = upload(api(partner_account()), "s.jsonl", jsonl_file(body(), body(), body()).getvalue())
    assert response.status_code == 413 and response["Content-Type"] == PROBLEM
    assert not Signal.objects.exists()
