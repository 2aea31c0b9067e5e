"""The territories' links of a dashboard: the convention, its roles and its journal."""

from django.urls import reverse

from synergies.accounts import perms as account_perms
from synergies.core.links import DashboardLink


def convention_link(territory, description: str) -> DashboardLink:
    return DashboardLink("Convention", description, territory.get_absolute_url(), "fr-icon-file-text-line")


def coordination_links(user, territory) -> list[DashboardLink]:
    links = [convention_link(territory, "Objectifs, parties et documents.")]
    if account_perms.can_manage_territory_roles(user, territory):
        links.append(
            DashboardLink(
                "Rôles du territoire",
                "Nommer des agents défense et des coordinateurs.",
                reverse("territories:roles", kwargs={"slug": territory.slug}),
                "fr-icon-team-line",
            )
        )
    if account_perms.can_view_audit(user, territory):
        links.append(
            DashboardLink(
                "Journal des modifications",
                "Qui a modifié quoi, et quand.",
                reverse("territories:audit", kwargs={"slug": territory.slug}),
                "fr-icon-history-line",
            )
        )
    return links


def national_links(territories) -> list[DashboardLink]:
    return [
        DashboardLink(t.name, "Convention du territoire.", t.get_absolute_url(), "fr-icon-map-pin-2-line")
        for t in territories
    ]
