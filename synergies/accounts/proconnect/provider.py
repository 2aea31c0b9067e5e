from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider, _pick_data
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import urlencode

from synergies.accounts.proconnect.views import PROVIDER_ID, ProConnectOAuth2Adapter

SCOPES = ["openid", "email", "given_name", "usual_name", "siret", "uid"]


class ProConnectProvider(OpenIDConnectProvider):
    id = PROVIDER_ID
    name = "ProConnect"
    oauth2_adapter_class = ProConnectOAuth2Adapter
    pkce_enabled_default = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = self.app.name or "ProConnect"

    def get_login_url(self, request, **kwargs):
        url = reverse("proconnect_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("proconnect_callback")

    def get_default_scope(self):
        return list(SCOPES)

    def get_oauth2_adapter(self, request):
        return self.oauth2_adapter_class(request)

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # The nonce travels in the authorisation request and is kept in allauth's state, which the
        # callback gets back; `nonce_check` compares it with the ID token's.
        nonce = get_random_string(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)

    def extract_common_fields(self, data):
        claims = _pick_data(data)
        return {
            "email": claims.get("email"),
            "first_name": claims.get("given_name") or "",
            "last_name": claims.get("usual_name") or claims.get("family_name") or "",
        }

    def extract_email_addresses(self, data):
        # ProConnect only federates identity providers that verified the address (agents' directories).
        email = _pick_data(data).get("email")
        return [EmailAddress(email=email, verified=True, primary=True)] if email else []


provider_classes = [ProConnectProvider]
