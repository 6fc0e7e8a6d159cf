from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samen.demo.programme import demo_progress_seed
from samen.monitoring.loading import DATA_FILE, PlanFileError, plan_load


class Command(BaseCommand):
    help = (
        "Load the action plan of 'Samen tegen mensenhandel' from its data file: ambition, strategic goals, action "
        "lines, operational goals and actions, funded projects, programme figures and KPIs, each with its source "
        "document. Idempotent: a second run brings the same items up to date and adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="the plan file (default: the one shipped)")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="demo mode only: also add synthetic progress updates (2024-H2 and 2025-H1) for most actions",
        )

    def handle(self, *args, **options):
        if options["demo"] and not settings.DEMO_MODE:
            raise CommandError("--demo adds synthetic progress updates and runs in demo mode only")
        try:
            report = plan_load(path=Path(options["file"]))
        except PlanFileError as error:
            raise CommandError(f"the plan file is not valid: {error}") from error
        self.stdout.write(report.summary())
        if options["demo"]:
            added = demo_progress_seed()
            self.stdout.write(f"synthetic progress updates: {added} added")
