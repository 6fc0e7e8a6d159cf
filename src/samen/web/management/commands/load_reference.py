from django.core.management.base import BaseCommand

from samen.accounts.services import roles_load
from samen.geo.services import geography_load
from samen.guide.services import guide_load
from samen.taxonomy.services import vocabulary_load_all


class Command(BaseCommand):
    help = "Load the vocabulary versions, the reference geography and the roles' permissions from the data files."

    def handle(self, *args, **options):
        for version, created in vocabulary_load_all():
            self.stdout.write(f"vocabulary {version.version}: {'loaded' if created else 'already present'}")
        counts = geography_load()
        self.stdout.write(
            f"geography: {counts['municipalities']} municipalities, {counts['regions']} regions"
            f"{', ' + str(counts['retired']) + ' no longer current' if counts['retired'] else ''}"
        )
        guide = guide_load()
        self.stdout.write(f"wegwijzer: {guide['contacts']} new contacts, {guide['rulesets']} new rule sets")
        roles = roles_load()
        self.stdout.write(f"roles: {len(roles)} with {sum(roles.values())} permissions")
