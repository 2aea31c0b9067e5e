"""The lifecycle of an access request, in one place: which transition goes from which state to which,
who takes it (the requester or the operator) and whether it needs a message.

Services apply them (and write the audit entry and the notification); views ask `allowed_transitions`
which buttons to show.
"""

from dataclasses import dataclass

from synergies.platforms.enums import RequestStatus as S

REQUESTER, OPERATOR = "requester", "operator"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: frozenset
    target: str
    by: str  # REQUESTER or OPERATOR
    done: str  # the message after it
    message_required: str = ""  # the French error when the message is missing; empty: no message needed
    style: str = ""  # the button's DSFR variant, empty for the main action


_OPEN = frozenset({S.SUBMITTED, S.FEASIBILITY, S.INFORMATION_REQUESTED})

TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit",
            "Envoyer la demande",
            frozenset({S.DRAFT, S.INFORMATION_REQUESTED}),
            S.SUBMITTED,
            REQUESTER,
            "Votre demande est envoyée à l'opérateur.",
        ),
        Transition(
            "study",
            "Mettre à l'étude",
            frozenset({S.SUBMITTED}),
            S.FEASIBILITY,
            OPERATOR,
            "La demande est à l'étude de faisabilité.",
            style="secondary",
        ),
        Transition(
            "ask_information",
            "Demander des informations",
            frozenset({S.SUBMITTED, S.FEASIBILITY}),
            S.INFORMATION_REQUESTED,
            OPERATOR,
            "Votre question est envoyée au demandeur.",
            message_required="Dites au demandeur quelles informations il manque.",
            style="secondary",
        ),
        # Accepting goes through request_accept (it records the allocations), never a bare transition.
        Transition(
            "accept",
            "Accepter",
            frozenset({S.SUBMITTED, S.FEASIBILITY}),
            S.ACCEPTED,
            OPERATOR,
            "La demande est acceptée.",
        ),
        Transition(
            "refuse",
            "Refuser",
            _OPEN,
            S.REFUSED,
            OPERATOR,
            "La demande est refusée ; le demandeur en reçoit le motif.",
            message_required="Le motif du refus est obligatoire : le demandeur le reçoit.",
            style="tertiary",
        ),
        Transition(
            "withdraw",
            "Retirer la demande",
            frozenset({S.DRAFT, *_OPEN, S.ACCEPTED}),
            S.WITHDRAWN,
            REQUESTER,
            "La demande est retirée.",
            style="tertiary",
        ),
        # Closing goes through request_close (it records the outcome report).
        Transition(
            "close", "Clôturer avec un bilan", frozenset({S.ACCEPTED}), S.CLOSED, REQUESTER, "La demande est clôturée."
        ),
    )
}
BUTTON_TRANSITIONS = ("submit", "study", "ask_information", "refuse", "withdraw")
OPEN_STATUSES = _OPEN
# Unmet demand: what was asked for and did not lead to use.
UNMET_STATUSES = frozenset({S.REFUSED, S.WITHDRAWN})


def allowed_transitions(status: str, *, requester: bool, operator: bool) -> list[Transition]:
    sides = {REQUESTER} if requester else set()
    if operator:
        sides.add(OPERATOR)
    return [
        TRANSITIONS[name]
        for name in BUTTON_TRANSITIONS
        if status in TRANSITIONS[name].sources and TRANSITIONS[name].by in sides
    ]


def can_accept(status: str) -> bool:
    return status in TRANSITIONS["accept"].sources


def can_close(status: str) -> bool:
    return status in TRANSITIONS["close"].sources
