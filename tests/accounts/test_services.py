import datetime

import pytest
from django.core import mail
from django.utils import timezone

from synergies.accounts import services
from synergies.accounts.enums import OrganisationRole, Party, TerritoryRoleKind
from synergies.accounts.models import ApiToken, OrganisationMembership, TerritoryRole
from synergies.accounts.roles import roles_of
from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from tests.factories import OrganisationFactory, UserFactory


def test_org_admin_invites_a_member_who_accepts(people, company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.organisation_invitation_create(
            actor=people["org_admin"], organisation=company, email=" Nouveau@Exemple.fr ", role=OrganisationRole.MEMBER
        )
    assert invitation.email == "nouveau@exemple.fr"
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert "Armor Usinage (test)" in mail.outbox[0].subject

    newcomer = UserFactory(email="nouveau@exemple.fr")
    membership = services.invitation_accept(invitation=invitation, user=newcomer)
    assert membership.role == OrganisationRole.MEMBER
    assert company.pk in roles_of(newcomer).member_organisation_ids
    assert AuditEntry.objects.filter(action="role_granted", territory=company.territory).exists()


def test_a_member_cannot_invite(people, company):
    with pytest.raises(ApplicationError):
        services.organisation_invitation_create(
            actor=people["org_member"], organisation=company, email="x@exemple.fr", role="member"
        )


def test_expired_invitation_is_refused_and_changes_nothing(people, company):
    invitation = services.organisation_invitation_create(
        actor=people["org_admin"], organisation=company, email="tard@exemple.fr", role="member"
    )
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()
    late = UserFactory(email="tard@exemple.fr")
    with pytest.raises(ApplicationError) as error:
        services.invitation_accept(invitation=invitation, user=late)
    assert "a expiré" in error.value.message
    assert not OrganisationMembership.objects.filter(user=late).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_for_another_address_is_refused(people, company):
    invitation = services.organisation_invitation_create(
        actor=people["org_admin"], organisation=company, email="destinataire@exemple.fr", role="member"
    )
    with pytest.raises(ApplicationError) as error:
        services.invitation_accept(invitation=invitation, user=people["registered"])
    assert "destinataire@exemple.fr" in error.value.message
    assert not OrganisationMembership.objects.filter(user=people["registered"], organisation=company).exists()


def test_invitation_with_unverified_address_is_refused(people, company):
    invitation = services.organisation_invitation_create(
        actor=people["org_admin"], organisation=company, email="pasverifie@exemple.fr", role="member"
    )
    unverified = UserFactory(email="pasverifie@exemple.fr", verified=False)
    with pytest.raises(ApplicationError):
        services.invitation_accept(invitation=invitation, user=unverified)


def test_revoked_invitation_cannot_be_accepted(people, company):
    invitation = services.organisation_invitation_create(
        actor=people["org_admin"], organisation=company, email="annule@exemple.fr", role="member"
    )
    services.invitation_revoke(actor=people["org_admin"], invitation=invitation)
    with pytest.raises(ApplicationError) as error:
        services.invitation_accept(invitation=invitation, user=UserFactory(email="annule@exemple.fr"))
    assert "annulée" in error.value.message


def test_second_pending_invitation_to_the_same_address_is_refused(people, company):
    services.organisation_invitation_create(
        actor=people["org_admin"], organisation=company, email="a@exemple.fr", role="member"
    )
    with pytest.raises(ApplicationError) as error:
        services.organisation_invitation_create(
            actor=people["org_admin"], organisation=company, email="A@exemple.fr", role="member"
        )
    assert "déjà en attente" in error.value.message


def test_coordinator_grants_defence_agent_role_in_own_territory(people, bretagne, company):
    invitation = services.territory_invitation_create(
        actor=people["coordinator"],
        territory=bretagne,
        email="agent2@exemple.fr",
        role=TerritoryRoleKind.DEFENCE_AGENT,
        organisation=company,
    )
    agent = UserFactory(email="agent2@exemple.fr")
    role = services.invitation_accept(invitation=invitation, user=agent)
    assert role.kind == TerritoryRoleKind.DEFENCE_AGENT and role.organisation == company
    assert roles_of(agent).requires_mfa


def test_coordinator_cannot_grant_roles_in_another_territory(people, territories):
    with pytest.raises(ApplicationError):
        services.territory_invitation_create(
            actor=people["other_coordinator"],
            territory=territories["bretagne"],
            email="x@exemple.fr",
            role=TerritoryRoleKind.COORDINATOR,
            party=Party.STATE,
        )


def test_coordinator_cannot_create_a_coordinator_of_the_other_party(people, bretagne):
    """Otherwise a Region coordinator could make up the State coordinator who validates its values."""
    with pytest.raises(ApplicationError) as error:
        services.territory_invitation_create(
            actor=people["coordinator"],
            territory=bretagne,
            email="faux-etat@exemple.fr",
            role=TerritoryRoleKind.COORDINATOR,
            party=Party.STATE,
        )
    assert "partie" in error.value.message
    invitation = services.territory_invitation_create(
        actor=people["coordinator"],
        territory=bretagne,
        email="collegue@exemple.fr",
        role=TerritoryRoleKind.COORDINATOR,
        party=Party.REGION,
    )
    assert invitation.party == Party.REGION


def test_defence_agent_organisation_must_belong_to_the_territory(people, territories):
    normandy_unit = OrganisationFactory(territory=territories["normandie"])
    with pytest.raises(ApplicationError):
        services.territory_invitation_create(
            actor=people["coordinator"],
            territory=territories["bretagne"],
            email="x@exemple.fr",
            role=TerritoryRoleKind.DEFENCE_AGENT,
            organisation=normandy_unit,
        )


def test_last_organisation_admin_cannot_remove_themself(people, company):
    membership = OrganisationMembership.objects.get(user=people["org_admin"])
    with pytest.raises(ApplicationError):
        services.membership_remove(actor=people["org_admin"], membership=membership)
    assert OrganisationMembership.objects.filter(pk=membership.pk).exists()


def test_coordinator_revokes_a_role_with_an_audit_entry(people, bretagne):
    role = TerritoryRole.objects.get(user=people["defence_agent"])
    services.territory_role_revoke(actor=people["coordinator"], role=role)
    assert not TerritoryRole.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(action="role_revoked")
    assert entry.actor == people["coordinator"] and entry.territory == bretagne


def test_api_token_is_stored_hashed_and_authenticates_until_revoked(people):
    user = people["registered"]
    token, key = services.api_token_create(user=user, name="export")
    assert key.startswith("syn_") and key not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert services.api_token_authenticate(key) == user
    assert services.api_token_authenticate(key + "x") is None
    services.api_token_revoke(user=user, token=token)
    assert services.api_token_authenticate(key) is None


def test_expired_api_token_does_not_authenticate(people):
    token, key = services.api_token_create(user=people["registered"], name="vieux")
    token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token.save()
    assert services.api_token_authenticate(key) is None
