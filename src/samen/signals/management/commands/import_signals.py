"""`samen import signals FILE`: stream a CSV or JSON Lines file of signals into an organisation."""

import sys
from pathlib import Path

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from samen.accounts.models import Organisation, User
from samen.signals.importing import (
    ALL_OR_NOTHING,
    BATCH_SIZE,
    FORMATS,
    MODES,
    ImportRefused,
    RowError,
    format_for,
    signals_import,
)

PHASES = {"validate": "validating", "import": "importing"}


class Command(BaseCommand):
    help = (
        "Import signals from a CSV or JSON Lines file (columns and shape: docs/import.md). Exit status: 0 every row "
        "stored, 1 nothing stored (bad file, or all-or-nothing with failing rows), 2 some rows rejected "
        "(accept-valid)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .csv or .jsonl file")
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name's extension")
        parser.add_argument(
            "--mode",
            choices=MODES,
            default=ALL_OR_NOTHING,
            help="all-or-nothing (default): store nothing when any row fails; accept-valid: store the valid rows",
        )
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--organisation", help="name of the organisation that will own the signals")
        owner.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="the importing account: its organisation owns the signals, it is the reporter and audit actor",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help="rows checked and written together; in accept-valid also the rows per transaction",
        )
        parser.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")

    def handle(self, *args, file: str, format: str | None, mode: str, organisation: str | None, as_user, **options):
        organisation_obj, actor = self._owner(organisation, as_user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            fmt = format_for(path.name, format)
        except ImportRefused as error:
            raise CommandError(f"{file}: {error.message}") from error
        show = options["progress"] or sys.stderr.isatty()
        bar = tqdm(total=path.stat().st_size, unit="B", unit_scale=True, file=sys.stderr, disable=not show, leave=False)
        phase = {"name": ""}

        def on_progress(name: str, position: int | None) -> None:
            if name != phase["name"]:
                phase["name"] = name
                bar.reset()
                bar.set_description(PHASES[name])
            if position is not None:
                bar.update(position - bar.n)

        def on_error(error: RowError) -> None:
            with tqdm.external_write_mode(file=sys.stderr):
                self.stdout.write(str(error))

        try:
            with path.open("rb") as stream:
                report = signals_import(
                    stream=stream,
                    fmt=fmt,
                    mode=mode,
                    organisation=organisation_obj,
                    actor=actor,
                    batch_size=options["batch_size"],
                    max_errors=0,  # printed as they come; the report need not hold them
                    on_error=on_error,
                    on_progress=on_progress,
                )
        except ImportRefused as error:
            raise CommandError(f"{file}: {error.field}: {error.code} ({error.message})") from error
        finally:
            bar.close()
        if not report.stored:
            raise CommandError(
                f"nothing stored: {report.rejected} of {report.rows} rows have errors (mode {mode})", returncode=1
            )
        self.stdout.write(
            f"{report.accepted} of {report.rows} rows stored as signals of {organisation_obj.name}, "
            f"{report.rejected} rejected (mode {mode})"
        )
        if report.rejected:
            raise CommandError(f"{report.rejected} rows rejected", returncode=2)

    def _owner(self, name: str | None, username: str | None) -> tuple[Organisation, User | None]:
        if username:
            user = User.objects.filter(username=username, is_active=True).select_related("organisation").first()
            if user is None:
                raise CommandError(f"no active account {username!r}")
            if user.organisation is None:
                raise CommandError(f"account {username!r} belongs to no organisation")
            return user.organisation, user
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            raise CommandError(f"no organisation named {name!r}")
        return organisation, None
