from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from synergies.accounts import perms, services
from synergies.accounts.forms import ApiTokenForm, ProfileForm
from synergies.accounts.models import ApiToken, Invitation
from synergies.core import personal_data
from synergies.core.exceptions import ApplicationError


def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"first_name": user.first_name, "last_name": user.last_name})
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(user=user, **form.cleaned_data)
        messages.success(request, "Votre profil a été mis à jour.")
        return redirect("accounts:profile")
    context = {
        "form": form,
        "memberships": user.memberships.select_related("organisation"),
        "territory_roles": user.territory_roles.select_related("territory", "organisation"),
    }
    return render(request, "accounts/profile.html", context)


def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        messages.success(
            request, f"Le jeton « {token.name} » a été créé. Copiez sa clé maintenant : elle ne sera plus affichée."
        )
        form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    context = {"form": form, "tokens": tokens, "new_key": new_key, "feed_key": services.feed_key(request.user)}
    if context["feed_key"]:
        query = urlencode({"cle": context["feed_key"]})
        context["feed_rss_url"] = request.build_absolute_uri(f"{reverse('opportunities:feed_rss')}?{query}")
        context["feed_ics_url"] = request.build_absolute_uri(f"{reverse('opportunities:feed_ics')}?{query}")
    return render(request, "accounts/api_tokens.html", context)


@require_POST
def feed_key_regenerate(request):
    services.feed_key_regenerate(user=request.user)
    messages.success(request, "Votre nouvelle clé de flux est prête ; les adresses données avant ne fonctionnent plus.")
    return redirect(reverse("accounts:api_tokens") + "#cle-de-flux")


@require_POST
def feed_key_revoke(request):
    services.feed_key_revoke(user=request.user)
    messages.success(request, "Votre clé de flux est supprimée : les flux ne montrent plus que le contenu public.")
    return redirect(reverse("accounts:api_tokens") + "#cle-de-flux")


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, f"Le jeton « {token.name} » est révoqué.")
    return redirect("accounts:api_tokens")


@login_not_required
def invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "territory", "invited_by"), token=token
    )
    problem = services.invitation_problem(invitation, request.user if request.user.is_authenticated else None)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:invitation", token=token)
        messages.success(request, f"Invitation acceptée : vous êtes désormais {invitation.role_label}.")
        return redirect("site:dashboard")
    return render(request, "accounts/invitation.html", {"invitation": invitation, "problem": problem})


@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation", "territory"), pk=pk)
    if not perms.can_revoke_invitation(request.user, invitation):
        raise PermissionDenied
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "site:dashboard"
    return redirect(next_url)


def personal_data_download(request):
    """Everything the platform holds about the person, as JSON (RGPD: access and portability)."""
    data = {"generated_at": timezone.now().isoformat(), **personal_data.collect(request.user)}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-synergies.json"'
    return response


def account_delete(request):
    if request.method == "POST":
        user = request.user
        try:
            services.account_delete(user=user, confirmation=request.POST.get("email", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            logout(request)
            messages.success(request, "Votre compte est supprimé, ainsi que les données qui n'appartenaient qu'à vous.")
            return redirect("site:home")
    return render(request, "accounts/delete.html")
