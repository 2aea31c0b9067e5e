"""The matching's link of a dashboard."""

from django.urls import reverse

from synergies.core.links import DashboardLink
from synergies.matching import perms


def links(user) -> list[DashboardLink]:
    if not perms.can_search_capabilities(user):
        return []
    return [
        DashboardLink(
            "Trouver des compétences",
            "Décrire un besoin en français : les organisations qui peuvent y répondre, et pourquoi.",
            reverse("matching:search"),
            "fr-icon-lightbulb-line",
        )
    ]
