"""The lifecycle of a reserve candidate file and of each of its documents, in one place.

File: received ─preselect→ preselected ─plan_appointment→ appointment (interview or medical visit,
again to plan the next one) ─prepare_contract→ contract (draft) ─send_contract→ (sent)
─sign_contract (the candidate)→ (signed) ─activate→ active. Any open state ─refuse (reason)→
refused, ─withdraw (the candidate)→ withdrawn. Active, refused and withdrawn close the file: its
documents are deleted then.

Document: to provide ─upload→ waiting validation ─validate→ validated;
waiting ─send_back (comment)→ to correct ─upload→ waiting; waiting ─refuse (comment)→ refused.
Services apply them (audit entry, e-mail, dashboard); views ask which buttons to show.
"""

from dataclasses import dataclass

from synergies.cohesion.enums import ContractStatus as C
from synergies.cohesion.enums import DocumentStatus as D
from synergies.cohesion.enums import FileStatus as S

CANDIDATE, REFERENT = "candidate", "referent"
OPEN = frozenset({S.RECEIVED, S.PRESELECTED, S.APPOINTMENT, S.CONTRACT})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: frozenset
    target: str
    by: str  # CANDIDATE or REFERENT
    done: str  # the message after it
    contract_sources: frozenset = frozenset()  # when set, the contract must be in one of these
    contract_target: str | None = None
    reason_required: str = ""  # the French error when the reason is missing
    needs_appointment: bool = False
    needs_complete_documents: bool = False
    style: str = ""


FILE_TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "preselect",
            "Présélectionner",
            frozenset({S.RECEIVED}),
            S.PRESELECTED,
            REFERENT,
            "Candidature présélectionnée ; la personne en est informée.",
        ),
        Transition(
            "plan_appointment",
            "Planifier un rendez-vous",
            frozenset({S.PRESELECTED, S.APPOINTMENT}),
            S.APPOINTMENT,
            REFERENT,
            "Rendez-vous planifié ; la personne reçoit la date et le lieu.",
            needs_appointment=True,
            style="secondary",
        ),
        Transition(
            "prepare_contract",
            "Préparer le contrat",
            frozenset({S.PRESELECTED, S.APPOINTMENT}),
            S.CONTRACT,
            REFERENT,
            "Contrat d'engagement en préparation.",
            contract_target=C.DRAFT,
            needs_complete_documents=True,
        ),
        Transition(
            "send_contract",
            "Envoyer le contrat",
            frozenset({S.CONTRACT}),
            S.CONTRACT,
            REFERENT,
            "Contrat envoyé ; la personne est invitée à le signer.",
            contract_sources=frozenset({C.DRAFT}),
            contract_target=C.SENT,
        ),
        Transition(
            "sign_contract",
            "Signer mon contrat d'engagement",
            frozenset({S.CONTRACT}),
            S.CONTRACT,
            CANDIDATE,
            "Contrat signé : l'unité va vous affecter.",
            contract_sources=frozenset({C.SENT}),
            contract_target=C.SIGNED,
        ),
        Transition(
            "activate",
            "Affecter le réserviste",
            frozenset({S.CONTRACT}),
            S.ACTIVE,
            REFERENT,
            "Réserviste affecté ; le dossier est clos et ses pièces supprimées.",
            contract_sources=frozenset({C.SIGNED}),
        ),
        Transition(
            "refuse",
            "Refuser la candidature",
            OPEN,
            S.REFUSED,
            REFERENT,
            "Candidature refusée ; la personne en reçoit le motif.",
            reason_required="Le motif du refus est obligatoire : la personne le reçoit.",
            style="tertiary",
        ),
        Transition(
            "withdraw",
            "Retirer ma candidature",
            OPEN,
            S.WITHDRAWN,
            CANDIDATE,
            "Candidature retirée ; vos pièces sont supprimées.",
            style="tertiary",
        ),
    )
}
CLOSING_STATUSES = frozenset({S.ACTIVE, S.REFUSED, S.WITHDRAWN})


@dataclass(frozen=True)
class DocumentTransition:
    name: str
    label: str
    sources: frozenset
    target: str
    by: str
    comment_required: str = ""


DOCUMENT_TRANSITIONS = {
    t.name: t
    for t in (
        DocumentTransition(
            "upload", "Déposer", frozenset({D.TO_PROVIDE, D.TO_CORRECT, D.WAITING}), D.WAITING, CANDIDATE
        ),
        DocumentTransition("validate", "Valider", frozenset({D.WAITING}), D.VALIDATED, REFERENT),
        DocumentTransition(
            "send_back",
            "Demander une correction",
            frozenset({D.WAITING, D.VALIDATED}),
            D.TO_CORRECT,
            REFERENT,
            comment_required="Dites ce qu'il faut corriger : la personne reçoit ce commentaire.",
        ),
        DocumentTransition(
            "refuse",
            "Refuser la pièce",
            frozenset({D.WAITING}),
            D.REFUSED,
            REFERENT,
            comment_required="Le motif du refus de la pièce est obligatoire.",
        ),
    )
}


def allowed_file_transitions(candidate_file, *, candidate: bool, referent: bool) -> list[Transition]:
    allowed = []
    for transition in FILE_TRANSITIONS.values():
        if (transition.by == CANDIDATE and not candidate) or (transition.by == REFERENT and not referent):
            continue
        if candidate_file.status not in transition.sources:
            continue
        if transition.contract_sources and candidate_file.contract_status not in transition.contract_sources:
            continue
        allowed.append(transition)
    return allowed


def allowed_document_transitions(document, *, candidate: bool, referent: bool) -> list[DocumentTransition]:
    return [
        t
        for t in DOCUMENT_TRANSITIONS.values()
        if document.status in t.sources and ((t.by == CANDIDATE and candidate) or (t.by == REFERENT and referent))
    ]
