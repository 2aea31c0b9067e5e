"""Who may steer a convention. Pure predicates."""

from synergies.accounts.roles import roles_of


def can_view_steering(user, convention) -> bool:
    """The full dashboard: the territory's coordinators, national steering, administrators."""
    roles = roles_of(user)
    return roles.is_admin or roles.is_national_steering or roles.coordinates(convention.territory)


def can_steer(user, convention) -> bool:
    """Structure the convention, enter values, record meetings: the territory's coordinators."""
    roles = roles_of(user)
    return roles.is_admin or roles.coordinates(convention.territory)


def parties_of(user, convention) -> frozenset[str]:
    """The parties (Region, State) for which `user` coordinates the convention's territory."""
    return roles_of(user).coordinator_parties.get(convention.territory_id, frozenset())


def can_compare_conventions(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.is_national_steering
