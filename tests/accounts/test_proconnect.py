"""ProConnect login, end to end against a local stand-in speaking the real OpenID Connect protocol."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from synergies.accounts.models import User
from tests.factories import UserFactory
from tests.proconnect_standin import ProConnectStandIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def standin(settings):
    server = ProConnectStandIn().start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "proconnect": {
            "APPS": [
                {
                    "client_id": server.client_id,
                    "secret": server.client_secret,
                    "settings": {"server_url": server.issuer, "token_auth_method": "client_secret_post"},
                }
            ]
        }
    }
    settings.ALLOWED_HOSTS = ["testserver"]
    yield server
    server.stop()


def proconnect_round_trip(client, standin):
    """The browser's part: our login view → ProConnect's authorize → back to our callback."""
    response = client.post(reverse("proconnect_login"))
    assert response.status_code == 302
    authorize = urlsplit(response["Location"])
    assert response["Location"].startswith(standin.issuer + "/authorize")
    params = parse_qs(authorize.query)
    assert set(params["scope"][0].split()) >= {"openid", "email", "given_name", "usual_name", "siret"}
    assert params["code_challenge_method"] == ["S256"] and params["nonce"][0]
    back = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == reverse("proconnect_callback")
    return client.get(f"{callback.path}?{callback.query}")


def test_login_page_offers_proconnect_when_configured(client, standin):
    response = client.get(reverse("account_login"))
    page = response.content.decode()
    assert "S’identifier avec ProConnect" in page
    assert f'action="{reverse("proconnect_login")}?process=login"' in page and 'method="post"' in page


def test_login_page_has_no_proconnect_without_its_settings(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"proconnect": {"APPS": []}}
    assert "ProConnect" not in client.get(reverse("account_login")).content.decode()


def test_an_agent_logs_in_and_gets_an_account_with_their_names(client, standin):
    response = proconnect_round_trip(client, standin)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="camille.durand@intradef.gouv.fr")
    assert (user.first_name, user.last_name) == ("Camille", "Durand")
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("proconnect", "agent-0001")
    assert account.extra_data["userinfo"]["siret"] == "11009001600053"  # verified JWT, decoded
    assert client.session["_auth_user_id"] == str(user.pk)
    token_request = next(r for r in standin.requests if r[1].endswith("/token"))
    assert token_request[2]["client_secret"] == standin.client_secret  # client_secret_post


def test_an_existing_account_with_the_same_address_is_the_one_logged_in(client, standin):
    existing = UserFactory(email="camille.durand@intradef.gouv.fr", verified=True)
    response = proconnect_round_trip(client, standin)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert User.objects.filter(email__iexact="camille.durand@intradef.gouv.fr").count() == 1


@pytest.mark.parametrize("fault", ["nonce", "userinfo_signature"])
def test_a_forged_answer_is_refused_and_nobody_is_logged_in(client, standin, fault):
    standin.tamper.add(fault)
    response = proconnect_round_trip(client, standin)
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="camille.durand@intradef.gouv.fr").exists()
    assert "La connexion par ProConnect n’a pas abouti" in " ".join(response.content.decode().split())


def test_a_replayed_callback_is_refused(client, standin):
    response = client.post(reverse("proconnect_login"))
    back = requests.get(response["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    client.logout()
    replay = client.get(f"{callback.path}?{callback.query}")
    assert replay.status_code == 401 and "_auth_user_id" not in client.session


def test_logout_also_ends_the_proconnect_session(client, standin):
    proconnect_round_trip(client, standin)
    id_token = client.session["proconnect_id_token"]
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    end = urlsplit(response["Location"])
    assert response["Location"].startswith(standin.issuer + "/session/end")
    query = parse_qs(end.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert "_auth_user_id" not in client.session


def test_logout_of_a_password_session_stays_local(client, standin):
    user = UserFactory(verified=True)
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert not response["Location"].startswith(standin.issuer)
