import shutil

import pytest
import yaml

from samen.accounts.roles import ROLE_SLUGS
from samen.taxonomy.models import Term, VocabularyVersion
from samen.taxonomy.selectors import term_current, terms_current, vocabulary_current
from samen.taxonomy.services import DATA_DIR, VocabularyError, vocabulary_load, vocabulary_validate

pytestmark = pytest.mark.django_db

FORMS = ["sexual", "labour", "criminal", "begging", "organ", "unknown"]


def test_all_exploitation_forms_are_there():
    assert [term.code for term in terms_current("exploitation_form")] == FORMS


@pytest.mark.parametrize(
    ("form", "minimum"), [("sexual", 15), ("labour", 15), ("criminal", 15), ("begging", 5), ("organ", 3)]
)
def test_each_form_has_enough_indicators_in_dutch_and_english_with_a_source(form, minimum):
    indicators = list(terms_current("indicator", parent=form))
    assert len(indicators) >= minimum
    for indicator in indicators:
        assert indicator.label_nl and indicator.label_en and indicator.source


def test_every_legal_basis_serves_known_purposes():
    purposes = {term.code for term in terms_current("purpose")}
    for basis in terms_current("legal_basis"):
        assert basis.extra["purposes"], basis.code
        assert set(basis.extra["purposes"]) <= purposes


def test_roles_and_organisation_types_cover_the_platform():
    assert {term.code for term in terms_current("role")} >= set(ROLE_SLUGS)
    assert {term.code for term in terms_current("organisation_type")} >= {
        "comensha",
        "zorgcoordinatie",
        "politie",
        "kmar",
        "arbeidsinspectie",
        "om",
        "gemeente",
        "riec-liec",
        "veilig-thuis",
        "zorg-opvang",
        "ngo",
        "ckm",
        "ministerie",
    }


def test_label_follows_the_active_language():
    from django.utils import translation

    term = term_current("exploitation_form", "labour")
    with translation.override("nl"):
        assert term.label == "Arbeidsuitbuiting"
    with translation.override("en"):
        assert term.label == "Labour exploitation"


def _new_version(tmp_path, version: str, **changes):
    data = yaml.safe_load((DATA_DIR / "vocabulary-2026.1.yaml").read_text(encoding="utf-8"))
    data["version"] = version
    data.update(changes)
    path = tmp_path / f"vocabulary-{version}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path, data


def test_a_new_version_never_rewrites_what_earlier_records_meant(tmp_path):
    old_term = term_current("exploitation_form", "labour")
    path, data = _new_version(tmp_path, "2027.1", published="2027-01-01")
    data["kinds"]["exploitation_form"][1]["nl"] = "Arbeidsuitbuiting (gewijzigd)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    version, created = vocabulary_load(path)
    assert created and vocabulary_current() == version
    assert term_current("exploitation_form", "labour").label_nl == "Arbeidsuitbuiting (gewijzigd)"
    old_term.refresh_from_db()
    assert old_term.label_nl == "Arbeidsuitbuiting" and old_term.version.version == "2026.1"


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    shutil.copy(DATA_DIR / "vocabulary-2026.1.yaml", tmp_path / "vocabulary-2026.1.yaml")
    count = Term.objects.count()
    _version, created = vocabulary_load(tmp_path / "vocabulary-2026.1.yaml")
    assert not created and Term.objects.count() == count


def test_an_edited_file_under_an_existing_version_is_refused(tmp_path):
    path, _data = _new_version(tmp_path, "2026.1", source="silently edited")
    with pytest.raises(VocabularyError, match="new version"):
        vocabulary_load(path)
    assert VocabularyVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["kinds"].pop("legal_basis"), "legal_basis"),
        (
            lambda d: d["kinds"]["indicator"].append({"code": "x", "nl": "x", "en": "x", "parent": "nope"}),
            "x",
        ),
        (lambda d: d["kinds"]["purpose"].append(dict(d["kinds"]["purpose"][0])), "twice"),
        (lambda d: d["kinds"]["role"][0].pop("en"), "en"),
    ],
)
def test_invalid_files_are_refused_with_the_problem_named(mutate, message):
    data = yaml.safe_load((DATA_DIR / "vocabulary-2026.1.yaml").read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(VocabularyError, match=message):
        vocabulary_validate(data)
