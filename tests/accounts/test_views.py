import datetime

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from synergies.accounts import services
from synergies.accounts.models import OrganisationMembership
from tests.factories import PASSWORD, TerritoryRoleFactory, UserFactory


def current_code(secret):
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password}, follow=True)


def test_login_with_mfa_accepts_the_right_code_only(bretagne):
    coordinator = TerritoryRoleFactory(territory=bretagne, user__email="c@exemple.fr").user
    client = Client()
    response = login(client, "c@exemple.fr")
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")

    wrong = "000000" if current_code(coordinator.totp_secret) != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert client.get(reverse("site:dashboard")).status_code == 302  # still not logged in

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(coordinator.totp_secret)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("site:dashboard")
    assert "Coordination — Bretagne" in response.content.decode()


def test_role_that_requires_mfa_is_sent_to_enrol_first(bretagne):
    coordinator = TerritoryRoleFactory(territory=bretagne, user__totp=False).user
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("site:dashboard"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and "double authentification" in api.json()["detail"]
    assert client.get(reverse("site:accessibility")).status_code == 200


def test_mfa_cannot_be_switched_off_by_a_coordinator(bretagne):
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    coordinator = TerritoryRoleFactory(territory=bretagne).user
    authenticator = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    assert get_adapter().can_delete_authenticator(authenticator) is False


def test_unverified_email_cannot_log_in(db):
    UserFactory(email="nouveau@exemple.fr", verified=False)
    client = Client()
    response = login(client, "nouveau@exemple.fr")
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert "vérification" in response.content.decode().lower()
    assert client.get(reverse("site:dashboard")).status_code == 302


def test_failed_logins_are_rate_limited(db):
    UserFactory(email="cible@exemple.fr")
    client = Client()
    pages = [login(client, "cible@exemple.fr", "mauvais-mot-de-passe").content.decode() for _ in range(6)]
    assert "Trop de tentatives de connexion échouées" not in pages[0]
    assert "Trop de tentatives de connexion échouées : réessayez dans 5 minutes" in pages[-1]


def test_forged_request_without_csrf_token_is_refused_in_french(people, company):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["org_admin"])
    response = client.post(
        reverse("directory:members", kwargs={"pk": company.pk}), {"email": "x@exemple.fr", "role": "member"}
    )
    assert response.status_code == 403
    assert "Interdit" in response.content.decode() or "CSRF" in response.content.decode()
    assert not company.memberships.filter(user__email="x@exemple.fr").exists()
    from synergies.accounts.models import Invitation

    assert not Invitation.objects.filter(email="x@exemple.fr").exists()


def test_expired_invitation_page_explains_and_changes_nothing(people, company):
    invitation = services.organisation_invitation_create(
        actor=people["org_admin"], organisation=company, email="tard@exemple.fr", role="member"
    )
    invitation.expires_at = timezone.now() - datetime.timedelta(days=1)
    invitation.save()
    late = UserFactory(email="tard@exemple.fr")
    client = Client()
    client.force_login(late)
    url = reverse("accounts:invitation", kwargs={"token": invitation.token})
    page = client.get(url).content.decode()
    assert "a expiré" in page
    response = client.post(url, follow=True)
    assert "a expiré" in response.content.decode()
    assert not OrganisationMembership.objects.filter(user=late).exists()


def test_invitation_page_lets_a_newcomer_sign_up_then_accept(people, company):
    invitation = services.organisation_invitation_create(
        actor=people["org_admin"], organisation=company, email="nouvelle@exemple.fr", role="member"
    )
    url = reverse("accounts:invitation", kwargs={"token": invitation.token})
    page = Client().get(url).content.decode()
    assert "Créer un compte" in page and "membre d’Armor Usinage (test)" in page
    newcomer = UserFactory(email="nouvelle@exemple.fr")
    client = Client()
    client.force_login(newcomer)
    response = client.post(url, follow=True)
    assert "Invitation acceptée" in response.content.decode()
    assert OrganisationMembership.objects.filter(user=newcomer, organisation=company).exists()


def test_org_admin_invites_from_the_members_page(people, company, mailoutbox, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(people["org_admin"])
    url = reverse("directory:members", kwargs={"pk": company.pk})
    response = client.post(url, {"email": "pas-une-adresse", "role": "member"})
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "collegue@exemple.fr", "role": "member"}, follow=True)
    assert "Invitation envoyée à collegue@exemple.fr" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["collegue@exemple.fr"]]


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_audit_trail_lists_who_changed_what(client_for, people, bretagne, role):
    services.territory_role_revoke(actor=people["coordinator"], role=people["defence_agent"].territory_roles.get())
    page = client_for(role).get(reverse("territories:audit", kwargs={"slug": bretagne.slug})).content.decode()
    assert "coord@exemple.fr" in page and "role_revoked" in page
