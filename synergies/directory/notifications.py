"""E-mails of the directory: profile claims. Each says only what its recipient may see."""

from synergies.accounts.enums import TerritoryRoleKind
from synergies.accounts.models import TerritoryRole
from synergies.core import mail


def coordinator_emails(territory) -> list[str]:
    return list(
        TerritoryRole.objects.filter(
            kind=TerritoryRoleKind.COORDINATOR, territory=territory, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def claim_requested_email(*, claim) -> None:
    """The territory's coordinators learn that a person waits for their decision."""
    organisation = claim.organisation
    mail.send(
        subject=f"Demande de rattachement à « {organisation.name} »",
        template="directory/email/claim_requested.txt",
        context={"claim": claim, "url": mail.site_url("directory:claims", slug=organisation.territory.slug)},
        to=coordinator_emails(organisation.territory),
    )


def claim_decided_email(*, claim) -> None:
    """The person who asked learns the decision, and where to go next."""
    approved = claim.status == claim.Status.APPROVED
    mail.send(
        subject=f"Votre demande pour « {claim.organisation.name} » est {'acceptée' if approved else 'refusée'}",
        template="directory/email/claim_decided.txt",
        context={
            "claim": claim,
            "approved": approved,
            "url": mail.site_url("directory:detail", pk=claim.organisation_id),
        },
        to=[claim.user.email],
    )


def organisation_request_email(*, request) -> None:
    """A new request goes to the territory's coordinators; a decision to the person who asked."""
    if request.status == request.Status.PENDING:
        mail.send(
            subject=f"Demande de création de « {request.name} » dans l'annuaire",
            template="directory/email/organisation_request.txt",
            context={"request": request, "url": mail.site_url("directory:claims", slug=request.territory.slug)},
            to=coordinator_emails(request.territory),
        )
        return
    approved = request.status == request.Status.APPROVED
    mail.send(
        subject=f"Votre demande de création de « {request.name} » est {'acceptée' if approved else 'refusée'}",
        template="directory/email/organisation_request.txt",
        context={
            "request": request,
            "approved": approved,
            "url": mail.site_url("directory:detail", pk=request.organisation_id)
            if approved
            else mail.site_url("directory:claim"),
        },
        to=[request.user.email],
    )
