from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from synergies.accounts.enums import OrganisationRole
from synergies.accounts.roles import roles_of
from synergies.territories.models import Convention, Territory


@dataclass(frozen=True)
class DashboardLink:
    title: str
    description: str
    url: str
    icon: str = "fr-icon-arrow-right-line"


def default_convention():
    """The convention shown on the home page: the default territory's latest, else the latest."""
    conventions = Convention.objects.select_related("territory").prefetch_related("objectives", "parties")
    return (
        conventions.filter(territory__code=settings.SYNERGIES_DEFAULT_TERRITORY).order_by("-signed_on").first()
        or conventions.order_by("-signed_on").first()
    )


def _claims_description(territory) -> str:
    from synergies.directory.selectors import pending_claims

    pending = pending_claims(territory).count()
    waiting = f" {pending} en attente de décision." if pending else ""
    return "Vérifier qui gère quelle organisation." + waiting


def dashboard_links(user) -> list[tuple[str, list[DashboardLink]]]:
    """The sections of a user's home page, by role: (section title, links)."""
    roles = roles_of(user)
    sections = []
    coordinated = Territory.objects.filter(pk__in=roles.coordinator_territory_ids)
    if roles.is_admin:
        coordinated = Territory.objects.with_convention()
    for territory in coordinated:
        sections.append(
            (
                f"Coordination — {territory.name}",
                [
                    DashboardLink(
                        "Convention",
                        "Objectifs, parties et documents.",
                        territory.get_absolute_url(),
                        "fr-icon-file-text-line",
                    ),
                    *(
                        [
                            DashboardLink(
                                "Pilotage de la convention",
                                "Actions, indicateurs et leur validation, réunions et décisions.",
                                reverse("governance:dashboard", kwargs={"slug": territory.current_convention.slug}),
                                "fr-icon-line-chart-line",
                            )
                        ]
                        if territory.current_convention
                        else []
                    ),
                    DashboardLink(
                        "Rôles du territoire",
                        "Nommer des agents défense et des coordinateurs.",
                        reverse("territories:roles", kwargs={"slug": territory.slug}),
                        "fr-icon-team-line",
                    ),
                    DashboardLink(
                        "Journal des modifications",
                        "Qui a modifié quoi, et quand.",
                        reverse("territories:audit", kwargs={"slug": territory.slug}),
                        "fr-icon-history-line",
                    ),
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
                        "Trouver des compétences",
                        "Décrire un besoin en français : les organisations qui peuvent y répondre, et pourquoi.",
                        reverse("matching:search"),
                        "fr-icon-lightbulb-line",
                    ),
                    DashboardLink(
                        "Demandes de gestion de profil",
                        _claims_description(territory),
                        reverse("directory:claims", kwargs={"slug": territory.slug}),
                        "fr-icon-user-add-line",
                    ),
                ],
            )
        )
    if roles.is_national_steering:
        links = [
            DashboardLink(t.name, "Convention du territoire.", t.get_absolute_url(), "fr-icon-map-pin-2-line")
            for t in Territory.objects.with_convention()
        ]
        links.append(
            DashboardLink(
                "Comparer les conventions",
                "Les indicateurs partagés, territoire par territoire.",
                reverse("governance:comparison"),
                "fr-icon-bar-chart-box-line",
            )
        )
        sections.append(("Pilotage national — conventions signées", links))
    for role in user.territory_roles.select_related("territory", "organisation").filter(kind="defence_agent"):
        sections.append(
            (
                f"Agent défense — {role.territory.name}",
                [
                    DashboardLink(
                        str(role.organisation),
                        "L'organisation pour le compte de laquelle vous agissez.",
                        role.organisation.get_absolute_url(),
                        "fr-icon-building-line",
                    ),
                    DashboardLink(
                        "Convention",
                        "Objectifs et documents partagés avec les partenaires.",
                        role.territory.get_absolute_url(),
                        "fr-icon-file-text-line",
                    ),
                    DashboardLink(
                        "Annuaire de l'écosystème",
                        "Trouver les organisations du territoire par capacité.",
                        reverse("directory:list") + f"?territoire={role.territory.slug}",
                        "fr-icon-search-line",
                    ),
                    DashboardLink(
                        "Trouver des compétences",
                        "Décrire un besoin en français : les organisations qui peuvent y répondre, et pourquoi.",
                        reverse("matching:search"),
                        "fr-icon-lightbulb-line",
                    ),
                ],
            )
        )
    for membership in user.memberships.select_related("organisation"):
        is_admin = membership.role == OrganisationRole.ADMIN
        sections.append(
            (
                f"{membership.organisation} — {membership.get_role_display()}",
                [
                    DashboardLink(
                        "Profil de l'organisation",
                        "Présentation, capacités, certifications et contacts.",
                        reverse("directory:edit", kwargs={"pk": membership.organisation_id}),
                        "fr-icon-building-line",
                    ),
                    DashboardLink(
                        "Membres de l'organisation",
                        "Inviter des collègues et gérer les accès." if is_admin else "Vos collègues sur Synergies.",
                        reverse("directory:members", kwargs={"pk": membership.organisation_id}),
                        "fr-icon-team-line",
                    ),
                ],
            )
        )
    opportunities = [
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
    if roles.is_admin or roles.partner_territory_ids:
        opportunities.insert(
            0,
            DashboardLink(
                "Publier et gérer mes opportunités",
                "Publier un besoin, examiner les réponses, enregistrer le résultat.",
                reverse("opportunities:my_publications"),
                "fr-icon-add-line",
            ),
        )
    sections.append(("Opportunités", opportunities))
    account = [
        DashboardLink("Mon profil", "Nom, rôles et organisations.", reverse("accounts:profile"), "fr-icon-user-line"),
        DashboardLink(
            "Sécurité du compte", "Mot de passe et double authentification.", reverse("mfa_index"), "fr-icon-lock-line"
        ),
        DashboardLink(
            "Jetons d'API",
            "Accéder à l'API Synergies depuis vos outils.",
            reverse("accounts:api_tokens"),
            "fr-icon-code-s-slash-line",
        ),
    ]
    if roles.is_admin:
        account.append(
            DashboardLink(
                "Administration",
                "Administration technique de la plateforme.",
                reverse("admin:index"),
                "fr-icon-settings-5-line",
            )
        )
    sections.append(("Mon compte", account))
    return sections
