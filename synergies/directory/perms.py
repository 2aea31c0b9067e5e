"""Who may do what in the directory. Pure predicates, used by views, API and templates."""

from synergies.accounts.roles import roles_of


def can_manage_directory(user, territory) -> bool:
    """Imports, duplicates and merges of a territory: its coordinators and the administrators."""
    roles = roles_of(user)
    return roles.is_admin or roles.coordinates(territory)


def can_edit_profile(user, organisation) -> bool:
    """An organisation's members edit its profile; so do its territory's coordinators and administrators."""
    roles = roles_of(user)
    return (
        roles.is_admin
        or roles.acts_for(organisation.territory_id, organisation.pk)
        or organisation.territory_id in roles.coordinator_territory_ids
    )
