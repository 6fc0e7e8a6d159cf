from django.core.management.base import BaseCommand

from samen.tables.retention import purge


class Command(BaseCommand):
    help = "Delete soft signals that were never routed and are past their retention period (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only list what would be deleted")

    def handle(self, *args, dry_run: bool, **options):
        candidates = purge(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for candidate in candidates:
            self.stdout.write(f"{verb} {candidate.signal.reference} (due {candidate.due:%Y-%m-%d}: {candidate.reason})")
        self.stdout.write(f"{len(candidates)} signal(s) {verb}")
