"""A throwaway PostgreSQL cluster for one test run: Unix socket only, no durability (speed), removed afterwards."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def _pg_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed: run `make system-packages` (Debian package postgresql)")
    return Path(candidates[-1]).parent


def _as_postgres(argv: list[str]) -> list[str]:
    # initdb and pg_ctl refuse to run as root; as root, run them as the postgres system user.
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class ThrowawayCluster:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="samen-pg-"))
        self.data = self.dir / "data"
        self.socket_dir = self.dir
        self.port = 5432 + (os.getpid() % 1000) + 1000
        self.user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")

    def start(self) -> "ThrowawayCluster":
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        binary = _pg_bin()
        subprocess.run(
            _as_postgres(
                [
                    str(binary / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    self.user,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -p {self.port} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            _as_postgres(
                [
                    str(binary / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-w",
                    "-l",
                    str(self.dir / "log"),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        return self

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(_pg_bin() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)
