"""Deployment profiles: production passes Django's deploy check; demo refuses a server database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMEN = str(Path(sys.executable).parent / "samen")


def _run(argv: list[str], **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    environment.update(env)
    return subprocess.run(argv, env=environment, cwd=ROOT, capture_output=True, text=True, timeout=120)


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "samen.config.settings.production",
    "SAMEN_SECRET_KEY": "p" * 20 + "-not-a-real-secret-but-long-enough-" + "q" * 20,
    "SAMEN_PSEUDONYM_KEY": "k" * 40,
    "SAMEN_ALLOWED_HOSTS": "samen.example.org",
    "SAMEN_DATABASE_URL": "postgres://samen@localhost/samen",
}


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _run([SAMEN, "manage", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SAMEN_SECRET_KEY", "SAMEN_PSEUDONYM_KEY"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _run([SAMEN, "manage", "check"], **env)
    assert result.returncode != 0 and missing in result.stderr


def test_demo_refuses_a_server_database():
    result = _run(
        [SAMEN, "manage", "check"],
        DJANGO_SETTINGS_MODULE="samen.config.settings.demo",
        SAMEN_DATABASE_URL="postgres://samen@localhost/samen",
    )
    assert result.returncode != 0 and "embedded SQLite database only" in result.stderr


def test_cli_uses_demo_settings_only_for_an_embedded_database_without_secret(tmp_path):
    result = _run([SAMEN, "manage", "diffsettings"], SAMEN_DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert "DEMO_MODE = True" in result.stdout
    result = _run([SAMEN, "manage", "check"], SAMEN_DATABASE_URL="postgres://samen@localhost/samen")
    assert result.returncode != 0 and "SAMEN_SECRET_KEY" in result.stderr
