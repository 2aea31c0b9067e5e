"""Who may do what with opportunities and responses. Pure predicates, used by views, API and templates.

Coordinators manage the opportunities of their territory but never read the content of responses
(commercial confidentiality): they see counts and outcomes. The publisher's defence agents review them.
"""

from synergies.accounts.roles import roles_of
from synergies.opportunities.enums import PARTNERING_KINDS, PERSONAL_KINDS


def can_publish(user, territory=None) -> bool:
    roles = roles_of(user)
    if territory is None:
        return roles.is_admin or bool(roles.partner_territory_ids)
    return roles.is_admin or territory.pk in roles.partner_territory_ids


def is_publisher_agent(user, opportunity) -> bool:
    """A defence agent of the publisher in the opportunity's own territory."""
    return (opportunity.territory_id, opportunity.publisher_id) in roles_of(user).agent_pairs


def can_manage(user, opportunity) -> bool:
    """Edit, publish, close, award, answer questions."""
    roles = roles_of(user)
    return roles.is_admin or roles.coordinates(opportunity.territory) or is_publisher_agent(user, opportunity)


def can_review_responses(user, opportunity) -> bool:
    return roles_of(user).is_admin or is_publisher_agent(user, opportunity)


def responding_organisation_ids(user, opportunity) -> set[int]:
    """The organisations on whose behalf `user` may answer (never the publisher itself)."""
    return set(roles_of(user).organisations_acting_in(opportunity.territory_id)) - {opportunity.publisher_id}


def can_respond(user, opportunity) -> bool:
    roles = roles_of(user)
    if not roles.is_authenticated or not opportunity.is_open:
        return False
    return opportunity.kind in PERSONAL_KINDS or bool(responding_organisation_ids(user, opportunity))


def can_view_response(user, response) -> bool:
    roles = roles_of(user)
    if roles.is_admin or response.author_id == user.pk:
        return True
    territory_id = response.opportunity.territory_id
    if roles.acts_for(territory_id, response.organisation_id):
        return True
    if response.consortium_id and roles.organisations_acting_in(territory_id) & set(
        response.consortium.memberships.filter(accepted=True).values_list("organisation_id", flat=True)
    ):
        return True
    return can_review_responses(user, response.opportunity)


def can_withdraw(user, response) -> bool:
    roles = roles_of(user)
    return response.author_id == user.pk or roles.acts_for(response.opportunity.territory_id, response.organisation_id)


def can_ask_question(user, opportunity) -> bool:
    return roles_of(user).is_authenticated and opportunity.is_open


def can_search_partners(user, opportunity) -> bool:
    return (
        opportunity.kind in PARTNERING_KINDS
        and opportunity.is_open
        and bool(responding_organisation_ids(user, opportunity))
    )
