"""The French labels of this app's entries in the audit journal (core.journal)."""

from synergies.core import journal


def register_labels() -> None:
    journal.register_labels(
        actions={
            "organisations_imported": "liste d'organisations importée",
            "sirene_import_started": "import SIRENE lancé",
            "sirene_imported": "import SIRENE terminé",
            "organisations_merged": "organisations fusionnées",
            "profile_updated": "profil modifié",
            "profile_claimed": "gestion du profil obtenue (domaine de l'adresse e-mail)",
            "profile_claim_requested": "gestion du profil demandée",
            "organisation_requested": "création d'organisation demandée",
            "organisation_request_approved": "organisation créée à la demande",
            "organisation_request_refused": "demande de création refusée",
            "profile_claim_approved": "demande de gestion du profil acceptée",
            "profile_claim_refused": "demande de gestion du profil refusée",
        },
        changes={
            "merged": "organisation fusionnée",
            "taken_over": "repris",
            "proof": "preuve",
            "person": "personne",
            "capabilities": "capacités",
            "certifications": "certifications",
            "contacts": "contacts",
            "name": "nom",
            "description": "présentation",
            "defence_experience": "expérience défense",
            "website": "site web",
            "keywords": "mots-clés",
            "has_clearance": "habilitation",
        },
    )
