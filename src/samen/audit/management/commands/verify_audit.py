from django.core.management.base import BaseCommand, CommandError

from samen.audit.sealing import anchor_of, audit_verify


class Command(BaseCommand):
    help = "Walk the audit trail's hash chain; exit non-zero naming the first broken event or seal."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            default="",
            help="a seal exported earlier ('id:digest'); fails if the chain no longer has it",
        )

    def handle(self, *args, **options):
        result = audit_verify(anchor=options["anchor"])
        if not result.ok:
            raise CommandError(f"audit trail BROKEN: {result.problem} (checked {result.seals} seals before it)")
        self.stdout.write(
            f"audit trail intact: {result.seals} seals covering {result.events} events; "
            f"latest seal {anchor_of(result.head) or '(none)'}"
        )
