"""The server is killed (SIGKILL) in the middle of a stream of submissions and started again. Every submission that
was acknowledged exists exactly once, and retrying the others with their Idempotency-Key duplicates nothing.

This drives a real gunicorn on a real SQLite file over HTTP and reads the file afterwards with sqlite3; it needs no
test database. PostgreSQL would prove the same thing again, so it runs on the SQLite pass only."""

import http.client
import json
import os
import queue
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("SAMEN_TEST_DB") == "postgres", reason="proven once, on the SQLite pass")

SUBMISSIONS = 160
KILL_AFTER = 40  # acknowledgements before the kill
SETUP = """
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from samen.accounts.models import Organisation, User
from samen.geo.models import Municipality
from samen.taxonomy.selectors import term_current

organisation = Organisation.objects.create(
    name="Partner", type=term_current("organisation_type", "gemeente"),
    municipality=Municipality.objects.get(code="GM0344"),
)
user = User.objects.create_user(username="koppeling", organisation=organisation)
user.user_permissions.add(Permission.objects.get(codename="submit_signals_api"))
print(Token.objects.create(user=user).key)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.port, self.process = env, log, _free_port(), None

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "samen.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes the workers down with the master
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/health/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not start:\n" + self.log.read_text(errors="replace")[-3000:])

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def submission(number: int) -> tuple[str, bytes]:
    key = f"stream-{number:04d}"
    body = {
        "source_type": "partner-system",
        "account": f"Advertentie {number} met wisselende namen bij hetzelfde nummer.",
        "own_reference": key,
        "persons": [{"role": "possible-victim", "identifiers": [{"kind": "phone", "value": f"0612{number:06d}"}]}],
    }
    return key, json.dumps(body).encode()


@pytest.fixture
def environment(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samen.config.settings.demo",
        "SAMEN_DATABASE_URL": f"sqlite:///{tmp_path / 'samen.sqlite3'}",
        "SAMEN_STATE_DIR": str(tmp_path),
    }
    env.pop("SAMEN_TEST_DB", None)

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    manage("migrate", "--noinput", "-v", "0")
    manage("load_reference")
    token = manage("shell", "-c", SETUP).strip().splitlines()[-1]
    return env, token, tmp_path / "samen.sqlite3"


def test_a_killed_server_loses_no_acknowledged_signal_and_duplicates_none(environment, tmp_path):
    env, token, database = environment
    server = Server(env, tmp_path / "server.log").start()
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    acknowledged: dict[str, int] = {}
    unacknowledged: set[str] = set()
    lock = threading.Lock()
    work: queue.Queue[int] = queue.Queue()
    for number in range(SUBMISSIONS):
        work.put(number)
    killed = threading.Event()
    unexpected: list = []  # any answer but 201 or no answer at all

    def client() -> None:
        while True:
            try:
                number = work.get_nowait()
            except queue.Empty:
                return
            key, body = submission(number)
            try:
                status, answer = request(
                    server.port, "POST", "/api/v1/signals/", body, {**headers, "Idempotency-Key": key}
                )
            except (OSError, http.client.HTTPException):
                status, answer = 0, b""  # no (complete) answer: the client cannot know whether it was stored
            with lock:
                if status == 201:
                    acknowledged[key] = json.loads(answer)["id"]
                else:
                    unacknowledged.add(key)
                    if status:
                        unexpected.append((key, status, answer[:300]))
                if len(acknowledged) >= KILL_AFTER and not killed.is_set():
                    killed.set()
                    server.kill()

    threads = [threading.Thread(target=client) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    assert killed.is_set() and unacknowledged, "the kill did not land in the middle of the stream"

    server = Server(env, tmp_path / "server.log").start()
    try:
        for number in range(SUBMISSIONS):
            key, body = submission(number)
            if key in unacknowledged or number % 10 == 0:
                status, answer = request(
                    server.port, "POST", "/api/v1/signals/", body, {**headers, "Idempotency-Key": key}
                )
                assert status in (200, 201), (key, status, answer[:300])
                if key in acknowledged:
                    assert (status, json.loads(answer)["id"]) == (200, acknowledged[key])
                else:
                    acknowledged[key] = json.loads(answer)["id"]
    finally:
        server.kill()

    with sqlite3.connect(database) as db:
        signals = dict(db.execute("SELECT own_reference, id FROM signals_signal").fetchall())
        per_reference = db.execute(
            "SELECT own_reference, COUNT(*) FROM signals_signal GROUP BY own_reference HAVING COUNT(*) > 1"
        ).fetchall()
        records = dict(db.execute("SELECT key, signal_id FROM signals_idempotencyrecord").fetchall())
        orphans = db.execute(
            "SELECT COUNT(*) FROM signals_signal WHERE id NOT IN (SELECT signal_id FROM signals_idempotencyrecord)"
        ).fetchone()[0]
    assert per_reference == []  # nothing duplicated
    assert orphans == 0  # no signal stored without the key that names it
    assert len(acknowledged) == SUBMISSIONS
    assert signals == acknowledged  # every acknowledged submission exists, exactly once, with the acknowledged id
    assert records == acknowledged
