"""The cohesion app's links of a dashboard: a candidate's files, the referents' board, the booklets."""

from django.urls import reverse

from synergies.accounts.roles import roles_of
from synergies.cohesion import perms, selectors
from synergies.core.links import DashboardLink
from synergies.directory.models import Organisation


def links(user) -> list[DashboardLink]:
    links = []
    mine = selectors.my_files(user).filter(closed_at__isnull=True)
    if mine.exists():
        links.append(
            DashboardLink(
                "Mes candidatures à la réserve",
                "Vos dossiers, les pièces à fournir ou à corriger, votre contrat.",
                reverse("cohesion:my_files"),
                "fr-icon-user-star-line",
            )
        )
    if selectors.referent_missions(user).exists():
        files = selectors.referent_files(user).filter(closed_at__isnull=True)
        to_review = files.filter(documents__status="waiting").distinct().count()
        links.append(
            DashboardLink(
                "Dossiers de candidature à la réserve",
                f"{files.count()} dossier(s) ouvert(s), dont {to_review} avec des pièces à examiner.",
                reverse("cohesion:board"),
                "fr-icon-folder-2-line",
            )
        )
    if perms.may_keep_booklets(user) and selectors.booklets_editable(user).exists():
        links.append(
            DashboardLink(
                "Livrets d'accueil",
                "Les blocs de vos livrets, leurs dates de relecture.",
                reverse("cohesion:booklets_mine"),
                "fr-icon-book-2-line",
            )
        )
    roles = roles_of(user)
    if roles.is_admin or roles.coordinator_territory_ids:
        links.append(
            DashboardLink(
                "Employeurs partenaires — suivi",
                "Des intéressés aux conventions signées et aux labels ; les renouvellements à venir.",
                reverse("cohesion:pipeline"),
                "fr-icon-award-line",
            )
        )
    for organisation in Organisation.objects.filter(pk__in=roles.member_organisation_ids).order_by("name")[:5]:
        links.append(
            DashboardLink(
                f"Engagements d'employeur — {organisation.name}",
                "Réserve, label « partenaire de la défense nationale », conjoints, stages : les badges de l'annuaire en découlent.",
                reverse("cohesion:employer", args=[organisation.pk]),
                "fr-icon-award-line",
            )
        )
    links.append(
        DashboardLink(
            "Réserve et familles",
            "Missions de réserve, livrets d'accueil des garnisons.",
            reverse("cohesion:reserve"),
            "fr-icon-team-line",
        )
    )
    return links
