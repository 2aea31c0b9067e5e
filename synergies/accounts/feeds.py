"""Who reads a feed (RSS, iCalendar): feed readers send no session, so a personal key (`?cle=`) stands
for its person. A person whose role requires MFA and who has not enrolled reads as a visitor: the MFA
rule holds for this way in too. One place for every app's feeds."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from synergies.accounts.roles import roles_of
from synergies.accounts.services import feed_key_user


def feed_user(request):
    key = request.GET.get("cle")
    if not key:
        return request.user
    user = feed_key_user(key)
    if user is None:
        raise PermissionDenied("Clé de flux invalide ou révoquée : créez-en une nouvelle depuis votre compte.")
    return AnonymousUser() if roles_of(user).mfa_missing else user
