"""The French labels of this app's entries in the audit journal (core.journal)."""

from synergies.core import journal


def register_labels() -> None:
    journal.register_labels(
        actions={"demo_loaded": "territoire de démonstration chargé"},
        changes={"organisations": "organisations"},
    )
