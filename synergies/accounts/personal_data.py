"""The accounts app's part of a person's data download (see core.personal_data)."""

from synergies.core import personal_data


def _account(user) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "memberships": [
            {"organisation": str(m.organisation), "role": m.role}
            for m in user.memberships.select_related("organisation")
        ],
        "territory_roles": [
            {
                "territory": r.territory.code,
                "kind": r.kind,
                "party": r.party or None,
                "organisation": str(r.organisation or ""),
            }
            for r in user.territory_roles.select_related("territory", "organisation")
        ],
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat(), "revoked": t.revoked_at is not None}
            for t in user.api_tokens.all()
        ],
        "has_feed_key": bool(user.feed_secret),
    }


def register() -> None:
    personal_data.register("account", _account)
