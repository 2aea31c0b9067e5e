from django.conf import settings

from synergies.accounts.roles import roles_of


def platform(request):
    user = getattr(request, "user", None)
    return {
        "PROCONNECT_ENABLED": settings.PROCONNECT_ENABLED,
        "user_roles": roles_of(user) if user is not None else None,
    }
