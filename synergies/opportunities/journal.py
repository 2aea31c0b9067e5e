"""How the audit journal shows opportunities and responses (see core.journal)."""

from synergies.accounts.roles import roles_of
from synergies.core import journal
from synergies.core.visibility import Visibility
from synergies.opportunities import perms
from synergies.opportunities.enums import OpportunityStatus, ResponseStatus
from synergies.opportunities.models import Opportunity, Response


def _visible_opportunity_ids(user, ids: list[str]) -> set[str]:
    from synergies.opportunities.selectors import opportunities_visible_to

    numeric = journal.numeric_ids(ids)
    return {str(pk) for pk in opportunities_visible_to(user).filter(pk__in=numeric).values_list("pk", flat=True)}


def _visible_response_ids(user, ids: list[str]) -> set[str]:
    numeric = journal.numeric_ids(ids)
    responses = Response.objects.filter(pk__in=numeric).select_related("opportunity", "consortium")
    return {str(r.pk) for r in responses if perms.can_view_response(user, r)}


def _is_admin(user) -> bool:
    return roles_of(user).is_admin


def register_policies() -> None:
    journal.register(
        Opportunity,
        journal.JournalPolicy(
            visible_ids=_visible_opportunity_ids,
            # Who contacted whom and who formed a consortium belong to the responding organisations.
            confidential_actions=frozenset({"partner_contacted", "consortium_formed", "consortium_joined"}),
            reads_confidential=_is_admin,
        ),
    )
    journal.register(
        Response,
        journal.JournalPolicy(visible_ids=_visible_response_ids, masked_label="réponse (contenu confidentiel)"),
    )


def register_labels() -> None:
    journal.register_labels(
        actions={
            "publish": "publication",
            "close": "clôture",
            "no_follow_up": "classement sans suite",
            "cancel": "annulation",
            "award": "résultat enregistré",
            "closed_at_deadline": "clôture à la date limite",
            "response_sent": "réponse envoyée",
            "response_review": "réponse passée en examen",
            "response_shortlist": "réponse présélectionnée",
            "response_accept": "réponse retenue",
            "response_decline": "réponse non retenue",
            "response_withdraw": "réponse retirée",
            "attachment_removed": "pièce jointe retirée",
            "consortium_formed": "consortium formé",
            "consortium_joined": "consortium rejoint",
            "organisation_invited": "organisation invitée à répondre",
            "partner_contacted": "partenaire contacté",
            "partner_search_declared": "recherche de partenaires déclarée",
            "partner_search_withdrawn": "recherche de partenaires retirée",
            "question_asked": "question posée",
            "question_answered": "réponse à une question",
            "question_published": "question fréquente publiée avec sa réponse",
            "saved_search_created": "recherche enregistrée",
            "saved_search_deleted": "recherche enregistrée supprimée",
            "unsubscribed": "désabonnement des alertes",
            "personal_responses_expired": "réponses personnelles effacées (durée de conservation)",
        },
        changes={
            "deadline": "date limite",
            "files": "pièces jointes",
            "winners": "lauréats",
            "awarded_on": "date d'attribution",
            "organisation": "organisation",
            "kind": "type",
        },
        values={
            "status": {**dict(OpportunityStatus.choices), **dict(ResponseStatus.choices)},
            "visibility": dict(Visibility.choices),
        },
    )
