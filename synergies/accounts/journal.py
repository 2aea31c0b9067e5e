"""The French labels of this app's entries in the audit journal (core.journal)."""

from synergies.accounts.enums import Party, TerritoryRoleKind
from synergies.core import journal


def register_labels() -> None:
    journal.register_labels(
        actions={
            "account_deleted": "compte supprimé",
            "api_token_created": "jeton d'API créé",
            "api_token_revoked": "jeton d'API révoqué",
            "feed_key_regenerated": "clé de flux renouvelée",
            "feed_key_revoked": "clé de flux révoquée",
            "invitation_sent": "invitation envoyée",
            "invitation_revoked": "invitation révoquée",
            "role_granted": "rôle accordé",
            "role_revoked": "rôle retiré",
            "retention_applied": "durées de conservation appliquées",
        },
        changes={"role": "rôle", "party": "partie", "email": "e-mail", "organisation": "organisation", "kind": "type"},
        values={"party": dict(Party.choices), "kind": dict(TerritoryRoleKind.choices)},
    )
