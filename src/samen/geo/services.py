"""Loading the reference geography and answering "which regions serve municipality X"."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Region, RegionKind

DATA_DIR = Path(__file__).parent / "data"
CODE_PATTERN = re.compile(r"^GM\d{4}$")
REGION_COLUMNS = [kind.value for kind in RegionKind]


class UnknownMunicipality(LookupError):
    code = "unknown_municipality"
    message = _("There is no municipality with this CBS code. Use 'GM' and four digits, e.g. GM0363.")


class ReferenceDataError(ValueError):
    pass


@dataclass(frozen=True)
class ServingRegions:
    municipality: Municipality
    police_unit: Region
    riec_region: Region
    veilig_thuis_region: Region
    care_region: Region


def normalise_municipality_code(value: str) -> str:
    """Accept 'gm363', 'GM0363' or '363'; return 'GM0363' or raise UnknownMunicipality."""
    text = (value or "").strip().upper()
    digits = text[2:] if text.startswith("GM") else text
    if not digits.isdigit() or len(digits) > 4:
        raise UnknownMunicipality(value)
    return "GM" + digits.zfill(4)


def regions_serving(code: str) -> ServingRegions:
    """The one region of each kind that serves a municipality. Raises UnknownMunicipality."""
    normalised = normalise_municipality_code(code)
    municipality = (
        Municipality.objects.select_related("police_unit", "riec_region", "veilig_thuis_region", "care_region")
        .filter(code=normalised)
        .first()
    )
    if municipality is None:
        raise UnknownMunicipality(code)
    return ServingRegions(
        municipality=municipality,
        police_unit=municipality.police_unit,
        riec_region=municipality.riec_region,
        veilig_thuis_region=municipality.veilig_thuis_region,
        care_region=municipality.care_region,
    )


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def geography_load(directory: Path = DATA_DIR) -> dict[str, int]:
    """Load regions.csv and municipalities.csv (upsert). Municipalities missing from the file become not current."""
    meta = yaml.safe_load((directory / "municipalities.meta.yaml").read_text(encoding="utf-8"))
    reference_date = meta["reference_date"]
    regions = {}
    for row in _read_csv(directory / "regions.csv"):
        if row["kind"] not in RegionKind.values:
            raise ReferenceDataError(f"regions.csv: unknown kind {row['kind']!r}")
        region, _created = Region.objects.update_or_create(
            code=row["code"], defaults={"kind": row["kind"], "name": row["name"]}
        )
        regions[region.code] = region
    seen = set()
    for line, row in enumerate(_read_csv(directory / "municipalities.csv"), start=2):
        if not CODE_PATTERN.match(row["code"]):
            raise ReferenceDataError(f"municipalities.csv line {line}: bad code {row['code']!r}")
        links = {}
        for column in REGION_COLUMNS:
            region = regions.get(row[column])
            if region is None or region.kind != column:
                raise ReferenceDataError(f"municipalities.csv line {line}: {column} {row[column]!r} is not known")
            links[column] = region
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "province": row["province"],
                "is_current": True,
                "reference_date": reference_date,
                **links,
            },
        )
        seen.add(row["code"])
    retired = Municipality.objects.exclude(code__in=seen).update(is_current=False)
    return {"regions": len(regions), "municipalities": len(seen), "retired": retired}
