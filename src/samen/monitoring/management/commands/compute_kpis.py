from django.core.management.base import BaseCommand

from samen.monitoring.services import kpi_values_recompute


class Command(BaseCommand):
    help = (
        "Compute the KPIs that come from the platform's own data (signals received, days to routing, shares accepted "
        "within the deadline) and store one value per whole month. Run it after new data arrives, e.g. nightly."
    )

    def handle(self, *args, **options):
        stored = kpi_values_recompute()
        for slug, count in stored.items():
            self.stdout.write(f"{slug}: {count} monthly values")
