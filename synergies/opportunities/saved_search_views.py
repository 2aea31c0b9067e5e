"""Pages of saved searches and the one-click unsubscribe of their digests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from synergies.core.exceptions import ApplicationError
from synergies.opportunities import forms, selectors
from synergies.opportunities import saved_searches as saved_search_services


def saved_searches(request):
    if request.method == "POST":
        form = forms.SavedSearchForm(request.POST)
        query = selectors.OpportunityQuery.from_params(request.POST)
        if form.is_valid():
            try:
                saved_search_services.saved_search_create(actor=request.user, query=query, **form.cleaned_data)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, "Recherche enregistrée : vous recevrez par e-mail les nouvelles opportunités."
                )
                return redirect("opportunities:saved_searches")
        else:
            messages.error(request, "Donnez un nom à la recherche.")
    return render(request, "opportunities/saved_searches.html", {"saved_searches": request.user.saved_searches.all()})


@require_POST
def saved_search_delete(request, pk):
    saved = get_object_or_404(request.user.saved_searches, pk=pk)
    saved_search_services.saved_search_delete(actor=request.user, saved_search=saved)
    messages.success(request, f"La recherche « {saved.name} » est supprimée.")
    return redirect("opportunities:saved_searches")


@csrf_exempt  # mail clients POST here (RFC 8058) without a session; the signed token is the secret
@login_not_required
def unsubscribe(request, token):
    """One click from the e-mail: a page with one button (a GET never changes anything, so link
    checkers cannot unsubscribe anyone), and the RFC 8058 POST from mail clients."""
    saved = saved_search_services.saved_search_from_token(token)
    if saved is None:
        raise Http404("Lien de désabonnement invalide.")
    if request.method == "POST":
        saved_search_services.saved_search_unsubscribe(saved_search=saved)
        return render(request, "opportunities/unsubscribed.html", {"saved_search": saved})
    return render(request, "opportunities/unsubscribe.html", {"saved_search": saved})
