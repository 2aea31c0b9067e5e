import csv
import datetime
import io
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from synergies.accounts import services as account_services
from synergies.accounts.feeds import feed_user
from synergies.core.exceptions import ApplicationError
from synergies.core.text import clean_control_characters
from synergies.directory.models import Organisation
from synergies.directory.selectors import organisations_acted_for
from synergies.events import calendars, documents, forms, perms, selectors, services
from synergies.events.enums import EventKind, RegistrationStatus
from synergies.events.models import Event, Registration
from synergies.events.workflow import TRANSITIONS, allowed_transitions
from synergies.territories.models import Objective, Territory

PAGE_SIZE = 20


def _event_or_404(user, pk) -> Event:
    event = selectors.event_for(user, pk)
    if event is None:
        raise Http404("Événement introuvable.")
    return event


def _organised_or_403(user, pk) -> Event:
    event = _event_or_404(user, pk)
    if not perms.is_organiser(user, event):
        raise PermissionDenied("Seuls les organisateurs de l'événement ont accès à cette page.")
    return event


def _registration_by_token(token) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event__organiser", "event__territory", "organisation"), token=token
    )


def _organiser_registration(user, pk) -> Registration:
    registration = get_object_or_404(Registration.objects.select_related("event__territory"), pk=pk)
    if not perms.is_organiser(user, registration.event):
        raise Http404("Inscription introuvable.")
    return registration


@login_not_required
def event_list(request):
    query = selectors.EventQuery.from_params(request.GET)
    for error in query.errors:
        messages.error(request, error)
    page = Paginator(selectors.event_search(request.user, query), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    visible = selectors.events_visible_to(request.user).filter(published_at__isnull=False)
    return render(
        request,
        "events/list.html",
        {
            "page": page,
            "query": query,
            "querystring": params.urlencode(),
            "kinds": EventKind.choices,
            "departments": sorted(set(visible.exclude(department="").values_list("department", flat=True))),
            "may_organise": perms.may_organise(request.user),
            "organises": selectors.organised_events(request.user).exists(),
        },
    )


def _json_ld(event) -> str:
    """schema.org Event, for search engines and partner sites."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "url": settings.SITE_URL + event.get_absolute_url(),
        "organizer": {"@type": "Organization", "name": event.organiser.name},
    }
    places = []
    if event.venue or event.city:
        place = {"@type": "Place", "name": event.venue or event.city, "address": event.city}
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": event.latitude, "longitude": event.longitude}
        places.append(place)
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    data["location"] = places[0] if len(places) == 1 else places
    data["eventAttendanceMode"] = (
        "https://schema.org/MixedEventAttendanceMode"
        if len(places) == 2
        else (
            "https://schema.org/OnlineEventAttendanceMode"
            if event.online_url
            else "https://schema.org/OfflineEventAttendanceMode"
        )
    )
    # </script> can never close the block: the JSON's "<" are escaped.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _registration_form(request, event, data=None):
    organisations = Organisation.objects.filter(
        pk__in=perms.registering_organisation_ids(request.user, event)
    ).order_by("name")
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
        if organisations.count() == 1:
            initial["organisation"] = organisations.first()
    return forms.RegistrationForm(data, event=event, organisations=organisations, initial=initial)


def _detail_context(request, event, form) -> dict:
    return {
        "event": event,
        "is_organiser": perms.is_organiser(request.user, event),
        "refusal": services.registration_window_refusal(event, timezone.now()),
        "seats_left": selectors.seats_left(event),
        "form": form,
        "own_registrations": selectors.my_registrations(request.user).filter(event=event).order_by("-created_at"),
        "participants": selectors.published_participants(event),
        "json_ld": _json_ld(event) if event.is_published else "",
        "map_tiles_url": settings.SYNERGIES_MAP_TILES_URL,
        "map_attribution": settings.SYNERGIES_MAP_ATTRIBUTION,
    }


@login_not_required
def event_detail(request, pk):
    event = _event_or_404(request.user, pk)
    return render(request, "events/detail.html", _detail_context(request, event, _registration_form(request, event)))


@login_not_required
@require_POST
def register(request, pk):
    event = _event_or_404(request.user, pk)
    form = _registration_form(request, event, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the person and their colleagues: all registered, or none
                registration = services.registration_create(
                    actor=request.user,
                    event=event,
                    name=data["name"],
                    email=data["email"],
                    organisation=data.get("organisation"),
                    answers=form.answers(),
                    consent_to_publish=data["consent_to_publish"],
                    sessions=data.get("sessions") or (),
                )
                team = services.team_register(
                    actor=request.user,
                    event=event,
                    organisation=data.get("organisation"),
                    people=data.get("team") or [],
                    sessions=data.get("sessions") or (),
                )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            message = _registered_message(registration)
            if team:
                message += f" {len(team)} collègue{'s' if len(team) > 1 else ''} inscrit{'s' if len(team) > 1 else ''} avec vous."
            messages.success(request, message)
            return redirect(registration)
    # The refused form comes back with its errors, above the page's other parts.
    context = {**_detail_context(request, event, form), "refusal": "", "json_ld": "", "own_registrations": []}
    return render(request, "events/detail.html", context, status=400)


def _registered_message(registration) -> str:
    if registration.status == RegistrationStatus.WAITLISTED:
        return "L'événement est complet : vous êtes en liste d'attente. Une place qui se libère vous est proposée par e-mail."
    if registration.status == RegistrationStatus.PENDING:
        return "Inscription reçue : l'organisateur la valide et vous prévient par e-mail."
    return "Inscription confirmée : l'invitation de calendrier vous est envoyée par e-mail."


@login_not_required
def registration_detail(request, token):
    """A registration's own page, reached by its link (no account needed) or from « Mes inscriptions »."""
    registration = _registration_by_token(token)
    event = registration.event
    now = timezone.now()
    context = {
        "registration": registration,
        "event": event,
        "transitions": allowed_transitions(registration.status, participant=True, organiser=False),
        "waiting_rank": selectors.waiting_rank(registration),
        "can_self_checkin": registration.status == RegistrationStatus.CONFIRMED
        and registration.checked_in_at is None
        and event.starts_at - services.SELF_CHECKIN_EARLY <= now <= event.ends_at,
        "feedback_form": forms.FeedbackForm()
        if registration.status == RegistrationStatus.CONFIRMED
        and event.ends_at <= now
        and registration.satisfaction is None
        else None,
    }
    # The link is the key: SECURE_REFERRER_POLICY (same-origin) keeps it from other sites.
    return render(request, "events/registration.html", context)


@login_not_required
def registration_qr(request, token):
    registration = _registration_by_token(token)
    return HttpResponse(documents.checkin_qr_svg(registration), content_type="image/svg+xml")


@login_not_required
@require_POST
def registration_action(request, token):
    registration = _registration_by_token(token)
    name = request.POST.get("action", "")
    try:
        if name == "self_checkin":
            services.self_checkin(registration=registration, token=token)
            messages.success(request, "Bienvenue : votre arrivée est enregistrée.")
        elif name == "feedback":
            form = forms.FeedbackForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("Choisissez une note de 1 à 5.")
            services.feedback_record(registration=registration, **form.cleaned_data)
            messages.success(request, "Merci pour votre avis.")
        else:
            services.registration_transition(actor=request.user, registration=registration, name=name, token=token)
            messages.success(request, TRANSITIONS[name].done)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(registration)


def my_registrations(request):
    return render(
        request,
        "events/my_registrations.html",
        {
            "registrations": selectors.my_registrations(request.user).order_by("-event__starts_at"),
            "feed_key": account_services.feed_key(request.user),
        },
    )


@login_not_required
def events_feed(request):
    """The territory's events as a subscribable calendar (webcal)."""
    user = feed_user(request)
    events = selectors.events_visible_to(user).filter(published_at__isnull=False).select_related("organiser")
    territory = request.GET.get("territoire", "")
    name = "Synergies — événements"
    if territory:
        events = events.filter(territory__code=territory)
        found = Territory.objects.filter(code=territory).first()
        if found:
            name = f"Synergies — événements, {found.name}"
    since = timezone.now() - datetime.timedelta(days=90)
    body = calendars.events_feed(events.filter(ends_at__gte=since).order_by("starts_at")[:500], name)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# ── Organisers ────────────────────────────────────────────────────────────────────────────────────


def organiser_home(request):
    events = selectors.organised_events(request.user).select_related("organiser").order_by("-starts_at")
    if not events.exists() and not perms.may_organise(request.user):
        raise PermissionDenied("Cette page est celle des organisateurs d'événements.")
    return render(request, "events/organiser.html", {"events": events[:200]})


def _objectives(organiser_or_none):
    objectives = Objective.objects.select_related("convention")
    if organiser_or_none is not None:
        objectives = objectives.filter(convention__territory_id=organiser_or_none.territory_id)
    return objectives.order_by("convention__title", "number")


def event_create(request):
    if not perms.may_organise(request.user):
        raise PermissionDenied("Un événement est publié par une organisation, ses agents défense ou un coordinateur.")
    organisers = organisations_acted_for(request.user)
    form = forms.EventForm(request.POST or None, organisers=organisers, objectives=_objectives(None))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(
                actor=request.user,
                organiser=form.cleaned_data["organiser"],
                fields={**form.event_fields(), "objective": form.cleaned_data["objective"]},
                restricted_to=form.cleaned_data["restricted_to"],
                reminder_days=form.cleaned_data["reminders"],
            )
            if request.POST.get("publish") == "1":
                services.event_publish(actor=request.user, event=event)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "Événement publié." if event.is_published else "Événement enregistré (non publié)."
            )
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None}, status=400 if form.errors else 200)


def event_edit(request, pk):
    event = _organised_or_403(request.user, pk)
    form = forms.EventForm(request.POST or None, initial=_initial(event), objectives=_objectives(event.organiser))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_save(
                actor=request.user,
                organiser=event.organiser,
                event=event,
                fields={**form.event_fields(), "objective": form.cleaned_data["objective"]},
                restricted_to=form.cleaned_data["restricted_to"],
                reminder_days=form.cleaned_data["reminders"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Événement modifié ; les inscrits reçoivent la mise à jour de leur agenda."
                if event.is_published and event.registrations.exists()
                else "Événement modifié.",
            )
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=400 if form.errors else 200)


def _initial(event) -> dict:
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        if initial[name]:
            initial[name] = timezone.localtime(initial[name])
    initial["reminders"] = ", ".join(str(r.days_before) for r in event.reminder_rules.all())
    initial["restricted_to"] = ", ".join(o.siret or o.ref or "" for o in event.restricted_to.all())
    return initial


@require_POST
def event_publish(request, pk):
    event = _organised_or_403(request.user, pk)
    try:
        services.event_publish(actor=request.user, event=event)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Événement publié : les inscriptions sont ouvertes selon ses dates.")
    return redirect(event)


@require_POST
def event_cancel(request, pk):
    event = _organised_or_403(request.user, pk)
    form = forms.CancelForm(request.POST)
    try:
        services.event_cancel(
            actor=request.user, event=event, reason=form.data.get("reason", "") if form.is_valid() else ""
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Événement annulé : chaque inscrit est prévenu et son agenda mis à jour.")
    return redirect(event)


def event_manage(request, pk):
    event = _organised_or_403(request.user, pk)
    registrations = event.registrations.select_related("organisation").order_by("created_at", "id")
    status = request.GET.get("etat", "")
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    rows = [
        {
            "registration": r,
            "transitions": allowed_transitions(r.status, participant=False, organiser=True),
        }
        for r in registrations
    ]
    context = {
        "event": event,
        "rows": rows,
        "status": status,
        "statuses": RegistrationStatus.choices,
        "waiting": list(event.registrations.waiting().select_related("organisation")),
        "figures": selectors.organiser_figures(event),
        "cancel_form": forms.CancelForm(),
        "session_form": forms.SessionForm(
            initial={"starts_at": timezone.localtime(event.starts_at), "ends_at": timezone.localtime(event.ends_at)}
        ),
        "sessions": [(s, services.session_seats_left(s)) for s in event.sessions.all()],
        "attendance_choices": forms.AttendanceForm().fields["attendance"].choices,
    }
    return render(request, "events/manage.html", context)


@require_POST
def registration_decide(request, pk):
    registration = _organiser_registration(request.user, pk)
    name = request.POST.get("action", "")
    try:
        services.registration_transition(
            actor=request.user, registration=registration, name=name, reason=request.POST.get("reason", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, TRANSITIONS[name].done)
    return redirect("events:manage", pk=registration.event_id)


@require_POST
def waitlist_move(request, pk):
    registration = _organiser_registration(request.user, pk)
    position = request.POST.get("position", "")
    try:
        if not position.isdigit():
            raise ApplicationError("Le rang est un nombre entier (1 : en tête de liste).")
        services.waitlist_move(
            actor=request.user, registration=registration, position=int(position), reason=request.POST.get("reason", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{registration.name} passe au rang {position} de la liste d'attente.")
    return redirect("events:manage", pk=registration.event_id)


@require_POST
def attendance_mark(request, pk):
    registration = _organiser_registration(request.user, pk)
    try:
        services.attendance_mark(
            actor=request.user, registration=registration, attendance=request.POST.get("attendance", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Présence de {registration.name} : {registration.get_attendance_display()}.")
    return redirect(
        request.POST.get("next")
        if _local(request.POST.get("next"))
        else reverse("events:manage", args=[registration.event_id])
    )


def _local(url) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")


def checkin_page(request, pk):
    """The entrance, on a phone: the QR code of a registration opens this page with its code (any
    camera app reads it), or the code is typed; one tap records the arrival."""
    event = _organised_or_403(request.user, pk)
    form = forms.CheckinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    arrived = None
    if request.method == "POST" and form.is_valid():
        try:
            arrived = services.checkin(actor=request.user, event=event, code=form.cleaned_data["code"])
        except ApplicationError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, f"{arrived.name} est accueilli(e).")
            return redirect("events:checkin", pk=event.pk)
    pending = None
    code = services.normalised_code(request.GET.get("code", ""))
    if code and request.method == "GET":
        pending = event.registrations.filter(checkin_code=code).select_related("organisation").first()
    figures = selectors.organiser_figures(event)
    return render(
        request,
        "events/checkin.html",
        {"event": event, "form": form, "pending": pending, "figures": figures},
        status=400 if form.errors else 200,
    )


def attendance_sheet(request, pk):
    """The attendance list for the minutes: PDF (to sign) or CSV."""
    event = _organised_or_403(request.user, pk)
    fmt = request.GET.get("format", "pdf")
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("organisation")
    registrations = registrations.order_by("name")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["Nom", "E-mail", "Organisation", "Présence", "Arrivée", *event.question_list])
        for r in registrations:
            arrived = timezone.localtime(r.checked_in_at).strftime("%d/%m/%Y %H:%M") if r.checked_in_at else ""
            writer.writerow(
                [
                    clean_control_characters(value)
                    for value in (
                        r.name,
                        r.email,
                        r.organisation.name if r.organisation else "",
                        r.get_attendance_display(),
                        arrived,
                        *[r.answers.get(q, "") for q in event.question_list],
                    )
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="participants-{event.pk}.csv"'
        return response
    response = HttpResponse(documents.attendance_pdf(event, registrations), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="emargement-{event.pk}.pdf"'
    return response


@require_POST
def session_add(request, pk):
    event = _organised_or_403(request.user, pk)
    form = forms.SessionForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError("Indiquez l'intitulé, le début et la fin de la session.")
        services.session_add(actor=request.user, event=event, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Session ajoutée : les personnes la choisissent en s'inscrivant.")
    return redirect("events:manage", pk=event.pk)
