"""E-mails of the opportunities app. Each says only what its recipient may see."""

from synergies.accounts.enums import TerritoryRoleKind
from synergies.accounts.models import OrganisationMembership, TerritoryRole
from synergies.core import mail

_url = mail.site_url


def _send(*, template: str, **kwargs) -> None:
    mail.send(template=f"opportunities/email/{template}.txt", **kwargs)


def publisher_agent_emails(opportunity) -> list[str]:
    """The defence agents who act for the publishing organisation in the opportunity's territory."""
    return list(
        TerritoryRole.objects.filter(
            kind=TerritoryRoleKind.DEFENCE_AGENT,
            organisation_id=opportunity.publisher_id,
            territory_id=opportunity.territory_id,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def organisation_emails(organisation) -> list[str]:
    return list(
        OrganisationMembership.objects.filter(organisation=organisation, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def response_received_email(*, response) -> None:
    opportunity = response.opportunity
    _send(
        subject=f"Nouvelle réponse : {opportunity.title}",
        template="response_received",
        context={
            "response": response,
            "opportunity": opportunity,
            "url": _url("opportunities:response", pk=response.pk),
        },
        to=publisher_agent_emails(opportunity),
    )


def response_status_email(*, response) -> None:
    _send(
        subject=f"Votre réponse est {response.get_status_display()} : {response.opportunity.title}",
        template="response_status",
        context={"response": response, "url": _url("opportunities:response", pk=response.pk)},
        to=[response.contact_email, *([response.author.email] if response.author else [])],
    )


def question_email(*, question) -> None:
    opportunity = question.opportunity
    _send(
        subject=f"Nouvelle question : {opportunity.title}",
        template="question",
        context={"question": question, "url": _url("opportunities:detail", pk=opportunity.pk)},
        to=publisher_agent_emails(opportunity),
    )


def answer_email(*, question) -> None:
    if question.asked_by is None:
        return
    _send(
        subject=f"Réponse à votre question : {question.opportunity.title}",
        template="answer",
        context={"question": question, "url": _url("opportunities:detail", pk=question.opportunity_id)},
        to=[question.asked_by.email],
    )


def partner_message_email(*, message) -> None:
    _send(
        subject=f"{message.sender.name} vous contacte : {message.opportunity.title}",
        template="partner_message",
        context={"message": message, "url": _url("opportunities:partners", pk=message.opportunity_id)},
        to=organisation_emails(message.recipient),
        reply_to=[message.author.email] if message.author else None,
    )


def consortium_invitation_email(*, consortium) -> None:
    for membership in consortium.memberships.filter(accepted=False).select_related("organisation"):
        _send(
            subject=f"Invitation dans le consortium « {consortium.name} »",
            template="consortium_invitation",
            context={"consortium": consortium, "url": _url("opportunities:partners", pk=consortium.opportunity_id)},
            to=organisation_emails(membership.organisation),
        )


def invitation_email(*, opportunity, organisation) -> None:
    _send(
        subject=f"{opportunity.publisher.name} vous invite à répondre : {opportunity.title}",
        template="invitation",
        context={
            "opportunity": opportunity,
            "organisation": organisation,
            "url": _url("opportunities:detail", pk=opportunity.pk),
        },
        to=invitation_recipients(organisation),
    )


def invitation_recipients(organisation) -> list[str]:
    """Who an invitation to respond reaches: the organisation's members and its public contacts."""
    public_contacts = organisation.contacts.filter(visibility="public").values_list("email", flat=True)
    return sorted({*organisation_emails(organisation), *(email for email in public_contacts if email)})


def digest_email(*, saved_search, opportunities) -> None:
    from synergies.opportunities.saved_searches import unsubscribe_token

    unsubscribe_url = _url("opportunities:unsubscribe", token=unsubscribe_token(saved_search))
    _send(
        subject=f"{len(opportunities)} nouvelle{'s' if len(opportunities) > 1 else ''} opportunité"
        f"{'s' if len(opportunities) > 1 else ''} : {saved_search.name}",
        template="digest",
        context={
            "saved_search": saved_search,
            "opportunities": opportunities,
            "unsubscribe_url": unsubscribe_url,
            "search_url": _url("opportunities:list"),
        },
        to=[saved_search.user.email],
        # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address.
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
