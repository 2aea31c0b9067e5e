"""The French labels of this app's entries in the audit journal (core.journal)."""

from synergies.accounts.enums import Party
from synergies.core import journal
from synergies.governance.enums import ActionStatus


def register_labels() -> None:
    journal.register_labels(
        actions={
            "value_entered": "valeur saisie",
            "value_validated": "valeur validée",
            "decision_recorded": "décision enregistrée",
        },
        changes={
            "value": "valeur",
            "measured_on": "date de la mesure",
            "party": "partie",
            "progress": "avancement",
            "due_on": "échéance",
        },
        values={"party": dict(Party.choices), "status": dict(ActionStatus.choices)},
    )
