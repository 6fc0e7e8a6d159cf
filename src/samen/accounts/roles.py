"""Roles are data: the slugs below name Django groups, and data/role-permissions.yaml gives each its permissions."""

from pathlib import Path

import yaml

ROLE_SLUGS = (
    "intake",
    "table-member",
    "table-chair",
    "analyst",
    "care-coordinator",
    "programme-staff",
    "privacy-officer",
    "functional-admin",
)
ROLE_PERMISSIONS_FILE = Path(__file__).parent / "data" / "role-permissions.yaml"


def role_permission_map(path: Path = ROLE_PERMISSIONS_FILE) -> dict[str, list[str]]:
    """{role slug: ["app_label.codename", ...]} as the data file says."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    roles = data["roles"]
    unknown = set(roles) - set(ROLE_SLUGS)
    if unknown:
        raise ValueError(f"unknown roles in {path.name}: {sorted(unknown)}")
    return {slug: list(roles.get(slug) or []) for slug in ROLE_SLUGS}
