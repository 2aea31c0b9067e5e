"""Who may use the matching tools. Pure predicates."""

from synergies.accounts.roles import roles_of


def can_search_capabilities(user) -> bool:
    """« Trouver des compétences »: defence agents, coordinators, national steering, administrators."""
    roles = roles_of(user)
    return roles.is_admin or roles.is_national_steering or bool(roles.partner_territory_ids)
