import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from synergies.accounts import perms
from synergies.accounts.enums import InvitationKind, OrganisationRole, TerritoryRoleKind
from synergies.accounts.models import (
    ApiToken,
    Invitation,
    OrganisationMembership,
    TerritoryRole,
    User,
    hash_token_key,
    new_api_key,
)
from synergies.accounts.roles import forget_roles, roles_of
from synergies.core import audit, mail
from synergies.core.exceptions import ApplicationError
from synergies.core.tasks import enqueue_on_commit


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def invitation_email_send(*, invitation: Invitation) -> None:
    mail.send(
        subject=f"Invitation : {invitation.role_label}",
        template="accounts/email/invitation.txt",
        context={"invitation": invitation, "accept_url": mail.site_url("accounts:invitation", token=invitation.token)},
        to=[invitation.email],
    )


def _enqueue_invitation_email(invitation: Invitation) -> None:
    from synergies.accounts.tasks import send_invitation_email

    enqueue_on_commit(send_invitation_email, invitation_id=invitation.pk)


def _expiry():
    return timezone.now() + datetime.timedelta(days=settings.SYNERGIES_INVITATION_DAYS)


@transaction.atomic
def organisation_invitation_create(*, actor: User, organisation, email: str, role: str) -> Invitation:
    if not perms.can_manage_members(actor, organisation):
        raise ApplicationError("Vous ne pouvez pas inviter de membres dans cette organisation.")
    email = _normalise_email(email)
    if OrganisationMembership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ApplicationError(f"{email} est déjà membre de {organisation}.")
    if (
        Invitation.objects.pending()
        .filter(organisation=organisation, kind=InvitationKind.ORGANISATION, email=email)
        .exists()
    ):
        raise ApplicationError(f"Une invitation est déjà en attente pour {email}.")
    invitation = Invitation(
        email=email,
        kind=InvitationKind.ORGANISATION,
        organisation=organisation,
        organisation_role=role,
        token=Invitation.new_token(),
        invited_by=actor,
        expires_at=_expiry(),
    )
    invitation.full_clean()
    invitation.save()
    audit.record(
        actor=actor,
        action="invitation_sent",
        target=organisation,
        territory=organisation.territory,
        changes={"email": email, "role": role},
    )
    _enqueue_invitation_email(invitation)
    return invitation


@transaction.atomic
def territory_invitation_create(
    *, actor: User, territory, email: str, role: str, party: str = "", organisation=None
) -> Invitation:
    if not perms.can_manage_territory_roles(actor, territory):
        raise ApplicationError("Vous ne pouvez pas attribuer de rôles dans ce territoire.")
    email = _normalise_email(email)
    if role == TerritoryRoleKind.COORDINATOR:
        if party not in perms.grantable_parties(actor, territory):
            raise ApplicationError("Vous ne pouvez nommer des coordinateurs que pour la partie que vous représentez.")
        organisation = None
    elif role == TerritoryRoleKind.DEFENCE_AGENT:
        if organisation is None:
            raise ApplicationError("Indiquez l'organisation pour le compte de laquelle l'agent agira.")
        if organisation.territory_id != territory.pk:
            raise ApplicationError("L'organisation de l'agent doit appartenir au territoire.")
        party = ""
    if TerritoryRole.objects.filter(territory=territory, kind=role, user__email__iexact=email).exists():
        raise ApplicationError(f"{email} a déjà ce rôle dans ce territoire.")
    if Invitation.objects.pending().filter(territory=territory, territory_role=role, email=email).exists():
        raise ApplicationError(f"Une invitation est déjà en attente pour {email}.")
    invitation = Invitation(
        email=email,
        kind=InvitationKind.TERRITORY,
        territory=territory,
        territory_role=role,
        party=party,
        organisation=organisation,
        token=Invitation.new_token(),
        invited_by=actor,
        expires_at=_expiry(),
    )
    invitation.full_clean()
    invitation.save()
    audit.record(
        actor=actor,
        action="invitation_sent",
        target=territory,
        territory=territory,
        changes={"email": email, "role": role, "party": party, "organisation": organisation},
    )
    _enqueue_invitation_email(invitation)
    return invitation


def invitation_problem(invitation: Invitation, user: User | None = None) -> str | None:
    """Why `invitation` cannot be accepted now, by `user` if given (French), or None."""
    if invitation.revoked_at:
        return "Cette invitation a été annulée. Demandez une nouvelle invitation à la personne qui vous l'a envoyée."
    if invitation.accepted_at:
        return "Cette invitation a déjà été acceptée."
    if invitation.is_expired:
        return (
            f"Cette invitation a expiré le {timezone.localtime(invitation.expires_at):%d/%m/%Y}. "
            "Demandez une nouvelle invitation à la personne qui vous l'a envoyée."
        )
    if user is None:
        return None
    verified = EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()
    if not verified:
        return (
            f"Cette invitation est adressée à {invitation.email}. Connectez-vous avec ce compte, "
            "ou ajoutez et vérifiez cette adresse dans votre compte, pour l'accepter."
        )
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation, user)
    if problem:
        raise ApplicationError(problem)
    if invitation.kind == InvitationKind.ORGANISATION:
        granted, _ = OrganisationMembership.objects.update_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.organisation_role}
        )
        territory = invitation.organisation.territory
    else:
        try:
            granted = TerritoryRole.objects.create(
                user=user,
                territory=invitation.territory,
                kind=invitation.territory_role,
                party=invitation.party,
                organisation=invitation.organisation,
                granted_by=invitation.invited_by,
            )
        except IntegrityError as exc:
            raise ApplicationError("Vous avez déjà ce rôle dans ce territoire.") from exc
        territory = invitation.territory
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit.record(
        actor=user,
        action="role_granted",
        target=granted,
        territory=territory,
        changes={"invitation": invitation.role_label},
    )
    forget_roles(user)
    return granted


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    target = invitation.organisation if invitation.kind == InvitationKind.ORGANISATION else invitation.territory
    if not perms.can_revoke_invitation(actor, invitation):
        raise ApplicationError("Vous ne pouvez pas annuler cette invitation.")
    if invitation.accepted_at:
        raise ApplicationError("Cette invitation a déjà été acceptée : retirez plutôt le rôle.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    territory = target if invitation.kind == InvitationKind.TERRITORY else target.territory
    audit.record(
        actor=actor,
        action="invitation_revoked",
        target=target,
        territory=territory,
        changes={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def membership_remove(*, actor: User, membership: OrganisationMembership) -> None:
    organisation = membership.organisation
    if not perms.can_manage_members(actor, organisation):
        raise ApplicationError("Vous ne pouvez pas retirer de membres de cette organisation.")
    is_last_admin = (
        membership.role == OrganisationRole.ADMIN
        and not organisation.memberships.filter(role=OrganisationRole.ADMIN).exclude(pk=membership.pk).exists()
    )
    if is_last_admin and not roles_of(actor).coordinates(organisation.territory) and not actor.is_superuser:
        raise ApplicationError("L'organisation doit garder au moins un administrateur.")
    audit.record(
        actor=actor,
        action="role_revoked",
        target=membership,
        territory=organisation.territory,
        changes={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def territory_role_revoke(*, actor: User, role: TerritoryRole) -> None:
    if not perms.can_manage_territory_roles(actor, role.territory):
        raise ApplicationError("Vous ne pouvez pas retirer de rôles dans ce territoire.")
    if role.kind == TerritoryRoleKind.COORDINATOR and role.party not in perms.grantable_parties(actor, role.territory):
        raise ApplicationError("Seul un coordinateur de la même partie peut retirer ce rôle.")
    audit.record(
        actor=actor,
        action="role_revoked",
        target=role,
        territory=role.territory,
        changes={"email": role.user.email, "role": role.kind, "party": role.party},
    )
    role.delete()


@transaction.atomic
def user_profile_update(*, user: User, first_name: str, last_name: str) -> User:
    before = audit.snapshot(user, ["first_name", "last_name"])
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.full_clean()
    user.save(update_fields=["first_name", "last_name"])
    changes = audit.model_changes(user, ["first_name", "last_name"], before)
    if changes:
        audit.record(actor=user, action="updated", target=user, changes=changes)
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """Returns the token and its key; the key is not stored and cannot be shown again."""
    key = new_api_key()
    token = ApiToken(
        user=user,
        name=name.strip() or "jeton",
        prefix=key[:10],
        key_hash=hash_token_key(key),
        expires_at=timezone.now() + datetime.timedelta(days=days) if days else None,
    )
    token.full_clean()
    token.save()
    audit.record(actor=user, action="api_token_created", target=token, changes={"name": token.name})
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise ApplicationError("Ce jeton ne vous appartient pas.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor=user, action="api_token_revoked", target=token)
    return token


def api_token_authenticate(key: str) -> User | None:
    token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_token_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


FEED_KEY_SALT = "synergies.accounts.feed_key"


def feed_key(user: User) -> str | None:
    """The person's current feed key (for readers that send no session), None if they have none."""
    if not user.is_authenticated or not user.feed_secret:
        return None
    return signing.dumps([user.pk, user.feed_secret], salt=FEED_KEY_SALT)


@transaction.atomic
def feed_key_regenerate(*, user: User) -> str:
    """A new feed key; every link given out with the former one stops working."""
    user.feed_secret = secrets.token_hex(16)
    user.save(update_fields=["feed_secret"])
    audit.record(actor=user, action="feed_key_regenerated", target=user)
    return feed_key(user)


@transaction.atomic
def feed_key_revoke(*, user: User) -> None:
    user.feed_secret = ""
    user.save(update_fields=["feed_secret"])
    audit.record(actor=user, action="feed_key_revoked", target=user)


def feed_key_user(key: str) -> User | None:
    """The person a feed key stands for, or None if it is forged, revoked or replaced."""
    try:
        pk, secret = signing.loads(key, salt=FEED_KEY_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not secret:
        return None
    return User.objects.filter(pk=pk, is_active=True, feed_secret=secret).first()


@transaction.atomic
def account_delete(*, user: User, confirmation: str) -> None:
    """A person deletes their own account. Each app erases or anonymises its part (core.personal_data);
    the journal keeps what happened, no longer who did it."""
    if _normalise_email(confirmation) != _normalise_email(user.email):
        raise ApplicationError("Pour confirmer, saisissez exactement votre adresse e-mail.")
    _person_remove(user)
    audit.record(actor=None, action="account_deleted", target=None)


DELETED_ACCOUNT_LABEL = "compte supprimé"


def _person_remove(user: User) -> None:
    """The one way a person leaves the platform (their own deletion, a retention period): each app
    erases or anonymises its part, the journal forgets the name, the account goes (its e-mail
    addresses, roles and tokens with it)."""
    from synergies.core import personal_data
    from synergies.core.models import AuditEntry

    personal_data.erase(user)
    AuditEntry.objects.filter(actor=user).update(actor_repr=DELETED_ACCOUNT_LABEL)
    user.delete()


@transaction.atomic
def retention_apply(*, now=None) -> dict[str, int]:
    """Delete what the retention settings say must go: never-verified accounts that hold nothing,
    and API tokens revoked or expired long ago."""
    now = now or timezone.now()
    days = datetime.timedelta
    unverified = (
        User.objects.filter(
            date_joined__lt=now - days(days=settings.SYNERGIES_RETENTION_UNVERIFIED_ACCOUNT_DAYS),
            is_superuser=False,
            is_national_steering=False,
            memberships__isnull=True,
            territory_roles__isnull=True,
        )
        .exclude(emailaddress__verified=True)
        .distinct()
    )
    accounts = 0
    for user in unverified:
        _person_remove(user)
        accounts += 1
    ended_before = now - days(days=settings.SYNERGIES_RETENTION_ENDED_TOKEN_DAYS)
    tokens, _ = ApiToken.objects.filter(
        models.Q(revoked_at__lt=ended_before) | models.Q(expires_at__lt=ended_before)
    ).delete()
    if accounts or tokens:
        audit.record(actor=None, action="retention_applied", changes={"accounts": accounts, "tokens": tokens})
    return {"accounts": accounts, "tokens": tokens}


def organisation_people_move(*, source, target) -> None:
    """When the directory folds `source` into `target` (a merge): its members (unless already members
    of `target`), the territory roles acting for it and its pending invitations go to `target`.
    The caller (directory.services.organisation_merge) checks who may merge."""
    members = set(target.memberships.values_list("user_id", flat=True))
    OrganisationMembership.objects.filter(organisation=source).exclude(user_id__in=members).update(organisation=target)
    TerritoryRole.objects.filter(organisation=source).update(organisation=target)
    Invitation.objects.filter(organisation=source).update(organisation=target)
