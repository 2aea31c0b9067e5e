from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

from synergies.accounts.roles import MFA_REQUIRED_MESSAGE, roles_of

# What a person who must enrol in MFA may still reach: the enrolment itself, logging out, and the
# public information pages.
_ALLOWED_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "home",
    "accessibility",
    "legal_notice",
    "privacy",
    "health",
}


class MfaEnrolmentRequiredMiddleware:
    """Defence agents, coordinators, national steering and administrators must enrol a second
    factor (TOTP) before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not roles_of(user).mfa_missing:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in _ALLOWED_URL_NAMES:
            return None
        message = MFA_REQUIRED_MESSAGE
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        messages.warning(request, message)
        return redirect("mfa_activate_totp")
