"""The interface is Dutch first: every string in code and templates has a Dutch translation, compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "samen"
CATALOGUE = SOURCE / "locale" / "nl" / "LC_MESSAGES"


def _translated(entries) -> dict[str, str]:
    return {entry.msgid: entry.msgstr or str(entry.msgstr_plural) for entry in entries if entry.translated()}


def test_dutch_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source():
    source = _translated(polib.pofile(str(CATALOGUE / "django.po")))
    compiled = {
        entry.msgid: entry.msgstr or str(entry.msgstr_plural)
        for entry in polib.mofile(str(CATALOGUE / "django.mo"))
        if entry.msgid
    }
    assert compiled == source


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (make system-packages)")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "samen"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    subprocess.run(
        [str(Path(sys.executable).parent / "django-admin"), "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {entry.msgid for entry in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po")) if entry.msgid}
    known = {entry.msgid for entry in polib.pofile(str(CATALOGUE / "django.po"))}
    assert sorted(fresh - known) == [], "run `make messages` and translate the new strings"
