"""How the audit journal shows opportunities and responses (see core.journal)."""

from synergies.accounts.roles import roles_of
from synergies.core import journal
from synergies.opportunities import perms
from synergies.opportunities.models import Opportunity, Response


def _visible_opportunity_ids(user, ids: list[str]) -> set[str]:
    from synergies.opportunities.selectors import opportunities_visible_to

    numeric = [int(i) for i in ids if i.isdigit()]
    return {str(pk) for pk in opportunities_visible_to(user).filter(pk__in=numeric).values_list("pk", flat=True)}


def _visible_response_ids(user, ids: list[str]) -> set[str]:
    numeric = [int(i) for i in ids if i.isdigit()]
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
