"""The streaming import against PostgreSQL's COPY of the same rows, side by side in one run.

`samen bench import-signals --n 1000000` starts a throwaway PostgreSQL, writes N synthetic signals as JSON Lines
(the API's body shape) to a temporary file, and then:

- runs `samen import signals FILE --mode accept-valid` in a child process: rows/s, and the child's peak RSS (its
  VmHWM, sampled while it runs);
- COPYs the rows the import stored (signals, their forms, indicators, persons, identifiers, history rows and audit
  events) into the same tables of a second database made from the same empty, migrated template: the rate at which
  PostgreSQL takes the same rows by COPY, indexes, constraints and generated columns included. This is the baseline
  of the target (decision 0014): what the import adds over the database's own bulk load is checking, normalising,
  triaging and building these rows;
- also COPYs the file's lines into a scratch table with one jsonb column and no index, for context: the rate at
  which PostgreSQL takes the raw lines at all.

Targets (issue #3): peak RSS under 500 MB whatever the file size, and at least a fifth of COPY's rate.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from psycopg import sql

from django.utils import timezone

from samen.accounts.models import Organisation
from samen.demo.signal_world import api_body, synthetic_signal
from samen.geo.models import Municipality
from samen.taxonomy.selectors import term_current

from ._support import CHECKOUT, DATABASE, machine, throwaway_postgres, vendor_and_version

OWN_DATABASE = True
COPY_DATABASE = "samen_copy"
# What the import writes, in an order that satisfies the foreign keys.
IMPORT_TABLES = (
    "signals_signal",
    "signals_signal_forms",
    "signals_signal_indicators",
    "signals_involvedperson",
    "signals_identifier",
    "signals_signalevent",
    "audit_auditevent",
)
ORGANISATION = "Partnersysteem (bench)"
TARGET_SHARE_OF_COPY = 0.2
TARGET_PEAK_RSS_MB = 500


def _write_rows(path: Path, n: int) -> int:
    """Write N JSON Lines rows, one at a time (the generator itself must not hold the file in memory)."""
    now = timezone.now()
    with path.open("w", encoding="utf-8") as out:
        for index in range(n):
            out.write(json.dumps(api_body(synthetic_signal(index, now=now).data), ensure_ascii=False))
            out.write("\n")
    return path.stat().st_size


def _peak_rss_kb(pid: int) -> int:
    """The process's own high-water mark (VmHWM). Not ru_maxrss: Linux carries the parent's RSS at fork into the
    child's ru_maxrss, so a child smaller than its parent would report the parent's size."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _import(postgres, path: Path) -> dict:
    """Run `samen import signals` in a child process, sampling its peak RSS until it ends."""
    started = time.perf_counter()
    with (path.parent / "import.out").open("w+b") as out:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samen.cli",
                "import",
                "signals",
                str(path),
                "--mode",
                "accept-valid",
                "--organisation",
                ORGANISATION,
            ],
            cwd=CHECKOUT,
            env=postgres.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        peak_kb = 0
        try:
            while child.poll() is None:
                peak_kb = max(peak_kb, _peak_rss_kb(child.pid))
                time.sleep(0.2)
        finally:
            if child.poll() is None:  # the benchmark itself was stopped: do not leave the import running
                child.terminate()
                child.wait()
        elapsed = time.perf_counter() - started
        out.seek(0)
        output = out.read().decode(errors="replace").strip().splitlines()
    return {
        "seconds": elapsed,
        "exit_status": child.returncode,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "summary": output[-3:],
    }


def _stored_columns(connection, table: str) -> sql.Composable:
    """The columns a COPY can write: not the generated ones (the search vector), which PostgreSQL computes."""
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return sql.SQL(", ").join(sql.Identifier(name) for (name,) in rows)


def _copy_same_rows(postgres, directory: Path) -> dict:
    """Export what the import added to each table (rows beyond the template's), then COPY it into the same tables
    of the copy database in one transaction, timing only the COPY in."""
    exported: list[tuple[sql.Identifier, sql.Composable, Path]] = []
    rows_copied = 0
    with postgres.connect(COPY_DATABASE) as target, postgres.connect() as source:
        for name in IMPORT_TABLES:
            table, columns = sql.Identifier(name), _stored_columns(source, name)
            (already,) = target.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(table)).fetchone()
            dump = directory / f"{name}.copy"
            with dump.open("wb") as out, source.cursor() as cursor:
                query = sql.SQL("COPY (SELECT {} FROM {} WHERE id > {} ORDER BY id) TO STDOUT").format(
                    columns, table, sql.Literal(already)
                )
                with cursor.copy(query) as copy:
                    for chunk in copy:
                        out.write(chunk)
            exported.append((table, columns, dump))
        started = time.perf_counter()
        with target.transaction(), target.cursor() as cursor:
            for table, columns, dump in exported:
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(table, columns)
                with cursor.copy(statement) as copy, dump.open("rb") as rows:
                    while chunk := rows.read(1 << 20):
                        copy.write(chunk)
                rows_copied += cursor.rowcount
        elapsed = time.perf_counter() - started
    for _table, _columns, dump in exported:
        dump.unlink()
    return {"seconds": elapsed, "rows": rows_copied}


def _copy(postgres, path: Path) -> float:
    with postgres.connect() as connection:
        connection.execute("CREATE TABLE bench_import_scratch (body jsonb NOT NULL)")
        started = time.perf_counter()
        statement = "COPY bench_import_scratch (body) FROM STDIN"
        with (
            connection.transaction(),
            connection.cursor() as cursor,
            cursor.copy(statement) as copy,
            path.open(encoding="utf-8") as rows,
        ):
            for line in rows:
                copy.write_row((line.rstrip("\n"),))
        elapsed = time.perf_counter() - started
        connection.execute("DROP TABLE bench_import_scratch")
    return elapsed


def run(n: int) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="samen-bench-import-") as directory:
        path = Path(directory) / "signals.jsonl"
        started = time.perf_counter()
        size = _write_rows(path, n)
        generated = time.perf_counter() - started
        with throwaway_postgres() as postgres:
            database = vendor_and_version(postgres)
            postgres.worker("import-signals", {"setup": True})
            with postgres.connect("postgres") as connection:  # the empty, migrated database, as the import finds it
                connection.execute(f"CREATE DATABASE {COPY_DATABASE} TEMPLATE {DATABASE}")
            raw_seconds = _copy(postgres, path)
            imported = _import(postgres, path)
            stored = postgres.worker("import-signals", {"count": True})[0]["signals"]
            same_rows = _copy_same_rows(postgres, Path(directory))
    copy_rate = n / same_rows["seconds"]
    import_rate = n / imported["seconds"]
    common = {"bench": "import-signals", "n": n, "file_mb": round(size / 1024 / 1024, 1), **database}
    generate = {"seconds": round(generated, 1), "throughput_per_second": round(n / generated)}
    return [
        {**common, "step": "generate-file", **generate},
        {
            **common,
            "step": "copy-raw-lines",
            "seconds": round(raw_seconds, 2),
            "throughput_per_second": round(n / raw_seconds, 1),
        },
        {
            **common,
            "step": "copy-same-rows",
            "seconds": round(same_rows["seconds"], 2),
            "throughput_per_second": round(copy_rate, 1),
            "table_rows": same_rows["rows"],
        },
        {
            **common,
            "step": "import",
            "mode": "accept-valid",
            "seconds": round(imported["seconds"], 2),
            "throughput_per_second": round(import_rate, 1),
            "stored": stored,
            "exit_status": imported["exit_status"],
            "peak_rss_mb": imported["peak_rss_mb"],
            "share_of_copy": round(import_rate / copy_rate, 4),
            "share_of_raw_copy": round(import_rate / (n / raw_seconds), 4),
            "target_met": import_rate / copy_rate >= TARGET_SHARE_OF_COPY
            and imported["peak_rss_mb"] < TARGET_PEAK_RSS_MB,
            "summary": imported["summary"],
        },
        {**common, "step": "context", "parent_peak_rss_mb": _own_peak_mb(), **machine()},
    ]


def _own_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def worker(options: dict) -> list[dict]:
    """In a child process against the throwaway database: the owning organisation, or the count afterwards."""
    if options.get("count"):
        return [{"signals": Organisation.objects.get(name=ORGANISATION).signals.count()}]
    Organisation.objects.get_or_create(
        name=ORGANISATION,
        defaults={
            "type": term_current("organisation_type", "ngo"),
            "municipality": Municipality.objects.get(code="GM0344"),
        },
    )
    return [{"organisation": ORGANISATION}]
