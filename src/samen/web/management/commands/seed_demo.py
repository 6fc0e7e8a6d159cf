import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samen.demo.signals import demo_organisations_ensure, demo_signals_seed, real_signals_exist, synthetic_signals
from samen.demo.world import demo_world_create


class Command(BaseCommand):
    help = (
        "Create the synthetic demo world (organisations, one demo account per role) and, with --signals N, make sure "
        "it holds at least N synthetic signals. Demo mode only, unless --allow-non-demo (for benchmarks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=0, help="extra synthetic staff members to add")
        parser.add_argument(
            "--signals",
            type=int,
            default=0,
            help="make sure at least N synthetic signals exist (adds only the missing ones; a second run adds none)",
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="write signals in batches even for a small N (the default above 2,000 missing signals)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="processes writing batches at once on PostgreSQL (default: one per CPU, at most 4)",
        )
        parser.add_argument(
            "--allow-non-demo",
            action="store_true",
            help=(
                "seed synthetic signals into a database that is not a demo (a benchmark database): creates the "
                "demo organisations but no accounts, and refuses when the database holds any real signal"
            ),
        )

    def handle(self, *args, **options):
        people, signals = options["people"], options["signals"]
        self.verbosity = options["verbosity"]
        if people < 0:
            raise CommandError("--people must be zero or more")
        if signals < 0:
            raise CommandError("--signals must be zero or more")
        if settings.DEMO_MODE:
            accounts = demo_world_create(extra_people=people)
            self.stdout.write(f"demo world ready: {len(accounts)} demo accounts")
        else:
            self._refuse_unless_allowed(options["allow_non_demo"], people, signals)
            demo_organisations_ensure()
            self.stdout.write("demo organisations ready (no accounts: this is not a demo database)")
        if signals:
            workers = options["workers"] or min(4, os.cpu_count() or 1)
            self._seed_signals(signals, bulk=options["bulk"] or None, workers=workers)

    def _refuse_unless_allowed(self, allowed: bool, people: int, signals: int) -> None:
        if not allowed:
            raise CommandError(
                "seed-demo only runs in demo mode (embedded SQLite, synthetic data); "
                "for a benchmark database use --signals N --allow-non-demo."
            )
        if people or not signals:
            raise CommandError("--allow-non-demo only seeds signals: give --signals N and no --people.")
        if real_signals_exist():
            raise CommandError(
                "this database holds signals that are not synthetic (owned by organisations whose names do not end "
                "in '(demo)'); refusing to mix synthetic signals into it."
            )

    def _seed_signals(self, target: int, *, bulk: bool | None, workers: int) -> None:
        started = time.monotonic()

        def progress(done: int) -> None:
            if self.verbosity >= 1 and (done % 50_000 == 0 or done < 50_000 and done % 1_000 == 0):
                rate = done / max(time.monotonic() - started, 1e-9)
                self.stderr.write(f"  {done:,} signals written ({rate:,.0f}/s)")

        added = demo_signals_seed(target=target, bulk=bulk, workers=workers, progress=progress)
        elapsed = time.monotonic() - started
        total = synthetic_signals().count()
        self.stdout.write(f"synthetic signals: {added:,} added in {elapsed:.1f} s, {total:,} in the database")
