"""The French labels of this app's entries in the audit journal (core.journal)."""

from synergies.core import journal


def register_labels() -> None:
    journal.register_labels(
        actions={"document_added": "document ajouté", "document_deleted": "document supprimé"},
        changes={"visibility": "visibilité", "file": "fichier"},
    )
