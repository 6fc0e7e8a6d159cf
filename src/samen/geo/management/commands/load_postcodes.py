"""`samen load-postcodes FILE`: the postcode areas (PC4) and their municipality, for the Wegwijzer's "where"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samen.geo.postcodes import ALL_OR_NOTHING, MODES, PostcodeFileError, postcodes_load

PROBLEMS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Load the postcode areas (PC4) and the municipality each lies in, from CBS's 'Buurt, wijk en gemeente "
        "<year> voor postcode huisnummer' file (pc6hnr<year>0801_gwb.csv) or a CSV with the header "
        "postcode4,gemeentecode (docs/operations.md). The file is the whole mapping: running it again changes "
        "nothing, areas missing from a newer file are removed. Exit status 1 when nothing was loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CBS pc6hnr…_gwb.csv file, or a postcode4,gemeentecode CSV")
        parser.add_argument(
            "--mode",
            choices=MODES,
            default=ALL_OR_NOTHING,
            help="all-or-nothing (default): load nothing when any row has a problem; accept-valid: skip those rows",
        )

    def handle(self, *args, file: str, mode: str, **options):
        try:
            report = postcodes_load(path=Path(file), mode=mode)
        except PostcodeFileError as error:
            raise CommandError(str(error)) from error
        for problem in report.problems[:PROBLEMS_SHOWN]:
            self.stderr.write(str(problem))
        if report.problem_count > PROBLEMS_SHOWN:
            self.stderr.write(f"… and {report.problem_count - PROBLEMS_SHOWN} more rows with problems")
        self.stdout.write(report.summary())
        if not report.loaded:
            raise CommandError("nothing loaded: correct the rows above, or run again with --mode accept-valid")
