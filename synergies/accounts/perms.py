"""Who may do what with accounts and roles. Pure predicates, used by views, API and templates."""

from synergies.accounts.enums import Party
from synergies.accounts.roles import roles_of


def can_manage_members(user, organisation) -> bool:
    """Organisation admins, coordinators of its territory and platform administrators."""
    roles = roles_of(user)
    return (
        roles.is_admin
        or organisation.pk in roles.admin_organisation_ids
        or organisation.territory_id in roles.coordinator_territory_ids
    )


def can_view_members(user, organisation) -> bool:
    roles = roles_of(user)
    return can_manage_members(user, organisation) or roles.acts_for(organisation.territory_id, organisation.pk)


def can_manage_territory_roles(user, territory) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.coordinates(territory)


def grantable_parties(user, territory) -> list[str]:
    """A coordinator grants the coordinator role only for its own party, so that nobody can
    create the 'other party' that will validate their own indicator values."""
    roles = roles_of(user)
    if roles.is_admin:
        return list(Party.values)
    return sorted(roles.coordinator_parties.get(territory.pk, ()))


def can_view_audit(user, territory) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.is_national_steering or roles.coordinates(territory)


def can_view_all_audit(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.is_national_steering


def can_revoke_invitation(user, invitation) -> bool:
    if invitation.organisation_id and invitation.kind == "organisation":
        return can_manage_members(user, invitation.organisation)
    return can_manage_territory_roles(user, invitation.territory)
