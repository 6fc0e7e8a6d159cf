from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samen.accounts.services import organisation_onboard
from samen.geo.services import UnknownMunicipality
from samen.taxonomy.models import Term


class Command(BaseCommand):
    help = "Register an organisation with its first functional admin; prints the admin's initial password once."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", required=True, help="organisation type code from the vocabulary, e.g. gemeente")
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0344")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-email", required=True)

    def handle(self, *args, **options):
        try:
            organisation, admin, password = organisation_onboard(
                name=options["name"],
                type_code=options["type"],
                municipality_code=options["municipality"],
                admin_username=options["admin_username"],
                admin_email=options["admin_email"],
            )
        except Term.DoesNotExist as error:
            raise CommandError(f"unknown organisation type {options['type']!r}") from error
        except UnknownMunicipality as error:
            raise CommandError(f"unknown municipality {options['municipality']!r}") from error
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from error
        self.stdout.write(f"organisation {organisation.name} (id {organisation.pk}) registered")
        self.stdout.write(f"functional admin {admin.username}, initial password: {password}")
        self.stdout.write("Hand the password over in person; the admin sets up a second factor at first sign-in.")
