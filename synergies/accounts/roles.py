"""What a user is allowed to be: computed once per user object, used by every perms module."""

from dataclasses import dataclass, field

from synergies.accounts.enums import OrganisationRole, TerritoryRoleKind


@dataclass(frozen=True)
class RoleSet:
    is_authenticated: bool = False
    is_admin: bool = False
    is_national_steering: bool = False
    coordinator_territory_ids: frozenset[int] = frozenset()
    agent_territory_ids: frozenset[int] = frozenset()
    # territory id -> parties the user coordinates for in it
    coordinator_parties: dict[int, frozenset[str]] = field(default_factory=dict)
    # organisations on whose behalf the user acts as a defence agent
    agent_organisation_ids: frozenset[int] = frozenset()
    member_organisation_ids: frozenset[int] = frozenset()
    admin_organisation_ids: frozenset[int] = frozenset()

    @property
    def partner_territory_ids(self) -> frozenset[int]:
        return self.coordinator_territory_ids | self.agent_territory_ids

    @property
    def requires_mfa(self) -> bool:
        """MFA is mandatory for defence agents, coordinators, national steering and administrators."""
        return self.is_admin or self.is_national_steering or bool(self.partner_territory_ids)

    def coordinates(self, territory) -> bool:
        return territory is not None and territory.pk in self.coordinator_territory_ids

    def is_agent_in(self, territory) -> bool:
        return territory is not None and territory.pk in self.agent_territory_ids


ANONYMOUS = RoleSet()
_CACHE_ATTRIBUTE = "_synergies_roles"


def roles_of(user) -> RoleSet:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    coordinator, agent, agent_orgs = set(), set(), set()
    parties: dict[int, set[str]] = {}
    for territory_id, kind, party, organisation_id in user.territory_roles.values_list(
        "territory_id", "kind", "party", "organisation_id"
    ):
        if kind == TerritoryRoleKind.COORDINATOR:
            coordinator.add(territory_id)
            parties.setdefault(territory_id, set()).add(party)
        elif kind == TerritoryRoleKind.DEFENCE_AGENT:
            agent.add(territory_id)
            agent_orgs.add(organisation_id)
    members, admins = set(), set()
    for organisation_id, role in user.memberships.values_list("organisation_id", "role"):
        members.add(organisation_id)
        if role == OrganisationRole.ADMIN:
            admins.add(organisation_id)
    roles = RoleSet(
        is_authenticated=True,
        is_admin=user.is_superuser,
        is_national_steering=user.is_national_steering,
        coordinator_territory_ids=frozenset(coordinator),
        agent_territory_ids=frozenset(agent),
        coordinator_parties={k: frozenset(v) for k, v in parties.items()},
        agent_organisation_ids=frozenset(agent_orgs),
        # A defence agent acts on behalf of its organisation: it sees what that organisation sees.
        member_organisation_ids=frozenset(members | agent_orgs),
        admin_organisation_ids=frozenset(admins),
    )
    setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


def forget_roles(user) -> None:
    """Call after changing a user's roles within the same request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
