"""Who may do what with platforms, access requests and bookings. Pure predicates, used by views, API
and templates alike.

Operators of a platform are the members (and admins) of its operating organisation, its defence agents
in the platform's territory, and the territory's coordinators (DESIGN.md: no new global role).
A requester is whoever acts for the requesting organisation.
"""

from synergies.accounts.roles import roles_of


def is_operator(user, platform) -> bool:
    roles = roles_of(user)
    return (
        roles.is_admin
        or roles.coordinates(platform.territory)
        or roles.acts_for(platform.territory_id, platform.operator_id)
    )


def operated_platform_filter(user):
    """The Q on Platform of the platforms `user` operates (None: every platform)."""
    from django.db.models import Q

    roles = roles_of(user)
    if roles.is_admin:
        return Q()
    condition = Q(territory_id__in=roles.coordinator_territory_ids) | Q(operator_id__in=roles.member_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(territory_id=territory_id, operator_id=organisation_id)
    return condition


def requesting_organisation_ids(user, platform) -> set[int]:
    """The organisations on whose behalf `user` may ask for access (never the operator itself)."""
    return set(roles_of(user).organisations_acting_in(platform.territory_id)) - {platform.operator_id}


def can_request_access(user, platform) -> bool:
    return platform.is_published and bool(requesting_organisation_ids(user, platform))


def is_requester(user, access_request) -> bool:
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    return access_request.requester_id == user.pk or roles.acts_for(
        access_request.platform.territory_id, access_request.organisation_id
    )


def can_view_request(user, access_request) -> bool:
    return is_requester(user, access_request) or is_operator(user, access_request.platform)


def is_booker(user, booking) -> bool:
    """The person who booked, or someone acting for the organisation the slot was booked for."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    return booking.booked_by_id == user.pk or roles.acts_for(
        booking.resource.platform.territory_id, booking.organisation_id
    )


def can_view_booking(user, booking) -> bool:
    return is_booker(user, booking) or is_operator(user, booking.resource.platform)


def can_cancel_booking(user, booking) -> bool:
    return booking.holds_slot and can_view_booking(user, booking)


def can_record_use(user, booking) -> bool:
    return is_operator(user, booking.resource.platform)


def may_declare_platforms(user) -> bool:
    """Who may add a platform to the catalogue: an organisation's admin or defence agent for it, a coordinator."""
    roles = roles_of(user)
    return roles.is_admin or bool(roles.admin_organisation_ids or roles.agent_pairs or roles.coordinator_territory_ids)
