import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.http import urlencode

PROVIDER_ID = "proconnect"
ID_TOKEN_SESSION_KEY = "proconnect_id_token"


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def __init__(self, request):
        super().__init__(request, provider_id=PROVIDER_ID)

    def get_callback_url(self, request, app):
        return request.build_absolute_uri(reverse("proconnect_callback"))

    def complete_login(self, request, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        # Kept for the logout at ProConnect (`id_token_hint`); see `id_token_keep`.
        login.proconnect_id_token = kwargs["response"].get("id_token")
        return login

    def _fetch_user_info(self, access_token):
        """ProConnect's userinfo is a JWT signed with the provider's keys: its signature is verified."""
        headers = {"Authorization": f"Bearer {access_token}"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers)
            response.raise_for_status()
        if not response.headers.get("Content-Type", "").startswith("application/jwt"):
            return response.json()
        return jwtkit.verify_and_decode(
            credential=response.text,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=self.get_provider().app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )


def nonce_check(sociallogin):
    """The ID token must carry the nonce sent with this login's authorisation request."""
    expected = (sociallogin.state or {}).get("nonce")
    received = (sociallogin.account.extra_data or {}).get("id_token", {}).get("nonce")
    if not expected or not received or not constant_time_compare(expected, received):
        raise OAuth2Error("ProConnect : le nonce du jeton d'identité ne correspond pas à la demande.")


def id_token_keep(sociallogin):
    """Carry the raw ID token in the login's state, which allauth keeps across the MFA step."""
    sociallogin.state[ID_TOKEN_SESSION_KEY] = getattr(sociallogin, "proconnect_id_token", None)


def id_token_store(request, sociallogin):
    """Once logged in, the ID token waits in the session for the logout."""
    if sociallogin.account.provider == PROVIDER_ID and sociallogin.state.get(ID_TOKEN_SESSION_KEY):
        request.session[ID_TOKEN_SESSION_KEY] = sociallogin.state[ID_TOKEN_SESSION_KEY]


def end_session_url(request, id_token):
    """Where to send a person logging out, so that ProConnect closes its session too."""
    adapter = ProConnectOAuth2Adapter(request)
    try:
        endpoint = adapter.openid_config.get("end_session_endpoint")
    except (requests.RequestException, ValueError):  # ProConnect unreachable: the local logout still happens
        return None
    if not endpoint:
        return None
    query = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("site:home")),
    }
    return f"{endpoint}?{urlencode(query)}"


def _adapter_view(view_class):
    @login_not_required
    def view(request):
        from allauth.socialaccount.models import SocialApp

        try:
            return view_class.adapter_view(ProConnectOAuth2Adapter(request))(request)
        except SocialApp.DoesNotExist:
            raise Http404 from None

    return view


login = _adapter_view(OAuth2LoginView)
callback = _adapter_view(OAuth2CallbackView)
