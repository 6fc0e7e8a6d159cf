import csv
from pathlib import Path

import pytest

from samen.geo.models import Municipality, Region, RegionKind
from samen.geo.services import (
    DATA_DIR,
    ReferenceDataError,
    UnknownMunicipality,
    geography_load,
    normalise_municipality_code,
    regions_serving,
)

pytestmark = pytest.mark.django_db


def test_every_municipality_of_2023_is_loaded():
    assert Municipality.objects.filter(is_current=True).count() == 342
    assert Region.objects.filter(kind=RegionKind.POLICE_UNIT).count() == 10


def test_every_municipality_maps_to_exactly_one_region_of_each_kind():
    for municipality in Municipality.objects.select_related(
        "police_unit", "riec_region", "veilig_thuis_region", "care_region"
    ):
        assert municipality.police_unit.kind == RegionKind.POLICE_UNIT
        assert municipality.riec_region.kind == RegionKind.RIEC_REGION
        assert municipality.veilig_thuis_region.kind == RegionKind.VEILIG_THUIS_REGION
        assert municipality.care_region.kind == RegionKind.CARE_REGION


@pytest.mark.parametrize(
    ("code", "name", "police_unit", "province"),
    [
        ("GM0363", "Amsterdam", "Amsterdam", "Noord-Holland"),
        ("GM0344", "Utrecht", "Midden-Nederland", "Utrecht"),
        ("GM0599", "Rotterdam", "Rotterdam", "Zuid-Holland"),
        ("GM0518", "'s-Gravenhage", "Den Haag", "Zuid-Holland"),
        ("GM0014", "Groningen", "Noord-Nederland", "Groningen"),
        ("GM0935", "Maastricht", "Limburg", "Limburg"),
        ("GM0772", "Eindhoven", "Oost-Brabant", "Noord-Brabant"),
        ("GM0034", "Almere", "Midden-Nederland", "Flevoland"),
        # Gooi en Vechtstreek lies in Noord-Holland but is policed by unit Midden-Nederland.
        ("GM0402", "Hilversum", "Midden-Nederland", "Noord-Holland"),
    ],
)
def test_known_mappings(code, name, police_unit, province):
    serving = regions_serving(code)
    assert serving.municipality.name == name
    assert serving.police_unit.name == police_unit
    assert serving.municipality.province == province


def test_veilig_thuis_and_care_region_of_amsterdam():
    serving = regions_serving("GM0363")
    assert serving.veilig_thuis_region.code == "vt-amsterdam-amstelland"
    assert serving.care_region.code == "zc-amsterdam"


@pytest.mark.parametrize("text", ["gm363", "GM0363", "363", " GM0363 "])
def test_codes_are_normalised(text):
    assert normalise_municipality_code(text) == "GM0363"


@pytest.mark.parametrize("text", ["", "GM99999", "Amsterdam", "GM0000", "GM12a4", "'; DROP TABLE x; --"])
def test_unknown_municipality_is_refused(text):
    with pytest.raises(UnknownMunicipality):
        regions_serving(text)


def _copy_data(tmp_path: Path) -> Path:
    for name in ("regions.csv", "municipalities.csv", "municipalities.meta.yaml"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    return tmp_path


def test_a_new_file_updates_without_code_changes(tmp_path):
    directory = _copy_data(tmp_path)
    rows = list(csv.DictReader((directory / "municipalities.csv").open(encoding="utf-8")))
    merged = [row for row in rows if row["code"] != "GM0353"]  # e.g. IJsselstein merged away
    with (directory / "municipalities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(merged)
    counts = geography_load(directory)
    assert counts == {"regions": 55, "municipalities": 341, "retired": 1}
    assert not Municipality.objects.get(code="GM0353").is_current


def test_a_file_with_an_unknown_region_is_refused_whole(tmp_path):
    directory = _copy_data(tmp_path)
    text = (directory / "municipalities.csv").read_text(encoding="utf-8").replace("pol-limburg", "pol-nowhere", 1)
    (directory / "municipalities.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="pol-nowhere"):
        geography_load(directory)
    assert Municipality.objects.get(code="GM0935").police_unit.code == "pol-limburg"
