"""A local stand-in for ProConnect that speaks its real protocol (OpenID Connect, as documented by
ProConnect's partner documentation): discovery, authorisation with PKCE and nonce, token endpoint
with `client_secret_post`, RS256-signed ID token, userinfo answered as a signed JWT
(`application/jwt`), JWKS and RP-initiated logout. It authenticates the `identity` it is given,
as the real service does once the agent has logged in at their administration.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

BASE_PATH = "/api/v2"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class ProConnectStandIn:
    def __init__(self, client_id="synergies-test", client_secret="secret-de-test"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = _new_key()
        self.kid = "standin-key-1"
        self.identity = {
            "sub": "agent-0001",
            "email": "camille.durand@intradef.gouv.fr",
            "given_name": "Camille",
            "usual_name": "Durand",
            "siret": "11009001600053",
            "uid": "1234",
        }
        self.tamper = set()  # "nonce", "userinfo_signature": deliberate faults for negative tests
        self.codes = {}
        self.access_tokens = {}
        self.requests = []
        self.logouts = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}{BASE_PATH}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # -- protocol -----------------------------------------------------------------------------
    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/session/end",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "scopes_supported": ["openid", "email", "given_name", "usual_name", "siret", "uid"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def _sign(self, claims, key=None):
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def authorize(self, query):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        if not query.get("nonce") or query.get("code_challenge_method") != "S256":
            return 400, {"error": "invalid_request", "error_description": "nonce and PKCE S256 required"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query["nonce"],
            "challenge": query["code_challenge"],
            "scope": query.get("scope", ""),
        }
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, location

    def token(self, form):
        grant = self.codes.pop(form.get("code", ""), None)
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client"}
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = grant
        id_token = self._sign(
            {
                "iss": self.issuer,
                "aud": self.client_id,
                "sub": self.identity["sub"],
                "iat": now,
                "exp": now + 60,
                "nonce": "autre-nonce" if "nonce" in self.tamper else grant["nonce"],
                "acr": "eidas1",
                "amr": ["pwd"],
            }
        )
        return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": id_token}

    def userinfo(self, authorization):
        token = authorization.removeprefix("Bearer ").strip()
        if token not in self.access_tokens:
            return 401, {"error": "invalid_token"}
        claims = {**self.identity, "iss": self.issuer, "aud": self.client_id}
        key = _new_key() if "userinfo_signature" in self.tamper else None
        return 200, self._sign(claims, key)

    # -- HTTP ---------------------------------------------------------------------------------
    def _handler_class(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body, content_type="application/json"):
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body)
                    self.end_headers()
                    return
                payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                standin.requests.append(("GET", url.path, query))
                path = url.path.removeprefix(BASE_PATH)
                if path == "/.well-known/openid-configuration":
                    return self._answer(200, standin.discovery())
                if path == "/jwks":
                    return self._answer(200, standin.jwks())
                if path == "/authorize":
                    return self._answer(*standin.authorize(query))
                if path == "/userinfo":
                    status, body = standin.userinfo(self.headers.get("Authorization", ""))
                    return self._answer(status, body, "application/jwt" if status == 200 else "application/json")
                if path == "/session/end":
                    standin.logouts.append(query)
                    return self._answer(302, f"{query['post_logout_redirect_uri']}?state={query.get('state', '')}")
                return self._answer(404, {"error": "not_found"})

            def do_POST(self):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                standin.requests.append(("POST", url.path, form))
                if url.path.removeprefix(BASE_PATH) == "/token":
                    return self._answer(*standin.token(form))
                return self._answer(404, {"error": "not_found"})

        return Handler
