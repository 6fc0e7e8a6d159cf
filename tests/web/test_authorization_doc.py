"""docs/authorization.md must list every permission of Samen, and agree with the role data file."""

import re
from pathlib import Path

import pytest

from django.apps import apps

from samen.accounts.roles import ROLE_SLUGS, role_permission_map

DOC = Path(__file__).resolve().parents[2] / "docs" / "authorization.md"


def _matrix() -> dict[str, set[str]]:
    rows = {}
    header = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0] == "permission":
            header = cells
        elif header and len(cells) == len(header) and re.fullmatch(r"`[a-z_]+\.[a-z_]+`", cells[0]):
            permission = cells[0].strip("`")
            rows[permission] = {role for role, cell in zip(header[2:], cells[2:], strict=True) if cell == "✓"}
    return rows


def samen_permissions() -> set[str]:
    permissions = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("samen."):
            continue
        for model in config.get_models():
            permissions |= {f"{config.label}.{codename}" for codename, _label in model._meta.permissions}
    return permissions


def test_the_matrix_names_every_role():
    header = next(line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| permission"))
    assert [cell.strip() for cell in header.strip("|").split("|")][2:] == list(ROLE_SLUGS)


@pytest.mark.parametrize("permission", sorted(samen_permissions()))
def test_every_permission_is_documented(permission):
    assert permission in _matrix(), f"{permission} is missing from docs/authorization.md"


def test_the_doc_agrees_with_the_role_data_file():
    documented = _matrix()
    for role, permissions in role_permission_map().items():
        for permission in samen_permissions():
            assert (permission in permissions) == (role in documented.get(permission, set())), (
                role,
                permission,
            )
