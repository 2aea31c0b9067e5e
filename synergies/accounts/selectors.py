"""Reads of accounts that other apps share."""

from synergies.accounts.enums import TerritoryRoleKind
from synergies.accounts.models import OrganisationMembership, TerritoryRole


def acting_emails(*, organisation_id: int, territory_id: int) -> list[str]:
    """The addresses of the people who act for an organisation in a territory: its members (and admins)
    and its defence agents there (the operators of a platform, the organisers of an event)."""
    members = OrganisationMembership.objects.filter(organisation_id=organisation_id, user__is_active=True)
    agents = TerritoryRole.objects.filter(
        kind=TerritoryRoleKind.DEFENCE_AGENT,
        organisation_id=organisation_id,
        territory_id=territory_id,
        user__is_active=True,
    )
    return [*members.values_list("user__email", flat=True), *agents.values_list("user__email", flat=True)]
