"""The two lifecycles of the app, in one place: which transition goes from which state to which.

Services apply them (and write the history); views and templates ask `allowed_*` which buttons to show.
"""

from dataclasses import dataclass

from synergies.opportunities.enums import OpportunityStatus as S
from synergies.opportunities.enums import ResponseStatus as R


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: frozenset
    target: str
    done: str  # the message after it
    style: str = ""  # the button's DSFR variant (secondary, tertiary), empty for the main action


OPPORTUNITY_TRANSITIONS = {
    t.name: t
    for t in (
        Transition("publish", "Publier", frozenset({S.DRAFT}), S.PUBLISHED, "L'opportunité est publiée."),
        Transition("close", "Clôturer", frozenset({S.PUBLISHED}), S.CLOSED, "L'opportunité est clôturée.", "tertiary"),
        Transition(
            "no_follow_up",
            "Classer sans suite",
            frozenset({S.PUBLISHED, S.CLOSED}),
            S.NO_FOLLOW_UP,
            "L'opportunité est classée sans suite.",
            "tertiary",
        ),
        Transition(
            "cancel",
            "Annuler",
            frozenset({S.DRAFT, S.PUBLISHED, S.CLOSED}),
            S.CANCELLED,
            "L'opportunité est annulée.",
            "tertiary",
        ),
        # Awarding goes through opportunity_award (it records the outcome), never a bare transition.
        Transition("award", "Attribuer", frozenset({S.PUBLISHED, S.CLOSED}), S.AWARDED, "Le résultat est enregistré."),
    )
}
BUTTON_TRANSITIONS = ("publish", "close", "no_follow_up", "cancel")

RESPONSE_TRANSITIONS = {
    t.name: t
    for t in (
        Transition("review", "Passer en examen", frozenset({R.RECEIVED}), R.UNDER_REVIEW, "La réponse est en examen."),
        Transition(
            "shortlist",
            "Présélectionner",
            frozenset({R.RECEIVED, R.UNDER_REVIEW}),
            R.SHORTLISTED,
            "La réponse est présélectionnée.",
        ),
        Transition(
            "accept",
            "Retenir",
            frozenset({R.RECEIVED, R.UNDER_REVIEW, R.SHORTLISTED}),
            R.ACCEPTED,
            "La réponse est retenue.",
        ),
        Transition(
            "decline",
            "Ne pas retenir",
            frozenset({R.RECEIVED, R.UNDER_REVIEW, R.SHORTLISTED}),
            R.DECLINED,
            "La réponse n'est pas retenue.",
            "secondary",
        ),
    )
}
WITHDRAW = Transition(
    "withdraw",
    "Retirer ma réponse",
    frozenset({R.RECEIVED, R.UNDER_REVIEW, R.SHORTLISTED}),
    R.WITHDRAWN,
    "Votre réponse est retirée.",
    "secondary",
)
ACTIVE_RESPONSE_STATUSES = frozenset({R.RECEIVED, R.UNDER_REVIEW, R.SHORTLISTED, R.ACCEPTED})
EDITABLE_STATUSES = frozenset({S.DRAFT, S.PUBLISHED})


def is_editable(status: str) -> bool:
    """An opportunity's content changes while it is a draft or published, never after."""
    return status in EDITABLE_STATUSES


def can_be_awarded(status: str) -> bool:
    return status in OPPORTUNITY_TRANSITIONS["award"].sources


def allowed_opportunity_transitions(status: str) -> list[Transition]:
    return [OPPORTUNITY_TRANSITIONS[n] for n in BUTTON_TRANSITIONS if status in OPPORTUNITY_TRANSITIONS[n].sources]


def allowed_response_transitions(status: str) -> list[Transition]:
    return [t for t in RESPONSE_TRANSITIONS.values() if status in t.sources]
