"""The opportunities' links of a dashboard."""

from django.urls import reverse

from synergies.core.links import DashboardLink
from synergies.opportunities import perms


def links(user) -> list[DashboardLink]:
    links = [
        DashboardLink(
            "Opportunités ouvertes",
            "Besoins, appels à projets, offres et missions.",
            reverse("opportunities:list"),
            "fr-icon-search-line",
        ),
        DashboardLink(
            "Mes recherches enregistrées",
            "Les nouveautés par e-mail, chaque jour ou chaque semaine.",
            reverse("opportunities:saved_searches"),
            "fr-icon-mail-line",
        ),
        DashboardLink(
            "Mes réponses", "Où en sont vos réponses.", reverse("opportunities:my_responses"), "fr-icon-send-plane-line"
        ),
    ]
    if perms.can_publish(user):
        links.insert(
            0,
            DashboardLink(
                "Publier et gérer mes opportunités",
                "Publier un besoin, examiner les réponses, enregistrer le résultat.",
                reverse("opportunities:my_publications"),
                "fr-icon-add-line",
            ),
        )
    return links
