import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from synergies.accounts.enums import OrganisationRole, Party, TerritoryRoleKind
from synergies.accounts.models import OrganisationMembership, TerritoryRole, User
from synergies.directory.enums import OrganisationKind
from synergies.directory.models import Organisation
from synergies.territories.models import Territory

PASSWORD = "Un-mot-de-passe-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = "Test"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        self.save()

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """totp=True enrols a TOTP authenticator; the secret is kept on `user.totp_secret`."""
        if create and extracted:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)

    class Params:
        admin = factory.Trait(is_superuser=True, is_staff=True)
        national_steering = factory.Trait(is_national_steering=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.COMPANY
    territory = factory.LazyFunction(lambda: Territory.objects.get(code="53"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationRole.MEMBER


class TerritoryRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritoryRole

    user = factory.SubFactory(UserFactory, totp=True)
    territory = factory.LazyFunction(lambda: Territory.objects.get(code="53"))
    kind = TerritoryRoleKind.COORDINATOR
    party = Party.REGION
    organisation = None

    class Params:
        defence_agent = factory.Trait(
            kind=TerritoryRoleKind.DEFENCE_AGENT, party="", organisation=factory.SubFactory(OrganisationFactory)
        )


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
