"""ProConnect, the State's identity federation for public agents (OpenID Connect).

allauth's generic OpenID Connect provider almost fits; ProConnect differs in three ways handled here:
its userinfo endpoint answers a signed JWT (`application/jwt`), it requires a `nonce` checked in
the ID token, and it requires RP-initiated logout (`end_session_endpoint` with `id_token_hint`).
"""
