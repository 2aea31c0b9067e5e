"""The account's links of a dashboard."""

from django.urls import reverse

from synergies.accounts.roles import roles_of
from synergies.core.links import DashboardLink


def links(user) -> list[DashboardLink]:
    links = [
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
    if roles_of(user).is_admin:
        links.append(
            DashboardLink(
                "Administration", "Administration technique de la plateforme.", reverse("admin:index"),
                "fr-icon-settings-5-line",
            )
        )  # fmt: skip
    return links
