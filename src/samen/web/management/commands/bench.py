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
        parser.add_argument(
            "--worker",
            metavar="JSON",
            help="internal: run the benchmark's worker(options) in this process (benchmarks that start their own "
            "database run their measurements in a child process this way)",
        )

    def handle(self, *args, name: str, n: int, **options):
        if n <= 0:
            raise CommandError("--n must be positive")
        sys.path.insert(0, str(Path.cwd()))
        try:
            module = importlib.import_module(f"bench.{name.replace('-', '_')}")
        except ModuleNotFoundError as error:
            raise CommandError(f"no benchmark {name!r} in bench/ (run from the checkout)") from error
        context = {"machine": platform.machine(), "python": platform.python_version(), "database": connection.vendor}
        if options["worker"] is not None:
            results = module.worker(json.loads(options["worker"]))
        else:
            # A benchmark that brings its own database (OWN_DATABASE) reports that database's vendor itself.
            if not getattr(module, "OWN_DATABASE", False):
                call_command("migrate", verbosity=0)
            results = module.run(n)
        for result in results:
            self.stdout.write(json.dumps({**context, **result}), ending="\n")
            self.stdout.flush()
