"""Who may do what in the cohesion app. Pure predicates, used by views, API and templates.

- A candidate file is seen by its candidate and by the referents of the mission: the members of the
  publishing unit and its defence agents in the mission's territory (DESIGN.md: a unit's defence agents
  act for the unit). Coordinators see counts and indicators, never a person's file.
- A booklet is edited by the unit's members and agents and by the territory's coordinators.
- Employers' commitments are recorded by the organisation itself or a coordinator; the pipeline is
  the coordinators'.
- A youth partnership is seen in detail by its school, its unit and the coordinators.
- A spouse's profile is seen by the person and by employers with a spouse-hiring pledge in force.
"""

from django.db.models import Q

from synergies.accounts.roles import roles_of


def is_referent(user, mission) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.acts_for(mission.territory_id, mission.publisher_id)


def is_candidate(user, candidate_file) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and candidate_file.candidate_id == user.pk


def can_view_file(user, candidate_file) -> bool:
    return is_candidate(user, candidate_file) or is_referent(user, candidate_file.mission)


def referent_condition(user, prefix: str = "") -> Q | None:
    """The Q of the reserve missions (at `prefix`: "" on Opportunity, "mission__" on CandidateFile)
    whose referent `user` is (None: none): published by an organisation they are a member of, or by
    the one they act for as an agent in that very territory."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return None
    if roles.is_admin:
        return Q()
    if not (roles.member_organisation_ids or roles.agent_pairs):
        return None
    condition = Q(**{f"{prefix}publisher_id__in": roles.member_organisation_ids})
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(**{f"{prefix}territory_id": territory_id, f"{prefix}publisher_id": organisation_id})
    return condition


def referent_file_filter(user) -> Q | None:
    """The Q on CandidateFile of the files `user` handles (None: none)."""
    return referent_condition(user, "mission__")


def acts_for_organisation(user, organisation) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.acts_for(organisation.territory_id, organisation.pk)


def coordinates(user, territory) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.coordinates(territory)


def can_edit_booklet(user, booklet) -> bool:
    return coordinates(user, booklet.territory) or roles_of(user).acts_for(booklet.territory_id, booklet.unit_id)


def may_keep_booklets(user) -> bool:
    """Who is offered « Gérer les livrets »: an organisation's people (a unit's), coordinators."""
    roles = roles_of(user)
    return roles.is_admin or bool(roles.coordinator_territory_ids or roles.all_acting_organisation_ids)


def booklet_unit_ids(user, territory_id) -> set[int] | None:
    """The units for which `user` may create a booklet in the territory (None: any)."""
    roles = roles_of(user)
    if roles.is_admin or territory_id in roles.coordinator_territory_ids:
        return None
    return set(roles.organisations_acting_in(territory_id))


def can_record_commitment(user, organisation) -> bool:
    return acts_for_organisation(user, organisation) or coordinates(user, organisation.territory)


def can_view_partnership(user, partnership) -> bool:
    roles = roles_of(user)
    return (
        coordinates(user, partnership.territory)
        or roles.acts_for(partnership.territory_id, partnership.unit_id)
        or roles.acts_for(partnership.territory_id, partnership.school_id)
    )


def partnership_filter(user) -> Q | None:
    roles = roles_of(user)
    if not roles.is_authenticated:
        return None
    if roles.is_admin:
        return Q()
    condition = Q(territory_id__in=roles.coordinator_territory_ids)
    condition |= Q(unit_id__in=roles.member_organisation_ids) | Q(school_id__in=roles.member_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(territory_id=territory_id) & (Q(unit_id=organisation_id) | Q(school_id=organisation_id))
    return condition


def may_record_partnership(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or bool(roles.coordinator_territory_ids or roles.agent_pairs or roles.member_organisation_ids)
