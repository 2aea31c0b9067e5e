"""Profile claims: a person asks to manage an organisation's profile; granted at once when their
verified e-mail address is at the domain of its website, else decided by a coordinator."""

from django.db import transaction
from django.utils import timezone

from synergies.core import audit
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse, refused_if_invalid
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


REQUEST_FIELDS = ("name", "kind", "siret", "city", "website", "message")


@transaction.atomic
def organisation_request(*, user, territory, fields: dict):
    """Ask for the creation of an organisation missing from the directory; its coordinators decide."""
    from synergies.directory.models import OrganisationRequest

    siret = (fields.get("siret") or "").replace(" ", "")
    if siret:
        if problem := reference.siret_problem(siret):
            raise ApplicationError(problem[0].upper() + problem[1:] + ".", extra={"field": "siret"})
        existing = Organisation.objects.not_merged().filter(siret=siret).first()
        if existing is not None:
            raise ApplicationError(
                f"« {existing.name} » a déjà ce SIRET dans l'annuaire : demandez plutôt à gérer son profil.",
                extra={"field": "siret"},
            )
    pending = OrganisationRequest.objects.filter(user=user, status=OrganisationRequest.Status.PENDING)
    if pending.filter(name__iexact=(fields.get("name") or "").strip()).exists():
        raise ApplicationError("Votre demande pour cette organisation attend déjà la décision d'un coordinateur.")
    request = OrganisationRequest(territory=territory, user=user)
    for name in REQUEST_FIELDS:
        setattr(request, name, (fields.get(name) or "").strip())
    request.siret = siret
    full_clean_or_refuse(request, exclude=["organisation", "decided_by"])
    request.save()
    audit.record(actor=user, action="organisation_requested", territory=territory, changes={"name": request.name})
    enqueue_on_commit(tasks.send_organisation_request_email, request_id=request.pk)
    return request


@transaction.atomic
def organisation_request_decide(*, actor, request, approve: bool, reason: str = ""):
    """Create the organisation (the person becomes its administrator), or refuse with a reason."""
    from synergies.accounts.enums import OrganisationRole
    from synergies.accounts.models import OrganisationMembership
    from synergies.directory import perms
    from synergies.directory.enums import OrganisationSource
    from synergies.directory.models import OrganisationRequest

    request = OrganisationRequest.objects.select_for_update().select_related("territory", "user").get(pk=request.pk)
    if not perms.can_manage_directory(actor, request.territory):
        raise ApplicationError("Seuls les coordinateurs du territoire décident des créations d'organisations.")
    if request.status != OrganisationRequest.Status.PENDING:
        raise ApplicationError("Cette demande a déjà été traitée.")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError("Le motif du refus est obligatoire : la personne le reçoit.")
    if approve:
        commune = reference.commune_in(request.city, request.territory.department_codes)
        place = {"city": request.city}
        if commune is not None:
            place = {
                "city": commune.name,
                "commune_insee": commune.insee,
                "department": commune.department,
                "postal_code": commune.postal_codes[0] if commune.postal_codes else "",
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            }
        organisation = Organisation(
            territory=request.territory,
            name=request.name,
            kind=request.kind,
            siret=request.siret or None,
            siren=request.siret[:9],
            website=request.website,
            source=OrganisationSource.MANUAL,
            **place,
        )
        full_clean_or_refuse(organisation)
        organisation.save()
        OrganisationMembership.objects.create(user=request.user, organisation=organisation, role=OrganisationRole.ADMIN)
        request.organisation = organisation
    request.status = OrganisationRequest.Status.APPROVED if approve else OrganisationRequest.Status.REFUSED
    request.reason = reason
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save()
    audit.record(
        actor=actor,
        action="organisation_request_approved" if approve else "organisation_request_refused",
        target=request.organisation,
        territory=request.territory,
        changes={"name": request.name, "person": request.user.email},
    )
    enqueue_on_commit(tasks.send_organisation_request_email, request_id=request.pk)
    return request
