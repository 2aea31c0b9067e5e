"""The lifecycle of a registration, in one place: which transition goes from which state to which,
who takes it (the participant or the organiser) and whether it needs a reason.

pending ─confirm→ confirmed; pending/waitlisted ─refuse (reason)→ refused;
waitlisted ─(a seat frees up)→ offered ─accept_offer→ confirmed (pending when moderated)
                                       ─decline_offer→ withdrawn, ─(time out)→ offer_expired;
any active state ─withdraw→ withdrawn; any active state ─(event cancelled)→ cancelled.
Services apply them (audit entry, e-mail, the next person offered a freed seat); views ask
`allowed_transitions` which buttons to show.
"""

from dataclasses import dataclass

from synergies.events.enums import ACTIVE_STATUSES
from synergies.events.enums import RegistrationStatus as S

PARTICIPANT, ORGANISER = "participant", "organiser"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: frozenset
    target: str
    by: str  # PARTICIPANT or ORGANISER
    done: str  # the message after it
    reason_required: str = ""  # the French error when the reason is missing; empty: no reason needed
    style: str = ""  # the button's DSFR variant, empty for the main action


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "confirm",
            "Valider",
            frozenset({S.PENDING}),
            S.CONFIRMED,
            ORGANISER,
            "L'inscription est validée ; la personne reçoit son invitation.",
        ),
        Transition(
            "refuse",
            "Refuser",
            frozenset({S.PENDING, S.WAITLISTED}),
            S.REFUSED,
            ORGANISER,
            "L'inscription est refusée ; la personne en reçoit le motif.",
            reason_required="Le motif du refus est obligatoire : la personne le reçoit.",
            style="tertiary",
        ),
        # Accepting an offer lands on « confirmed », or « pending » when the organiser validates (services).
        Transition(
            "accept_offer",
            "Accepter la place",
            frozenset({S.OFFERED}),
            S.CONFIRMED,
            PARTICIPANT,
            "Votre place est confirmée.",
        ),
        Transition(
            "decline_offer",
            "Laisser la place",
            frozenset({S.OFFERED}),
            S.WITHDRAWN,
            PARTICIPANT,
            "La place est proposée à la personne suivante.",
            style="secondary",
        ),
        Transition(
            "withdraw",
            "Me désinscrire",
            frozenset({S.PENDING, S.CONFIRMED, S.WAITLISTED}),
            S.WITHDRAWN,
            PARTICIPANT,
            "Votre inscription est retirée.",
            style="tertiary",
        ),
    )
}
PARTICIPANT_TRANSITIONS = ("accept_offer", "decline_offer", "withdraw")
ORGANISER_TRANSITIONS = ("confirm", "refuse")
# What the scheduler and the event's cancellation do, never a button.
EXPIRE_OFFER_SOURCES = frozenset({S.OFFERED})
CANCEL_SOURCES = frozenset(ACTIVE_STATUSES)


def allowed_transitions(status: str, *, participant: bool, organiser: bool) -> list[Transition]:
    names = (PARTICIPANT_TRANSITIONS if participant else ()) + (ORGANISER_TRANSITIONS if organiser else ())
    return [TRANSITIONS[name] for name in names if status in TRANSITIONS[name].sources]
