"""The `samen` command: demo, serve, and the operational tasks (see ARCHITECTURE.md's contracts)."""

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger("samen")

DEMO_SETTINGS = "samen.config.settings.demo"
PRODUCTION_SETTINGS = "samen.config.settings.production"
# `samen <name>` runs the Django management command of the same name (dashes for underscores).
MANAGEMENT_COMMANDS = {
    "load-reference": "load_reference",
    "load-postcodes": "load_postcodes",
    "seed-demo": "seed_demo",
    "seal-audit": "seal_audit",
    "verify-audit": "verify_audit",
    "onboard-organisation": "onboard_organisation",
    "bench": "bench",
    "purge": "purge",
    "report": "report",
    "load-plan": "load_plan",
}


def _choose_settings() -> None:
    """Embedded SQLite without a secret key means a demo database; anything else runs the production profile,
    which refuses to start without real secrets."""
    if "DJANGO_SETTINGS_MODULE" in os.environ:
        return
    url = os.environ.get("SAMEN_DATABASE_URL", "")
    embedded = url == "" or url.startswith("sqlite")
    demo = embedded and not os.environ.get("SAMEN_SECRET_KEY")
    os.environ["DJANGO_SETTINGS_MODULE"] = DEMO_SETTINGS if demo else PRODUCTION_SETTINGS


def _django(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - settings must be chosen first

    execute_from_command_line(["samen", *argv])


def _sealer(stop: threading.Event, interval: int) -> None:
    """Seal the audit trail every few seconds until told to stop."""
    from django.db import connection  # noqa: PLC0415

    from samen.audit.sealing import audit_seal_all  # noqa: PLC0415 - needs configured Django

    while not stop.wait(interval):
        try:
            audit_seal_all()
        except Exception:  # keep sealing: one failed round must not end the server
            log.exception("sealing the audit trail failed; retrying")
        finally:
            connection.close()


# The access log names the path, never the query string or the referring page: a Wegwijzer visitor's answers (who
# they are, what happens, their postcode) travel as GET parameters, and they must not reach any log.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


def gunicorn_command(*, bind: str, workers: int) -> list[str]:
    """How `samen serve` and `samen demo` run gunicorn."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "samen.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--timeout",
        "60",
    ]


def _serve(*, host: str, port: int, workers: int, prepare: list[list[str]], banner) -> int:
    import django  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415

    django.setup()
    for argv in prepare:
        _django(argv)
    banner()
    stop = threading.Event()
    sealer = threading.Thread(target=_sealer, args=(stop, settings.SAMEN_AUDIT_SEAL_INTERVAL), daemon=True)
    sealer.start()
    server = subprocess.Popen(
        gunicorn_command(bind=f"{host}:{port}", workers=workers),
        env=os.environ.copy(),
    )

    def _stop(signum, frame):
        server.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        code = server.wait()
    finally:
        stop.set()
    return code


def cmd_demo(args) -> int:
    db = Path(args.db).resolve() if args.db else Path.cwd() / "var" / "demo.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    os.environ["SAMEN_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = DEMO_SETTINGS
    os.environ.setdefault("SAMEN_STATE_DIR", str(db.parent))

    def banner():
        from samen.demo.world import DEMO_ACCOUNTS, DEMO_PASSWORD  # noqa: PLC0415

        print(f"\nSamen demo (synthetic data only) on http://127.0.0.1:{args.port}/", flush=True)
        print(f"database: {db}")
        print(f"demo accounts (password '{DEMO_PASSWORD}', no second factor in demo mode):")
        for role, organisation in DEMO_ACCOUNTS.items():
            print(f"  demo-{role:<18} {organisation}")
        print("Stop with Ctrl+C.\n", flush=True)

    # The plan loads after the demo world, so its action holders link to the demo organisations; the KPIs are
    # computed last, from the signals and shares just seeded.
    prepare = [
        ["migrate", "--noinput", "-v", "0"],
        ["load_reference"],
        ["seed_demo", "--signals", "300"],
        ["load_plan", "--demo"],
        ["compute_kpis"],
    ]
    return _serve(host="127.0.0.1", port=args.port, workers=2, prepare=prepare, banner=banner)


def cmd_serve(args) -> int:
    _choose_settings()
    prepare = [
        ["check", "--deploy", "--fail-level", "WARNING"],
        ["migrate", "--noinput"],
        ["load_reference"],
        ["collectstatic", "--noinput", "-v", "0"],
    ]
    if args.no_migrate:
        prepare = [prepare[0], prepare[3]]
    return _serve(
        host=args.host,
        port=args.port,
        workers=args.workers,
        prepare=prepare,
        banner=lambda: print(f"Samen serving on http://{args.host}:{args.port}/", flush=True),
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="samen", description=__doc__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="serve the platform on an embedded SQLite database with synthetic data")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--db", help="SQLite file (default: var/demo.sqlite3)")
    serve = sub.add_parser("serve", help="serve under gunicorn with the production settings")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=3)
    serve.add_argument("--no-migrate", action="store_true", help="do not migrate or load reference data at start")
    for name in MANAGEMENT_COMMANDS:
        sub.add_parser(name, add_help=False, help=f"run `{MANAGEMENT_COMMANDS[name]}` (see `samen {name} --help`)")
    sub.add_parser("manage", add_help=False, help="any Django management command, e.g. `samen manage createsuperuser`")
    sub.add_parser("import", add_help=False, help="`samen import signals FILE` (see `samen import signals --help`)")

    if argv and (argv[0] in MANAGEMENT_COMMANDS or argv[0] == "manage"):
        _choose_settings()
        rest = argv[1:] if argv[0] == "manage" else [MANAGEMENT_COMMANDS[argv[0]], *argv[1:]]
        _django(rest)
        return 0
    if argv and argv[0] == "import":
        if argv[1:2] != ["signals"]:
            parser.error("usage: samen import signals FILE [options]")
        _choose_settings()
        _django(["import_signals", *argv[2:]])
        return 0
    args = parser.parse_args(argv)
    if args.command == "demo":
        return cmd_demo(args)
    if args.command == "serve":
        return cmd_serve(args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
