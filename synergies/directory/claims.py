"""Profile claims: a person asks to manage an organisation's profile; granted at once when their
verified e-mail address is at the domain of its website, else decided by a coordinator."""

from django.db import transaction
from django.utils import timezone

from synergies.core import audit
from synergies.core.exceptions import ApplicationError, refused_if_invalid
from synergies.core.tasks import enqueue_on_commit
from synergies.directory import reference, tasks
from synergies.directory.models import Organisation


def website_domain(url: str) -> str:
    from urllib.parse import urlsplit

    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.")


def email_domain_matches(email: str, website: str) -> bool:
    """The person's address is at the organisation's own domain (or a subdomain of it)."""
    domain = website_domain(website)
    address_domain = email.rpartition("@")[2].lower()
    return bool(domain) and (address_domain == domain or address_domain.endswith("." + domain))


@transaction.atomic
def profile_claim(*, user, siret: str, message: str = ""):
    """Claim the profile of `siret`. Returns (organisation, claim or None when granted at once)."""
    from allauth.account.models import EmailAddress

    from synergies.accounts.enums import OrganisationRole
    from synergies.accounts.models import OrganisationMembership
    from synergies.core.marking import validate_no_marking
    from synergies.directory.models import ProfileClaim

    siret = siret.replace(" ", "")
    if problem := reference.siret_problem(siret):
        raise ApplicationError(problem[0].upper() + problem[1:] + ".")
    organisation = Organisation.objects.not_merged().filter(siret=siret).first()
    if organisation is None:
        raise ApplicationError(
            f"Aucune organisation de l'annuaire n'a le SIRET {siret}. Un coordinateur peut l'ajouter par un import."
        )
    if OrganisationMembership.objects.filter(user=user, organisation=organisation).exists():
        raise ApplicationError(f"Vous êtes déjà membre de « {organisation} ».")
    with refused_if_invalid(field="message"):
        validate_no_marking(message)
    verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    if verified and email_domain_matches(user.email, organisation.website):
        has_admin = organisation.memberships.filter(role=OrganisationRole.ADMIN).exists()
        OrganisationMembership.objects.create(
            user=user, organisation=organisation, role=OrganisationRole.MEMBER if has_admin else OrganisationRole.ADMIN
        )
        audit.record(
            actor=user,
            action="profile_claimed",
            target=organisation,
            territory=organisation.territory,
            changes={"proof": f"adresse au domaine {website_domain(organisation.website)}"},
        )
        return organisation, None
    if ProfileClaim.objects.filter(user=user, organisation=organisation, status=ProfileClaim.Status.PENDING).exists():
        raise ApplicationError("Votre demande est déjà en attente de la décision d'un coordinateur.")
    claim = ProfileClaim.objects.create(organisation=organisation, user=user, message=message.strip()[:2000])
    audit.record(actor=user, action="profile_claim_requested", target=organisation, territory=organisation.territory)
    _after_commit_send(tasks.send_claim_requested_email, claim)
    return organisation, claim


@transaction.atomic
def profile_claim_decide(*, actor, claim, approve: bool):
    from synergies.accounts.enums import OrganisationRole
    from synergies.accounts.models import OrganisationMembership
    from synergies.directory.models import ProfileClaim

    claim = ProfileClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ProfileClaim.Status.PENDING:
        raise ApplicationError("Cette demande a déjà été traitée.")
    claim.status = ProfileClaim.Status.APPROVED if approve else ProfileClaim.Status.REFUSED
    claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.save()
    if approve:
        has_admin = claim.organisation.memberships.filter(role=OrganisationRole.ADMIN).exists()
        OrganisationMembership.objects.get_or_create(
            user=claim.user,
            organisation=claim.organisation,
            defaults={"role": OrganisationRole.MEMBER if has_admin else OrganisationRole.ADMIN},
        )
    audit.record(
        actor=actor,
        action="profile_claim_approved" if approve else "profile_claim_refused",
        target=claim.organisation,
        territory=claim.organisation.territory,
        changes={"person": claim.user.email},
    )
    _after_commit_send(tasks.send_claim_decided_email, claim)
    return claim


def _after_commit_send(task, claim) -> None:
    """E-mails leave once the decision is stored, from the worker (a slow SMTP never holds a page)."""
    enqueue_on_commit(task, claim_id=claim.pk)
