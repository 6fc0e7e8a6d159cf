from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samen.demo.world import demo_world_create


class Command(BaseCommand):
    help = "Create the synthetic demo world (organisations, one demo account per role). Demo mode only."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=0, help="extra synthetic staff members to add")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed-demo only runs in demo mode (embedded SQLite, synthetic data).")
        if options["people"] < 0:
            raise CommandError("--people must be zero or more")
        accounts = demo_world_create(extra_people=options["people"])
        self.stdout.write(f"demo world ready: {len(accounts)} demo accounts")
