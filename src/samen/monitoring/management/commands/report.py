"""`samen report progress --period 2025-H1 --format pdf|docx --out FILE`: the progress letter to Parliament."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samen.monitoring.report import FORMATS, Period, PeriodError, build_letter, letter_export_audit, letter_render


class Command(BaseCommand):
    help = (
        "Write the progress letter (voortgangsbrief) for a half-year period as PDF or DOCX, filled from the data. "
        "The same data gives the same document."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["progress"], help="which report: progress (the progress letter)")
        parser.add_argument("--period", required=True, help="half-year period: YYYY-H1 (Jan-Jun) or YYYY-H2 (Jul-Dec)")
        parser.add_argument("--format", choices=sorted(FORMATS), help="pdf or docx (default: from --out, else pdf)")
        parser.add_argument("--out", required=True, help="file to write")

    def handle(self, *args, report: str, period: str, format: str | None, out: str, **options):
        try:
            chosen = Period.parse(period)
        except PeriodError as error:
            raise CommandError(
                f"--period {period!r} is not a reporting period: write the year and the half, e.g. 2025-H1 "
                "(January-June) or 2025-H2 (July-December)"
            ) from error
        path = Path(out)
        fmt = format or (path.suffix.lstrip(".").lower() if path.suffix.lstrip(".").lower() in FORMATS else "pdf")
        if not path.parent.is_dir():
            raise CommandError(f"--out {out}: the folder {path.parent} does not exist")
        content = letter_render(build_letter(chosen), fmt)
        path.write_bytes(content)
        letter_export_audit(by=None, period=chosen, fmt=fmt, channel="cli")
        self.stdout.write(f"progress letter {chosen.code} ({fmt}): {path} ({len(content) // 1024} KiB)")
