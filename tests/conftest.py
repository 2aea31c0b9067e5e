import pytest
from django.core.cache import cache

from synergies.accounts.enums import OrganisationRole, Party
from synergies.territories.models import Territory
from tests.factories import MembershipFactory, OrganisationFactory, TerritoryRoleFactory, UserFactory

pytest_plugins = [
    "tests.opportunities.fixtures",
    "tests.matching.fixtures",
    "tests.platforms.fixtures",
    "tests.events.fixtures",
    "tests.cohesion.fixtures",
]

ROLES = [
    "anonymous",
    "registered",
    "org_member",
    "org_admin",
    "defence_agent",
    "coordinator",
    "other_coordinator",
    "national_steering",
    "admin",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache, the matching indexes in the process:
    no test inherits another's (a rolled-back test leaves the index version where the next one starts,
    so a cached index would look current)."""
    from synergies.matching.services import forget_indexes

    cache.clear()
    forget_indexes()
    yield
    cache.clear()
    forget_indexes()


@pytest.fixture
def territories(db):
    """Reference territories and conventions come with `migrate` (and again after each flush)."""
    return {"bretagne": Territory.objects.get(code="53"), "normandie": Territory.objects.get(code="28")}


@pytest.fixture
def bretagne(territories):
    return territories["bretagne"]


@pytest.fixture
def convention(bretagne):
    return bretagne.current_convention


@pytest.fixture
def company(bretagne):
    return OrganisationFactory(name="Armor Usinage (test)", territory=bretagne)


@pytest.fixture
def other_company(bretagne):
    return OrganisationFactory(name="Kreiz Breizh Composites (test)", territory=bretagne)


@pytest.fixture
def people(territories, company):
    """One user per role of DESIGN.md (None for the anonymous visitor)."""
    bretagne, normandie = territories["bretagne"], territories["normandie"]
    agent_role = TerritoryRoleFactory(
        defence_agent=True,
        territory=bretagne,
        organisation=OrganisationFactory(name="DGA MI (test)", territory=bretagne),
    )
    return {
        "anonymous": None,
        "registered": UserFactory(email="inscrit@exemple.fr"),
        "org_member": MembershipFactory(organisation=company, user__email="membre@exemple.fr").user,
        "org_admin": MembershipFactory(
            organisation=company, role=OrganisationRole.ADMIN, user__email="admin-orga@exemple.fr"
        ).user,
        "defence_agent": agent_role.user,
        "coordinator": TerritoryRoleFactory(
            territory=bretagne, party=Party.REGION, user__email="coord@exemple.fr"
        ).user,
        "other_coordinator": TerritoryRoleFactory(
            territory=normandie, party=Party.STATE, user__email="coord-normandie@exemple.fr"
        ).user,
        "national_steering": UserFactory(national_steering=True, totp=True, email="pilotage@exemple.fr"),
        "admin": UserFactory(admin=True, totp=True, email="admin@exemple.fr"),
    }


@pytest.fixture
def client_for(client, people):
    """A test client logged in as the given role (MFA already passed for the roles that need it)."""
    from django.test import Client

    def make(role):
        new_client = Client()
        user = people[role]
        if user is not None:
            new_client.force_login(user)
        return new_client

    return make
