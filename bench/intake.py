"""Intake through the API under gunicorn on PostgreSQL, against the framework's floor on the same server.

`samen bench intake --n 10000` starts a throwaway PostgreSQL and a gunicorn with the production settings plus the
benchmark-only floor endpoint (samen.config.settings.bench), as `samen serve` runs it (3 workers, 4 threads each).
It creates an organisation and an API account with a token, then, at concurrency 1, 8 and 32 (threads, one
keep-alive connection each, 127.0.0.1 only), sends N requests to each of:

- POST /api/v1/signals/ with a synthetic signal and an Idempotency-Key: validation, normalisation, triage, audit,
  idempotency record, all of it;
- POST /bench/floor/: no validation, one INSERT, the least any write through Django can cost;
- POST /api/v1/signals/ with an empty JSON object, for context: the token and permission are checked, the body is
  refused (400) before anything is stored. What every request of a partner system costs before its signal is even
  read, so the ceiling of any intake design that authenticates each request.

One JSON line per endpoint and concurrency: throughput, p50/p95/p99 latency, errors. The target (issue #3): at
concurrency 8 the intake keeps at least half of the floor's throughput, with p95 under 150 ms.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager

from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.authtoken.models import Token

from samen.accounts.models import Organisation, User
from samen.demo.signal_world import api_body, synthetic_signal
from samen.geo.models import Municipality
from samen.taxonomy.selectors import term_current

from ._support import CHECKOUT, machine, percentiles, throwaway_postgres, vendor_and_version

OWN_DATABASE = True
CONCURRENCY = (1, 8, 32)
GUNICORN_WORKERS = 3  # as `samen serve`
GUNICORN_THREADS = 4
API = "/api/v1/signals/"
FLOOR = "/bench/floor/"
TARGET_SHARE_OF_FLOOR = 0.5
TARGET_P95_MS = 150


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _gunicorn(env: dict):
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads fills up with the warnings Django logs for every 4xx,
    # and then every request blocks on writing its log line.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "samen.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(GUNICORN_WORKERS),
                "--threads",
                str(GUNICORN_THREADS),
                "--timeout",
                "60",
            ],
            cwd=CHECKOUT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            _wait_until_healthy(server, port, log)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_until_healthy(server: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"gunicorn did not start: {log.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.2)


def _drive(
    port: int, path: str, bodies: list[bytes], concurrency: int, token: str, idempotent: bool, expected: int = 201
) -> dict:
    """Send every body once, from `concurrency` threads with a keep-alive connection each."""
    lock = threading.Lock()
    next_index = iter(range(len(bodies)))
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        seen: dict[int, int] = {}
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                break
            headers = {"Content-Type": "application/json", "Authorization": f"Token {token}"}
            if idempotent:
                headers["Idempotency-Key"] = str(uuid.uuid4())
            started = time.perf_counter()
            connection.request("POST", path, body=bodies[index], headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            seen[response.status] = seen.get(response.status, 0) + 1
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.close()
        with lock:
            latencies.extend(mine)
            for status, count in seen.items():
                statuses[status] = statuses.get(status, 0) + count

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "n": len(bodies),
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "throughput_per_second": round(len(bodies) / elapsed, 1),
        **percentiles(latencies),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "errors": sum(count for status, count in statuses.items() if status != expected),
    }


def _bodies(n: int) -> list[bytes]:
    now = timezone.now()
    return [json.dumps(api_body(synthetic_signal(index, now=now).data)).encode() for index in range(n)]


def run(n: int) -> list[dict]:
    bodies = _bodies(n)
    floor_body = b"{}"
    results = []
    with throwaway_postgres() as postgres:
        database = vendor_and_version(postgres)
        token = postgres.worker("intake", {"setup": True})[0]["token"]
        with _gunicorn(postgres.env) as port:
            load_before = os.getloadavg()[0]
            for concurrency in CONCURRENCY:
                for endpoint, path, payloads, idempotent, expected in (
                    ("floor", FLOOR, [floor_body] * n, False, 201),
                    ("intake", API, bodies, True, 201),
                    ("authenticated-refusal", API, [floor_body] * n, False, 400),
                ):
                    result = _drive(port, path, payloads, concurrency, token, idempotent, expected)
                    results.append({"bench": "intake", "endpoint": endpoint, **result, **database})
            load_after = os.getloadavg()[0]
    for result in results:
        if result["endpoint"] != "floor":
            floor = next(r for r in results if r["endpoint"] == "floor" and r["concurrency"] == result["concurrency"])
            result["share_of_floor"] = round(result["throughput_per_second"] / floor["throughput_per_second"], 2)
            if result["endpoint"] == "intake" and result["concurrency"] == 8:
                result["target_met"] = (
                    result["share_of_floor"] >= TARGET_SHARE_OF_FLOOR and result.get("p95_ms", 1e9) < TARGET_P95_MS
                )
    results.append(
        {
            "bench": "intake",
            "step": "context",
            "gunicorn": f"{GUNICORN_WORKERS} workers x {GUNICORN_THREADS} threads",
            "load_average_before": round(load_before, 2),
            "load_average_after": round(load_after, 2),
            **machine(),
            **database,
        }
    )
    return results


def worker(options: dict) -> list[dict]:
    """In a child process against the throwaway database: the organisation and the API account with a token."""
    organisation, _created = Organisation.objects.get_or_create(
        name="Partnersysteem (bench)",
        defaults={
            "type": term_current("organisation_type", "ngo"),
            "municipality": Municipality.objects.get(code="GM0344"),
        },
    )
    user, _created = User.objects.get_or_create(
        username="bench-api", defaults={"organisation": organisation, "email": "bench-api@example.org"}
    )
    codenames = ["submit_signals_api", "view_signals"]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="signals", codename__in=codenames))
    token, _created = Token.objects.get_or_create(user=user)
    return [{"token": token.key}]
