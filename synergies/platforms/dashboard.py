"""The platforms' links of a dashboard: operators see what waits for their decision, requesters where
their requests stand."""

from django.urls import reverse

from synergies.core.links import DashboardLink
from synergies.platforms import selectors


def links(user) -> list[DashboardLink]:
    links = [
        DashboardLink(
            "Plateformes technologiques",
            "Trouver un bassin, une chambre d'essai, un cyber range ; demander un accès.",
            reverse("platforms:list"),
            "fr-icon-test-tube-line",
        ),
    ]
    mine = selectors.my_requests(user)
    waiting = mine.filter(status="information_requested").count()
    if mine.exists():
        description = (
            f"{waiting} demande{'s' if waiting > 1 else ''} attend{'ent' if waiting > 1 else ''} vos informations."
            if waiting
            else "Où en sont vos demandes ; vos créneaux réservés."
        )
        links.append(
            DashboardLink(
                "Mes demandes d'accès", description, reverse("platforms:my_requests"), "fr-icon-calendar-line"
            )
        )
    if selectors.operated_platforms(user).exists():
        to_decide = selectors.requests_to_decide(user).count()
        links.insert(
            0,
            DashboardLink(
                f"Demandes d'accès à décider ({to_decide})",
                "Étudier, accepter avec des heures, refuser avec un motif ; calendriers, occupation, export.",
                reverse("platforms:operator"),
                "fr-icon-settings-5-line",
            ),
        )
    return links
