"""Who may steer a convention. Pure predicates."""

from synergies.accounts.roles import roles_of
from synergies.governance.enums import ValueStatus


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


def value_validation_refusal(user, entry) -> str | None:
    """Why `user` may not validate `entry` (French), or None when they may: a pending value is
    validated by a coordinator of the other party, never by the person who entered it."""
    convention = entry.indicator.convention
    if not can_steer(user, convention):
        return "Seuls les coordinateurs du territoire valident les valeurs."
    if entry.status != ValueStatus.PENDING:
        return f"Cette valeur est déjà {entry.get_status_display()}."
    if entry.entered_by_id == getattr(user, "pk", None):
        return "Vous ne pouvez pas valider une valeur que vous avez saisie."
    if not parties_of(user, convention) - {entry.entered_party}:
        label = entry.entered_party_label or "aucune partie"
        return f"Cette valeur a été saisie pour la partie « {label} » : elle est validée par un coordinateur de l'autre partie."
    return None


def can_validate_value(user, entry) -> bool:
    return value_validation_refusal(user, entry) is None
