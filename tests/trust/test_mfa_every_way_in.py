"""Hole 1 of the trust issue: a role that requires MFA counts only once the person enrolled, for every
way in — session, API token, personal feed key."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from synergies.accounts import services as account_services
from synergies.accounts.enums import Party
from synergies.accounts.roles import roles_of
from tests.factories import TerritoryRoleFactory, UserFactory


@pytest.fixture
def partners_only(make_opportunity):
    return make_opportunity(title="Besoin réservé aux partenaires", visibility="partners")


@pytest.fixture
def unenrolled_coordinator(bretagne):
    """Created a token as a plain person, then became coordinator without enrolling TOTP."""
    user = UserFactory(email="sans-totp@exemple.fr")
    _, key = account_services.api_token_create(user=user, name="script")
    TerritoryRoleFactory(user=user, territory=bretagne, party=Party.STATE)
    return user, key


def test_a_privileged_role_without_totp_has_only_plain_rights(unenrolled_coordinator, bretagne):
    user, _ = unenrolled_coordinator
    roles = roles_of(user)
    assert roles.mfa_missing and roles.requires_mfa
    assert not roles.coordinates(bretagne) and not roles.partner_territory_ids


def test_an_api_token_of_an_unenrolled_coordinator_gets_a_french_403(unenrolled_coordinator, partners_only):
    _, key = unenrolled_coordinator
    client = Client(headers={"Authorization": f"Bearer {key}"})
    for path in ("/api/v1/opportunities", f"/api/v1/opportunities/{partners_only.pk}", "/api/v1/me"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "double authentification" in response.json()["detail"]
    assert client.post("/api/v1/values/1/validation", {}, content_type="application/json").status_code == 403


def test_the_token_works_again_once_totp_is_enrolled(unenrolled_coordinator, partners_only):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user, key = unenrolled_coordinator
    TOTP.activate(user, generate_totp_secret())
    response = Client(headers={"Authorization": f"Bearer {key}"}).get(f"/api/v1/opportunities/{partners_only.pk}")
    assert response.status_code == 200 and response.json()["title"] == "Besoin réservé aux partenaires"


def test_a_session_of_an_unenrolled_coordinator_is_sent_to_enrol(unenrolled_coordinator, partners_only):
    user, _ = unenrolled_coordinator
    client = Client()
    client.force_login(user)
    page = client.get(reverse("opportunities:detail", kwargs={"pk": partners_only.pk}))
    assert page.status_code == 302 and page["Location"] == reverse("mfa_activate_totp")
    assert client.get("/api/v1/opportunities").status_code == 403


def test_a_feed_key_of_an_unenrolled_coordinator_shows_public_content_only(
    unenrolled_coordinator, partners_only, make_opportunity
):
    user, _ = unenrolled_coordinator
    make_opportunity(title="Besoin public du flux")
    key = account_services.feed_key_regenerate(user=user)
    rss = Client().get(reverse("opportunities:feed_rss"), {"cle": key}).content.decode()
    assert "Besoin public du flux" in rss
    assert "Besoin réservé aux partenaires" not in rss


def test_a_feed_key_can_be_regenerated_and_revoked_from_the_account_page(client_for, people, partners_only):
    client = client_for("defence_agent")
    page = client.get(reverse("accounts:api_tokens"))
    assert "Vous n'avez pas de clé de flux" in page.content.decode()
    client.post(reverse("accounts:feed_key_regenerate"))
    first = account_services.feed_key(_reload(people["defence_agent"]))
    assert urlencode({"cle": first}) in client.get(reverse("accounts:api_tokens")).content.decode()
    assert (
        "Besoin réservé aux partenaires"
        in Client().get(reverse("opportunities:feed_rss"), {"cle": first}).content.decode()
    )

    client.post(reverse("accounts:feed_key_regenerate"))
    second = account_services.feed_key(_reload(people["defence_agent"]))
    assert second != first
    assert Client().get(reverse("opportunities:feed_rss"), {"cle": first}).status_code == 403
    assert Client().get(reverse("opportunities:feed_ics"), {"cle": second}).status_code == 200

    client.post(reverse("accounts:feed_key_revoke"))
    assert account_services.feed_key(_reload(people["defence_agent"])) is None
    refused = Client().get(reverse("opportunities:feed_rss"), {"cle": second})
    assert refused.status_code == 403


def test_a_forged_feed_key_is_refused(db):
    assert Client().get(reverse("opportunities:feed_rss"), {"cle": "1:forged"}).status_code == 403


def _reload(user):
    user.refresh_from_db()
    return user
