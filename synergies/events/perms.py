"""Who may do what with events and registrations. Pure predicates, used by views, API and templates.

Organisers of an event are the members (and admins) of its organising organisation, its defence agents
in the event's territory, and the territory's coordinators (DESIGN.md: no new global role).
A participant is the person registered (their account, or the holder of the registration's link),
or whoever registered them.
"""

from django.db.models import Q

from synergies.accounts.roles import roles_of


def is_organiser(user, event) -> bool:
    roles = roles_of(user)
    return (
        roles.is_admin or roles.coordinates(event.territory) or roles.acts_for(event.territory_id, event.organiser_id)
    )


def organised_event_filter(user) -> Q | None:
    """The Q on Event of the events `user` organises (None: none)."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return None
    if roles.is_admin:
        return Q()
    condition = Q(territory_id__in=roles.coordinator_territory_ids) | Q(organiser_id__in=roles.member_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(territory_id=territory_id, organiser_id=organisation_id)
    return condition


def organising_organisation_ids(user, territory) -> set[int] | None:
    """The organisations for which `user` may publish an event in `territory` (None: any of the territory)."""
    roles = roles_of(user)
    if roles.is_admin or roles.coordinates(territory):
        return None
    return set(roles.organisations_acting_in(territory.pk))


def may_organise(user) -> bool:
    """Who is offered « Publier un événement »: a member or agent of an organisation, a coordinator."""
    roles = roles_of(user)
    return roles.is_admin or bool(roles.member_organisation_ids or roles.agent_pairs or roles.coordinator_territory_ids)


def is_participant(user, registration) -> bool:
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    return user.pk in (registration.user_id, registration.registered_by_id)


def can_view_registration(user, registration) -> bool:
    return is_participant(user, registration) or is_organiser(user, registration.event)


def registering_organisation_ids(user, event) -> set[int]:
    """The organisations on whose behalf `user` may register people to `event`."""
    return set(roles_of(user).organisations_acting_in(event.territory_id))
