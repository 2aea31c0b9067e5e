"""Writes of partner search and consortia: who looks for partners on a call, their messages, the consortia
they form. Each checks its rule, writes, and leaves an audit entry."""

from django.db import transaction

from synergies.core import audit
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse
from synergies.core.tasks import enqueue_on_commit
from synergies.opportunities import perms
from synergies.opportunities.enums import (
    PARTNERING_KINDS,
)
from synergies.opportunities.models import (
    Consortium,
    ConsortiumMember,
    Opportunity,
    PartnerMessage,
    PartnerSearch,
)


def _member_organisation(actor, opportunity, organisation):
    if organisation is None or organisation.pk not in perms.responding_organisation_ids(actor, opportunity):
        raise ApplicationError("Choisissez une organisation dont vous êtes membre.")
    return organisation


@transaction.atomic
def partner_search_declare(*, actor, opportunity: Opportunity, organisation, message: str) -> PartnerSearch:
    if opportunity.kind not in PARTNERING_KINDS:
        raise ApplicationError("La recherche de partenaires concerne les appels à projets et projets collaboratifs.")
    if not perms.can_search_partners(actor, opportunity):
        raise ApplicationError("La recherche de partenaires est fermée sur cette opportunité.")
    _member_organisation(actor, opportunity, organisation)
    if PartnerSearch.objects.filter(opportunity=opportunity, organisation=organisation).exists():
        raise ApplicationError("Votre organisation cherche déjà des partenaires sur cet appel.")
    search = PartnerSearch(
        opportunity=opportunity, organisation=organisation, message=message.strip(), created_by=actor
    )
    full_clean_or_refuse(search)
    search.save()
    audit.record(
        actor=actor,
        action="partner_search_declared",
        target=opportunity,
        territory=opportunity.territory,
        changes={"organisation": organisation},
    )
    return search


@transaction.atomic
def partner_search_withdraw(*, actor, search: PartnerSearch) -> None:
    _member_organisation(actor, search.opportunity, search.organisation)
    audit.record(
        actor=actor,
        action="partner_search_withdrawn",
        target=search.opportunity,
        territory=search.opportunity.territory,
        changes={"organisation": search.organisation},
    )
    search.delete()


@transaction.atomic
def partner_message_send(*, actor, opportunity: Opportunity, sender, recipient, text: str) -> PartnerMessage:
    """Contact another organisation looking for partners; the message goes to its members by e-mail."""
    _member_organisation(actor, opportunity, sender)
    declared = set(PartnerSearch.objects.filter(opportunity=opportunity).values_list("organisation_id", flat=True))
    if recipient.pk not in declared:
        raise ApplicationError("Cette organisation ne cherche pas de partenaires sur cet appel.")
    if sender.pk == recipient.pk:
        raise ApplicationError("Choisissez une autre organisation que la vôtre.")
    message = PartnerMessage(
        opportunity=opportunity, sender=sender, recipient=recipient, author=actor, text=text.strip()
    )
    full_clean_or_refuse(message)
    message.save()
    audit.record(
        actor=actor,
        action="partner_contacted",
        target=opportunity,
        territory=opportunity.territory,
        changes={"from": sender, "to": recipient},
    )
    from synergies.opportunities.tasks import send_partner_message_email

    enqueue_on_commit(send_partner_message_email, message_id=message.pk)
    return message


@transaction.atomic
def consortium_create(*, actor, opportunity: Opportunity, lead, name: str, members) -> Consortium:
    """The lead forms a consortium with organisations that look for partners on the same call;
    each member accepts before the consortium applies in its name."""
    if opportunity.kind not in PARTNERING_KINDS or not opportunity.is_open:
        raise ApplicationError("Un consortium se forme sur un appel à projets ouvert.")
    _member_organisation(actor, opportunity, lead)
    members = [m for m in members if m.pk != lead.pk]
    if not members:
        raise ApplicationError("Choisissez au moins un partenaire.")
    declared = set(PartnerSearch.objects.filter(opportunity=opportunity).values_list("organisation_id", flat=True))
    strangers = [m.name for m in members if m.pk not in declared]
    if strangers:
        raise ApplicationError(
            f"Ces organisations ne cherchent pas de partenaires sur cet appel : {', '.join(strangers)}."
        )
    if Consortium.objects.filter(opportunity=opportunity, lead=lead).exists():
        raise ApplicationError("Votre organisation mène déjà un consortium sur cet appel.")
    consortium = Consortium(opportunity=opportunity, lead=lead, name=name.strip())
    full_clean_or_refuse(consortium)
    consortium.save()
    ConsortiumMember.objects.create(consortium=consortium, organisation=lead, accepted=True)
    for member in members:
        ConsortiumMember.objects.create(consortium=consortium, organisation=member)
    audit.record(
        actor=actor,
        action="consortium_formed",
        target=opportunity,
        territory=opportunity.territory,
        changes={"lead": lead, "members": members},
    )
    from synergies.opportunities.tasks import send_consortium_invitation_email

    enqueue_on_commit(send_consortium_invitation_email, consortium_id=consortium.pk)
    return consortium


@transaction.atomic
def consortium_accept(*, actor, membership: ConsortiumMember) -> ConsortiumMember:
    opportunity = membership.consortium.opportunity
    _member_organisation(actor, opportunity, membership.organisation)
    membership.accepted = True
    membership.save(update_fields=["accepted"])
    audit.record(
        actor=actor,
        action="consortium_joined",
        target=opportunity,
        territory=opportunity.territory,
        changes={"consortium": membership.consortium.name, "organisation": membership.organisation},
    )
    return membership
