"""The server's access log never holds a query string or a referring page: a Wegwijzer visitor's answers travel as
GET parameters (who they are, what happens, their postcode) and must not reach any log."""

import http.client
import os
import socket
import subprocess
import time

from samen.cli import gunicorn_command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, headers: dict) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_access_log_names_the_path_but_not_the_answers(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "samen.config.settings.demo",
        "SAMEN_DATABASE_URL": f"sqlite:///{tmp_path / 'samen.sqlite3'}",
        "SAMEN_STATE_DIR": str(tmp_path),
    }
    log = tmp_path / "access.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            gunicorn_command(bind=f"127.0.0.1:{port}", workers=1), env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            status = None
            while status != 200 and time.monotonic() < deadline:
                try:
                    status = _get(
                        port,
                        "/health/?who=victim&municipality=1012+AB",
                        {"Referer": "http://127.0.0.1/wegwijzer/?who=victim&form=sexual&municipality=1012+AB"},
                    )
                except OSError:
                    time.sleep(0.2)
            assert status == 200, log.read_text(errors="replace")[-2000:]
        finally:
            server.terminate()
            server.wait(timeout=30)
    written = log.read_text(errors="replace")
    assert '"GET /health/ HTTP/1.1" 200' in written
    for answer in ("victim", "1012", "sexual", "municipality", "wegwijzer"):
        assert answer not in written
