"""The directory's links of a dashboard: a territory's imports, duplicates and claims; an
organisation's profile and members; the directory itself."""

from django.urls import reverse

from synergies.accounts import perms as account_perms
from synergies.core.links import DashboardLink
from synergies.directory import perms
from synergies.directory.selectors import pending_claims


def coordination_links(user, territory) -> list[DashboardLink]:
    if not perms.can_manage_directory(user, territory):
        return []
    pending = pending_claims(territory).count()
    return [
        DashboardLink(
            "Imports de l'annuaire",
            "Listes d'organisations et registre SIRENE.",
            reverse("directory:imports", kwargs={"slug": territory.slug}),
            "fr-icon-upload-line",
        ),
        DashboardLink(
            "Doublons probables",
            "Fusionner les fiches d'une même organisation.",
            reverse("directory:duplicates", kwargs={"slug": territory.slug}),
            "fr-icon-git-merge-line",
        ),
        DashboardLink(
            "Demandes de gestion de profil",
            "Vérifier qui gère quelle organisation." + (f" {pending} en attente de décision." if pending else ""),
            reverse("directory:claims", kwargs={"slug": territory.slug}),
            "fr-icon-user-add-line",
        ),
    ]


def acting_organisation_link(organisation) -> DashboardLink:
    return DashboardLink(
        str(organisation),
        "L'organisation pour le compte de laquelle vous agissez.",
        organisation.get_absolute_url(),
        "fr-icon-building-line",
    )


def search_link(territory) -> DashboardLink:
    return DashboardLink(
        "Annuaire de l'écosystème",
        "Trouver les organisations du territoire par capacité.",
        reverse("directory:list") + f"?territoire={territory.slug}",
        "fr-icon-search-line",
    )


def membership_links(user, membership) -> list[DashboardLink]:
    organisation = membership.organisation
    links = []
    if perms.can_edit_profile(user, organisation):
        links.append(
            DashboardLink(
                "Profil de l'organisation",
                "Présentation, capacités, certifications et contacts.",
                reverse("directory:edit", kwargs={"pk": organisation.pk}),
                "fr-icon-building-line",
            )
        )
    if account_perms.can_view_members(user, organisation):
        manages = account_perms.can_manage_members(user, organisation)
        links.append(
            DashboardLink(
                "Membres de l'organisation",
                "Inviter des collègues et gérer les accès." if manages else "Vos collègues sur Synergies.",
                reverse("directory:members", kwargs={"pk": organisation.pk}),
                "fr-icon-team-line",
            )
        )
    return links


def claim_link() -> DashboardLink:
    return DashboardLink(
        "Rattacher mon organisation",
        "Par son SIRET : vous gérez ensuite son profil et répondez en son nom.",
        reverse("directory:claim"),
        "fr-icon-building-line",
    )
