from synergies.accounts.roles import roles_of


def can_manage_convention(user, convention) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.coordinates(convention.territory)
