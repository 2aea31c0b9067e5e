"""A person's dashboard: the sections of their roles, each made of the links the apps offer them
(every app's `dashboard.py` decides from its own `perms.py`, so the dashboard cannot drift from
the rules)."""

from synergies.accounts import dashboard as accounts
from synergies.accounts.roles import roles_of
from synergies.cohesion import dashboard as cohesion
from synergies.core.links import DashboardLink
from synergies.directory import dashboard as directory
from synergies.directory.models import Organisation
from synergies.events import dashboard as events
from synergies.governance import dashboard as governance
from synergies.matching import dashboard as matching
from synergies.opportunities import dashboard as opportunities
from synergies.platforms import dashboard as platforms
from synergies.territories import dashboard as territories
from synergies.territories.models import Territory

Section = tuple[str, list[DashboardLink]]


def dashboard_sections(user) -> list[Section]:
    roles = roles_of(user)
    sections: list[Section] = []
    coordinated = (
        Territory.objects.with_convention()
        if roles.is_admin
        else Territory.objects.filter(pk__in=roles.coordinator_territory_ids)
    )
    for territory in coordinated:
        links = [
            *territories.coordination_links(user, territory),
            *governance.coordination_links(user, territory),
            *directory.coordination_links(user, territory),
            *matching.links(user),
        ]
        sections.append((f"Coordination — {territory.name}", links))
    if roles.is_national_steering:
        links = [*territories.national_links(Territory.objects.with_convention()), *governance.national_links(user)]
        sections.append(("Pilotage national — conventions signées", links))
    territories_by_id = Territory.objects.in_bulk({t for t, _ in roles.agent_pairs})
    organisations_by_id = Organisation.objects.in_bulk({o for _, o in roles.agent_pairs})
    for territory_id, organisation_id in sorted(roles.agent_pairs):
        territory = territories_by_id[territory_id]
        links = [
            directory.acting_organisation_link(organisations_by_id[organisation_id]),
            territories.convention_link(territory, "Objectifs et documents partagés avec les partenaires."),
            directory.search_link(territory),
            *matching.links(user),
        ]
        sections.append((f"Agent défense — {territory.name}", links))
    memberships = list(user.memberships.select_related("organisation"))
    for membership in memberships:
        title = f"{membership.organisation} — {membership.get_role_display()}"
        sections.append((title, directory.membership_links(user, membership)))
    if not memberships and not roles.agent_pairs:
        sections.append(("Votre organisation", [directory.claim_link()]))
    sections.append(("Opportunités", opportunities.links(user)))
    sections.append(("Plateformes technologiques", platforms.links(user)))
    sections.append(("Événements", events.links(user)))
    sections.append(("Réserve, jeunesse et familles", cohesion.links(user)))
    sections.append(("Mon compte", accounts.links(user)))
    return [(title, links) for title, links in sections if links]
