import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group

from samen.accounts.models import Organisation, User
from samen.geo.models import Municipality
from samen.taxonomy.selectors import term_current

PASSWORD = "een-lang-wachtwoord-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = factory.LazyFunction(lambda: term_current("organisation_type", "gemeente"))
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="GM0344"))

    class Params:
        police = factory.Trait(type=factory.LazyFunction(lambda: term_current("organisation_type", "politie")))


class UserFactory(factory.django.DjangoModelFactory):
    """A person; `roles=[...]` gives role groups, `with_totp=True` an enrolled authenticator."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"persoon{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def with_totp(self, create, extracted, **kwargs):
        if create and extracted:
            TOTPDevice.objects.create(user=self, name="authenticator", confirmed=True)
        self.save()
