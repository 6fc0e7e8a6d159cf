import importlib
import json
import platform
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Run a benchmark from bench/ (in the checkout) and print one JSON object per result line."

    def add_arguments(self, parser):
        parser.add_argument("name", help="benchmark name, e.g. audit-chain")
        parser.add_argument("--n", type=int, default=10_000, help="size of the run")
        parser.add_argument("--json", action="store_true", help="JSON lines only (the default output is JSON too)")

    def handle(self, *args, name: str, n: int, **options):
        if n <= 0:
            raise CommandError("--n must be positive")
        sys.path.insert(0, str(Path.cwd()))
        try:
            module = importlib.import_module(f"bench.{name.replace('-', '_')}")
        except ModuleNotFoundError as error:
            raise CommandError(f"no benchmark {name!r} in bench/ (run from the checkout)") from error
        call_command("migrate", verbosity=0)
        context = {"machine": platform.machine(), "python": platform.python_version(), "database": connection.vendor}
        for result in module.run(n):
            self.stdout.write(json.dumps({**result, **context}))
