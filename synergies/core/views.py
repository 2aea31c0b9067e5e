from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from synergies.core import selectors


@login_not_required
def home(request):
    return render(request, "core/home.html", {"convention": selectors.default_convention()})


def dashboard(request):
    from synergies.opportunities import selectors as opportunity_selectors

    context = {
        "sections": selectors.dashboard_links(request.user),
        # Where the user's responses stand: each step of the publisher's review shows here.
        "responses": opportunity_selectors.responses_of(request.user)[:10],
        "managed": opportunity_selectors.managed_opportunities(request.user)[:10],
    }
    return render(request, "core/dashboard.html", context)


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
def legal_notice(request):
    return render(request, "core/legal_notice.html")


@login_not_required
def privacy(request):
    return render(request, "core/privacy.html")


@login_not_required
def sitemap(request):
    return render(request, "core/sitemap.html")


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
