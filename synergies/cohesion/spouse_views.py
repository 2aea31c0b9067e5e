"""Spouse employment: the offers open to military spouses, pledged employers first, with saved alerts;
a spouse's own profile (seen only by pledged employers, withdrawn at any time); the profiles for them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from synergies.cohesion import forms, spouses
from synergies.core.exceptions import ApplicationError
from synergies.opportunities.selectors import OpportunityQuery, opportunity_search


@login_not_required
def spouse_offers(request):
    params = request.GET.copy()
    params["conjoints"] = "1"
    query = OpportunityQuery.from_params(params)
    offers = spouses.offers_pledged_first(opportunity_search(request.user, query)).select_related("publisher")
    page = Paginator(offers, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "pledged": spouses.pledged_organisation_ids(),
        "has_profile": request.user.is_authenticated and hasattr(request.user, "spouse_profile"),
    }
    return render(request, "cohesion/spouse_offers.html", context)


def spouse_profile(request):
    profile = getattr(request.user, "spouse_profile", None)
    initial = {name: getattr(profile, name) for name in spouses.PROFILE_FIELDS} if profile else {}
    if profile:
        initial["territory"] = profile.territory_id
    form = forms.SpouseProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            spouses.profile_save(user=request.user, territory=data.pop("territory"), fields=data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "Profil enregistré : seuls les employeurs engagés pour l'emploi des conjoints le voient."
            )
            return redirect("cohesion:spouse_profile")
    return render(
        request, "cohesion/spouse_profile.html", {"form": form, "profile": profile}, status=400 if form.errors else 200
    )


@require_POST
def spouse_profile_withdraw(request):
    if spouses.profile_withdraw(user=request.user):
        messages.success(request, "Votre profil est retiré et supprimé.")
    return redirect("cohesion:spouse_profile")


def spouse_profiles(request):
    if not spouses.pledged_territory_ids_for(request.user):
        raise PermissionDenied("Les profils de conjoints ne sont vus que des employeurs engagés pour leur emploi.")
    profiles = spouses.profiles_visible_to(request.user).select_related("user")
    return render(request, "cohesion/spouse_profiles.html", {"profiles": profiles[:500]})
