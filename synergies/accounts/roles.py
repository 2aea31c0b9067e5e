"""What a user is allowed to be: computed once per user object, used by every perms module.

Two rules hold here, for every way in (session, API token, personal feed key), so that no entry
point can forget them:
- a role that requires MFA counts only once the person has enrolled a second factor (TOTP);
  until then the person has the rights of a plain registered user and `mfa_missing` is set;
- a defence agent acts for one organisation in one territory: rights come from
  (territory, organisation) pairs, never from a set of territories crossed with a set of
  organisations.
"""

from dataclasses import dataclass, field

from synergies.accounts.enums import OrganisationRole, TerritoryRoleKind


@dataclass(frozen=True)
class RoleSet:
    is_authenticated: bool = False
    is_admin: bool = False
    is_national_steering: bool = False
    coordinator_territory_ids: frozenset[int] = frozenset()
    # territory id -> parties the user coordinates for in it
    coordinator_parties: dict[int, frozenset[str]] = field(default_factory=dict)
    # (territory id, organisation id): in this territory, the user acts as a defence agent for this organisation
    agent_pairs: frozenset[tuple[int, int]] = frozenset()
    member_organisation_ids: frozenset[int] = frozenset()
    admin_organisation_ids: frozenset[int] = frozenset()
    # The user holds a role that requires MFA but has not enrolled: that role is not in this set.
    mfa_missing: bool = False

    @property
    def agent_territory_ids(self) -> frozenset[int]:
        return frozenset(territory_id for territory_id, _ in self.agent_pairs)

    @property
    def partner_territory_ids(self) -> frozenset[int]:
        return self.coordinator_territory_ids | self.agent_territory_ids

    @property
    def requires_mfa(self) -> bool:
        """MFA is mandatory for defence agents, coordinators, national steering and administrators."""
        return self.mfa_missing or self.is_admin or self.is_national_steering or bool(self.partner_territory_ids)

    def coordinates(self, territory) -> bool:
        return territory is not None and territory.pk in self.coordinator_territory_ids

    def is_agent_in(self, territory) -> bool:
        return territory is not None and territory.pk in self.agent_territory_ids

    def agent_organisation_ids_in(self, territory_id: int | None) -> frozenset[int]:
        """The organisations the user acts for as a defence agent in this territory."""
        return frozenset(org for territory, org in self.agent_pairs if territory == territory_id)

    def acts_for(self, territory_id: int | None, organisation_id: int | None) -> bool:
        """Member of the organisation, or its defence agent in this very territory."""
        if organisation_id is None:
            return False
        return organisation_id in self.member_organisation_ids or (territory_id, organisation_id) in self.agent_pairs

    def organisations_acting_in(self, territory_id: int | None) -> frozenset[int]:
        """The organisations on whose behalf the user acts in this territory."""
        return self.member_organisation_ids | self.agent_organisation_ids_in(territory_id)

    @property
    def all_acting_organisation_ids(self) -> frozenset[int]:
        """Every organisation the user acts for somewhere (to be narrowed by territory where it matters)."""
        return self.member_organisation_ids | frozenset(org for _, org in self.agent_pairs)


ANONYMOUS = RoleSet()
_CACHE_ATTRIBUTE = "_synergies_roles"


def _has_second_factor(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, ["totp"])


def roles_of(user) -> RoleSet:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    coordinator, agent_pairs = set(), set()
    parties: dict[int, set[str]] = {}
    for territory_id, kind, party, organisation_id in user.territory_roles.values_list(
        "territory_id", "kind", "party", "organisation_id"
    ):
        if kind == TerritoryRoleKind.COORDINATOR:
            coordinator.add(territory_id)
            parties.setdefault(territory_id, set()).add(party)
        elif kind == TerritoryRoleKind.DEFENCE_AGENT and organisation_id is not None:
            agent_pairs.add((territory_id, organisation_id))
    members, admins = set(), set()
    for organisation_id, role in user.memberships.values_list("organisation_id", "role"):
        members.add(organisation_id)
        if role == OrganisationRole.ADMIN:
            admins.add(organisation_id)
    privileged = bool(user.is_superuser or user.is_national_steering or coordinator or agent_pairs)
    if privileged and not _has_second_factor(user):
        roles = RoleSet(
            is_authenticated=True,
            member_organisation_ids=frozenset(members),
            admin_organisation_ids=frozenset(admins),
            mfa_missing=True,
        )
    else:
        roles = RoleSet(
            is_authenticated=True,
            is_admin=user.is_superuser,
            is_national_steering=user.is_national_steering,
            coordinator_territory_ids=frozenset(coordinator),
            coordinator_parties={k: frozenset(v) for k, v in parties.items()},
            agent_pairs=frozenset(agent_pairs),
            member_organisation_ids=frozenset(members),
            admin_organisation_ids=frozenset(admins),
        )
    setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


def forget_roles(user) -> None:
    """Call after changing a user's roles (or second factor) within the same request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


MFA_REQUIRED_MESSAGE = (
    "Votre rôle impose la double authentification : activez une application d'authentification "
    "(TOTP) depuis la page « Sécurité du compte » avant de continuer."
)
