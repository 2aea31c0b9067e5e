"""The steering's links of a dashboard."""

from django.urls import reverse

from synergies.core.links import DashboardLink
from synergies.governance import perms, selectors


def coordination_links(user, territory) -> list[DashboardLink]:
    convention = territory.current_convention
    if convention is None or not perms.can_view_steering(user, convention):
        return []
    waiting = selectors.values_to_validate(user, convention).count()
    return [
        DashboardLink(
            "Pilotage de la convention",
            "Actions, indicateurs et leur validation, réunions et décisions."
            + (f" {waiting} valeur{'s' if waiting > 1 else ''} à valider." if waiting else ""),
            reverse("governance:dashboard", kwargs={"slug": convention.slug}),
            "fr-icon-line-chart-line",
        )
    ]


def national_links(user) -> list[DashboardLink]:
    if not perms.can_compare_conventions(user):
        return []
    return [
        DashboardLink(
            "Comparer les conventions",
            "Les indicateurs partagés, territoire par territoire.",
            reverse("governance:comparison"),
            "fr-icon-bar-chart-box-line",
        )
    ]
