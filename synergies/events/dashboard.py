"""The events' links of a dashboard: organisers see what waits for them, participants their registrations."""

from django.urls import reverse
from django.utils import timezone

from synergies.core.links import DashboardLink
from synergies.events import perms, selectors
from synergies.events.enums import RegistrationStatus
from synergies.events.models import Registration


def links(user) -> list[DashboardLink]:
    links = [
        DashboardLink(
            "Événements",
            "Conférences, forums, rendez-vous d'affaires, job datings, journées de la réserve et de la jeunesse.",
            reverse("events:list"),
            "fr-icon-calendar-event-line",
        )
    ]
    mine = selectors.my_registrations(user).filter(event__ends_at__gte=timezone.now())
    offered = mine.filter(status=RegistrationStatus.OFFERED).count()
    if mine.exists():
        description = (
            f"{offered} place{'s' if offered > 1 else ''} vous {'sont' if offered > 1 else 'est'} proposée"
            f"{'s' if offered > 1 else ''} : confirmez-la avant qu'elle passe à la personne suivante."
            if offered
            else "Vos prochains événements, vos codes d'accueil, vous désinscrire."
        )
        links.append(
            DashboardLink("Mes inscriptions", description, reverse("events:my_registrations"), "fr-icon-ticket-line")
        )
    organised = selectors.organised_events(user)
    if organised.exists() or perms.may_organise(user):
        to_validate = Registration.objects.filter(
            event__in=organised.values("pk"), status=RegistrationStatus.PENDING
        ).count()
        links.insert(
            0,
            DashboardLink(
                f"Mes événements à organiser ({to_validate} inscription{'s' if to_validate > 1 else ''} à valider)"
                if to_validate
                else "Mes événements à organiser",
                "Publier un événement, valider les inscriptions, la liste d'attente, l'accueil et l'émargement.",
                reverse("events:organiser"),
                "fr-icon-team-line",
            ),
        )
    return links
