from django.core.management.base import BaseCommand

from samen.audit.models import AuditSeal
from samen.audit.sealing import anchor_of, audit_seal_all


class Command(BaseCommand):
    help = "Seal the audit events committed since the last seal (run from cron, or let `samen serve` do it)."

    def add_arguments(self, parser):
        parser.add_argument("--export", metavar="FILE", help="also append the latest seal ('id:digest') to FILE")

    def handle(self, *args, **options):
        made = audit_seal_all()
        head = AuditSeal.objects.order_by("-id").first()
        anchor = anchor_of(head)
        self.stdout.write(f"sealed: {made} new seal(s); latest seal {anchor or '(none)'}")
        if options["export"] and anchor:
            with open(options["export"], "a", encoding="utf-8") as handle:
                handle.write(anchor + "\n")
