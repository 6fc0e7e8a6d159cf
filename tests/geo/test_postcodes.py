"""Postcode areas (PC4) and their municipality: `samen load-postcodes FILE` reads CBS's postcode-huisnummer file or a
simple postcode4,gemeentecode CSV, checks every row, and loads idempotently. The files are synthetic fixtures."""

from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from samen import cli
from samen.geo.models import Municipality, PostcodeArea
from samen.geo.postcodes import ACCEPT_VALID, CBS, SIMPLE, PostcodeFileError, postcodes_load
from samen.geo.selectors import Postcode, postcode_area_find, postcode_areas_loaded, postcode_parse

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SIMPLE_FILE = DATA / "postcodes.csv"
CBS_FILE = DATA / "pc6hnr20230801_gwb.csv"
BROKEN_FILE = DATA / "postcodes-broken.csv"


def mapping() -> dict[str, tuple[str, bool]]:
    return {area.code: (area.municipality.code, area.is_split) for area in PostcodeArea.objects.all()}


def test_the_simple_file_is_loaded():
    report = postcodes_load(path=SIMPLE_FILE)
    assert report.loaded and report.format == SIMPLE and report.problem_count == 0
    assert (report.rows, report.areas, report.created) == (7, 7, 7)
    assert mapping()["1012"] == ("GM0363", False) and mapping()["6211"] == ("GM0935", False)
    assert postcode_areas_loaded()


def test_a_second_run_with_the_same_file_changes_nothing():
    postcodes_load(path=SIMPLE_FILE)
    before = list(PostcodeArea.objects.values_list("pk", "code", "municipality", "is_split"))
    report = postcodes_load(path=SIMPLE_FILE)
    assert (report.created, report.updated, report.removed, report.unchanged) == (0, 0, 0, 7)
    assert list(PostcodeArea.objects.values_list("pk", "code", "municipality", "is_split")) == before


def test_the_cbs_file_gives_each_area_the_municipality_with_most_addresses():
    report = postcodes_load(path=CBS_FILE)
    assert report.loaded and report.format == CBS and report.rows == 7
    assert mapping() == {"1012": ("GM0363", False), "3511": ("GM0344", False), "1111": ("GM0384", True)}
    assert report.split == 1


def test_a_newer_file_changes_and_removes_areas(tmp_path):
    postcodes_load(path=SIMPLE_FILE)
    newer = tmp_path / "postcodes.csv"
    newer.write_text("postcode4;gemeentecode\n1012;0384\n3511;344\n", encoding="utf-8")  # semicolons, short codes
    report = postcodes_load(path=newer)
    assert (report.created, report.updated, report.removed, report.unchanged) == (0, 1, 5, 1)
    assert mapping() == {"1012": ("GM0384", False), "3511": ("GM0344", False)}


def test_every_row_problem_is_named_with_its_line_and_nothing_is_loaded():
    report = postcodes_load(path=BROKEN_FILE)
    assert not report.loaded and PostcodeArea.objects.count() == 0
    assert [problem.line for problem in report.problems] == [3, 4, 5, 6, 7]
    messages = [str(problem) for problem in report.problems]
    assert messages[0] == "line 3: postcode4 '0123' is not a postcode (four digits, 1000 to 9999)"
    assert messages[1] == "line 4: gemeentecode 'GM9999' is not a current municipality"
    assert messages[2] == "line 5: postcode4 1012 already has another municipality on line 2"
    assert messages[3] == "line 6: expected 2 columns, found 1"
    assert "'abcd' is not a postcode" in messages[4]


def test_accept_valid_loads_the_valid_rows():
    report = postcodes_load(path=BROKEN_FILE, mode=ACCEPT_VALID)
    assert report.loaded and report.problem_count == 5
    assert mapping() == {"1012": ("GM0363", False), "2511": ("GM0518", False)}


def test_a_municipality_that_is_no_longer_current_is_refused(tmp_path):
    Municipality.objects.filter(code="GM0384").update(is_current=False)
    report = postcodes_load(path=CBS_FILE)
    assert not report.loaded
    assert [str(p) for p in report.problems] == [
        "line 6: gemeente2023 '0384' is not a current municipality",
        "line 7: gemeente2023 '0384' is not a current municipality",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("postcode,municipality\n1012,GM0363\n", "unknown header"),
        ("", "unknown header"),
        ("postcode4,gemeentecode\n", "not one valid row"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_as_a_whole(tmp_path, content, message):
    postcodes_load(path=SIMPLE_FILE)
    path = tmp_path / "file.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PostcodeFileError, match=message):
        postcodes_load(path=path, mode=ACCEPT_VALID)
    assert PostcodeArea.objects.count() == 7  # an unusable file never empties the mapping


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(PostcodeFileError, match="cannot be read"):
        postcodes_load(path=tmp_path / "nowhere.csv")


def test_the_command_reports_and_fails_without_loading(capsys):
    call_command("load_postcodes", str(SIMPLE_FILE))
    assert "postcode areas (postcode4-gemeentecode): 7 from 7 rows, 0 split; 7 new" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nothing loaded"):
        call_command("load_postcodes", str(BROKEN_FILE))
    assert "line 3: postcode4 '0123'" in capsys.readouterr().err
    assert PostcodeArea.objects.count() == 7


def test_samen_load_postcodes_runs_the_command(monkeypatch, capsys):
    # Django's own command runner closes the database connections when it ends, which would end the test's
    # transaction: run the argv the CLI hands to Django through call_command instead.
    handed = []
    monkeypatch.setattr(cli, "_django", handed.append)
    assert cli.main(["load-postcodes", str(CBS_FILE), "--mode", "accept-valid"]) == 0
    assert handed == [["load_postcodes", str(CBS_FILE), "--mode", "accept-valid"]]
    call_command(*handed[0])
    assert "3 from 7 rows, 1 split" in capsys.readouterr().out
    assert postcode_area_find("1111").municipality.name == "Diemen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1012 AB", Postcode("1012", "AB")),
        ("1012ab", Postcode("1012", "AB")),
        (" 1012  Ab ", Postcode("1012", "AB")),
        ("1012", Postcode("1012")),
        ("0123 AB", None),
        ("1012 A", None),
        ("1012-AB", None),
        ("Amsterdam", None),
        ("GM0363", None),
    ],
)
def test_postcodes_are_read_as_people_type_them(text, expected):
    assert postcode_parse(text) == expected
    if expected:
        assert str(expected) in ("1012 AB", "1012")


def test_an_area_in_a_municipality_that_is_no_longer_current_is_not_found():
    postcodes_load(path=SIMPLE_FILE)
    assert postcode_area_find("1012").municipality.code == "GM0363"
    Municipality.objects.filter(code="GM0363").update(is_current=False)
    assert postcode_area_find("1012") is None
