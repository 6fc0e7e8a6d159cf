"""What the PostgreSQL benchmarks share: a throwaway cluster (the one the tests use), the environment for processes
that run Samen against it under the benchmark settings, and running such processes.

Work that must happen inside Samen against the throwaway database runs in a child process:
`samen bench NAME --worker JSON` calls the benchmark module's `worker(options)` there and prints its JSON lines.
"""

import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import quote

import psycopg
from tests.postgres import ThrowawayCluster

CHECKOUT = Path(__file__).resolve().parent.parent
BENCH_SETTINGS = "samen.config.settings.bench"
DATABASE = "samen"


def machine() -> dict:
    """The machine a figure was measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
        )
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "date": date.today().isoformat(),
    }


def percentiles(samples: list[float]) -> dict:
    """p50, p95 and p99 of `samples` (seconds) in milliseconds, nearest-rank."""
    ordered = sorted(samples)
    if not ordered:
        return {}

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]

    return {f"p{p}_ms": round(rank(p) * 1000, 2) for p in (50, 95, 99)}


class Postgres:
    """A started throwaway cluster with an empty, migrated `samen` database and the environment to reach it."""

    def __init__(self, cluster: ThrowawayCluster, state_dir: Path):
        self.cluster = cluster
        self.state_dir = state_dir
        host = quote(str(cluster.socket_dir), safe="")
        self.url = f"postgres://{cluster.user}@{host}:{cluster.port}/{DATABASE}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
            "SAMEN_DATABASE_URL": self.url,
            "SAMEN_SECRET_KEY": secrets.token_urlsafe(64),
            "SAMEN_PSEUDONYM_KEY": secrets.token_urlsafe(48),
            "SAMEN_SSL_REDIRECT": "false",
            "SAMEN_ALLOWED_HOSTS": "127.0.0.1",
            "SAMEN_STATE_DIR": str(state_dir),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH", "")])),
        }

    def connect(self, dbname: str = DATABASE) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.cluster.socket_dir),
            port=self.cluster.port,
            user=self.cluster.user,
            dbname=dbname,
            autocommit=True,
        )

    def samen(self, *argv: str, capture: bool = True) -> subprocess.CompletedProcess:
        """Run `samen ARGV` against this database, from the checkout; raise with its output when it fails."""
        result = subprocess.run(
            [sys.executable, "-m", "samen.cli", *argv],
            cwd=CHECKOUT,
            env=self.env,
            capture_output=capture,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"samen {' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def worker(self, bench: str, options: dict) -> list[dict]:
        """Run `worker(options)` of bench/<bench>.py in a child process against this database."""
        result = self.samen("bench", bench, "--worker", json.dumps(options))
        return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _terminated(signum, frame):
    raise SystemExit(f"terminated by signal {signum}")


@contextmanager
def throwaway_postgres() -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster with the Samen schema and reference data; removed afterwards, also when the
    benchmark is terminated (SIGTERM), so no cluster outlives its run."""
    previous = signal.signal(signal.SIGTERM, _terminated)
    cluster = ThrowawayCluster().start()
    state_dir = Path(tempfile.mkdtemp(prefix="samen-bench-"))
    try:
        postgres = Postgres(cluster, state_dir)
        with postgres.connect("postgres") as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        postgres.samen("manage", "migrate", "--noinput", "-v", "0")
        postgres.samen("load-reference")
        yield postgres
    finally:
        cluster.stop()
        shutil.rmtree(state_dir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


def vendor_and_version(postgres: Postgres) -> dict:
    with postgres.connect() as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return {"database": "postgresql", "database_version": version}
