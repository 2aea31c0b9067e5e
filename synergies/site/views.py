from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from synergies.site import selectors
from synergies.site.dashboard import dashboard_sections


@login_not_required
def home(request):
    return render(request, "site/home.html", {"convention": selectors.default_convention()})


def dashboard(request):
    from synergies.opportunities import selectors as opportunity_selectors

    context = {
        "sections": dashboard_sections(request.user),
        # Where the user's responses stand: each step of the publisher's review shows here.
        "responses": opportunity_selectors.responses_of(request.user)[:10],
        "managed": opportunity_selectors.managed_opportunities(request.user)[:10],
        "for_you": _opportunities_for_you(request.user),
    }
    return render(request, "site/dashboard.html", context)


def _opportunities_for_you(user):
    """« Opportunités pour vous »: open opportunities ranked for the profile of the user's organisation."""
    from synergies.matching import services as matching_services
    from synergies.opportunities import selectors as opportunity_selectors

    membership = user.memberships.select_related("organisation").order_by("created_at").first()
    if membership is None:
        return None
    visible = opportunity_selectors.opportunities_visible_to(user).open()
    return {
        "organisation": membership.organisation,
        "matches": matching_services.opportunities_for_organisation(membership.organisation, visible, limit=5),
    }


@login_not_required
def accessibility(request):
    return render(request, "site/accessibility.html")


@login_not_required
def legal_notice(request):
    return render(request, "site/legal_notice.html")


@login_not_required
def privacy(request):
    retention = {
        "unverified": settings.SYNERGIES_RETENTION_UNVERIFIED_ACCOUNT_DAYS,
        "personal_responses": settings.SYNERGIES_RETENTION_PERSONAL_RESPONSE_DAYS,
        "tokens": settings.SYNERGIES_RETENTION_ENDED_TOKEN_DAYS,
    }
    return render(request, "site/privacy.html", {"retention": retention})


@login_not_required
def sitemap(request):
    from synergies.territories.models import Convention

    conventions = Convention.objects.select_related("territory").order_by("territory__name", "-signed_on")
    return render(request, "site/sitemap.html", {"conventions": conventions})


@login_not_required
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def agenda(request):
    """One personal calendar (DESIGN.md): event registrations, B2B meetings and platform bookings, read
    by a calendar application with the person's feed key."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from synergies.accounts.feeds import feed_user
    from synergies.cohesion import calendars as cohesion_calendars
    from synergies.events import calendars as event_calendars
    from synergies.events import selectors as event_selectors
    from synergies.events.models import MeetingRequest
    from synergies.platforms import calendars as platform_calendars
    from synergies.platforms import selectors as platform_selectors

    user = feed_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Ce calendrier est personnel : ajoutez votre clé de flux (« ?cle=… »).")
    recent = timezone.now() - datetime.timedelta(days=90)
    registrations = event_selectors.my_registrations(user).filter(event__ends_at__gte=recent)
    meetings = MeetingRequest.objects.filter(
        Q(requester__user=user) | Q(requested__user=user), slot__isnull=False, slot__ends_at__gte=recent
    ).select_related("event__organiser", "requester", "requested", "slot")
    bookings = platform_selectors.my_bookings(user).filter(ends_at__gte=recent)
    body = event_calendars.agenda(
        registrations.select_related("event__organiser")[:500],
        meetings[:500],
        "Synergies — mon agenda",
        more=[*platform_calendars.booking_components(bookings[:500]), *cohesion_calendars.appointment_components(user)],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mon-agenda.ics"'
    return response


@login_not_required
def demo_mailbox(request, name=""):
    """The demo's e-mails (site.mailbox); 404 outside the demo settings."""
    from synergies.site import mailbox

    if not settings.SYNERGIES_DEMO_MAILBOX:
        raise Http404("Boîte aux lettres de démonstration désactivée.")
    if name:
        shown = mailbox.mail(name)
        if shown is None:
            raise Http404("Courriel introuvable.")
        return render(request, "site/mailbox_message.html", {"mail": shown})
    return render(request, "site/mailbox.html", {"mails": mailbox.mails()})
