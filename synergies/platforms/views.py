import csv
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from synergies.accounts import services as account_services
from synergies.accounts.feeds import feed_user
from synergies.accounts.roles import roles_of
from synergies.core.documents import download_response
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Capability, Organisation
from synergies.matching.services import EmptyNeed
from synergies.platforms import availability as availability_search
from synergies.platforms import bookings, calendars, finder, forms, perms, selectors, services
from synergies.platforms.enums import BookingStatus, RequestStatus, ResourceKind
from synergies.platforms.models import AccessRequest, Allocation, Booking, PlatformPhoto, RequestDocument, Resource
from synergies.platforms.workflow import OPEN_STATUSES, UNMET_STATUSES, allowed_transitions, can_accept, can_close

PAGE_SIZE = 20


def _platform_or_404(user, pk):
    platform = selectors.platform_for(user, pk)
    if platform is None:
        raise Http404("Plateforme introuvable.")
    return platform


def _request_or_404(user, pk):
    access_request = selectors.request_for(user, pk)
    if access_request is None:
        raise Http404("Demande introuvable.")
    return access_request


def _resource_or_404(user, pk):
    resource = get_object_or_404(Resource.objects.select_related("platform__operator", "platform__territory"), pk=pk)
    if not selectors.platforms_visible_to(user).filter(pk=resource.platform_id).exists():
        raise Http404("Ressource introuvable.")
    return resource


def _booking_or_404(user, pk):
    booking = get_object_or_404(
        Booking.objects.select_related("resource__platform__territory", "resource__platform__operator", "organisation"),
        pk=pk,
    )
    if not perms.can_view_booking(user, booking):
        raise Http404("Réservation introuvable.")
    return booking


def _map_points(platforms):
    return [
        {"name": p.name, "url": p.get_absolute_url(), "city": p.city, "lat": p.latitude, "lng": p.longitude}
        for p in platforms
        if p.latitude is not None and p.longitude is not None
    ]


@login_not_required
def platform_list(request):
    query = selectors.PlatformQuery.from_params(request.GET)
    for error in query.errors:
        messages.error(request, error)
    results = selectors.platform_search(request.user, query)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    visible = selectors.platforms_visible_to(request.user).filter(is_published=True)
    need = request.GET.get("besoin", "").strip()
    need_matches = None
    if need:
        try:
            need_matches = finder.platforms_for_need(request.user, need)
        except EmptyNeed as error:
            messages.error(request, str(error))
    context = {
        "need": need,
        "need_matches": need_matches,
        "page": page,
        "query": query,
        "querystring": params.urlencode(),
        "capabilities": Capability.objects.filter(platforms__in=visible).distinct().select_related("domain"),
        "departments": sorted(set(visible.exclude(department="").values_list("department", flat=True))),
        "kinds": ResourceKind.choices,
        "map_points": _map_points(page.object_list),
        "map_tiles_url": settings.SYNERGIES_MAP_TILES_URL,
        "map_attribution": settings.SYNERGIES_MAP_ATTRIBUTION,
        "operates": selectors.operated_platforms(request.user).exists(),
        "may_declare": perms.may_declare_platforms(request.user),
    }
    return render(request, "platforms/list.html", context)


@login_not_required
def platform_detail(request, pk):
    platform = _platform_or_404(request.user, pk)
    context = {
        "platform": platform,
        "resources": platform.resources.active(),
        "can_request": perms.can_request_access(request.user, platform),
        "is_operator": perms.is_operator(request.user, platform),
        "map_tiles_url": settings.SYNERGIES_MAP_TILES_URL,
        "map_attribution": settings.SYNERGIES_MAP_ATTRIBUTION,
    }
    return render(request, "platforms/detail.html", context)


def request_create(request, pk):
    platform = _platform_or_404(request.user, pk)
    if not perms.can_request_access(request.user, platform):
        messages.error(
            request,
            "Une demande d'accès se fait au nom d'une organisation dont vous êtes membre : "
            "rattachez-vous d'abord à votre organisation depuis votre tableau de bord.",
        )
        return redirect(platform)
    organisations = Organisation.objects.filter(
        pk__in=perms.requesting_organisation_ids(request.user, platform)
    ).order_by("name")
    form = forms.AccessRequestForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        resources=platform.resources.active(),
        initial={"resources": request.GET.getlist("ressource")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access_request = services.request_create(
                actor=request.user,
                platform=platform,
                organisation=data["organisation"],
                fields={name: data[name] or ("" if name in ("people",) else None) for name in services.REQUEST_FIELDS},
                resources=list(data["resources"]),
                submit=request.POST.get("submit") == "1",
                files=data["files"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if access_request.status == RequestStatus.SUBMITTED:
                messages.success(request, "Votre demande est envoyée : l'opérateur en est prévenu par e-mail.")
            else:
                messages.success(request, "Votre demande est enregistrée comme brouillon.")
            return redirect(access_request)
    return render(request, "platforms/request_form.html", {"platform": platform, "form": form})


def my_requests(request):
    return render(
        request,
        "platforms/my_requests.html",
        {
            "requests": selectors.my_requests(request.user).order_by("-created_at"),
            "bookings": selectors.my_bookings(request.user).filter(ends_at__gte=timezone.now())[:50],
            "has_feed_key": bool(account_services.feed_key(request.user)),
        },
    )


def _allocations_with_use(access_request):
    rows = []
    for allocation in access_request.allocations.all():
        used = selectors.allocation_used_minutes(allocation)
        rows.append(
            {
                "allocation": allocation,
                "used_hours": round(used / 60, 1),
                "left_hours": round(allocation.hours - used / 60, 1),
            }
        )
    return rows


def request_detail(request, pk):
    access_request = _request_or_404(request.user, pk)
    platform = access_request.platform
    is_operator = perms.is_operator(request.user, platform)
    is_requester = perms.is_requester(request.user, access_request)
    status = access_request.status
    context = {
        "access_request": access_request,
        "platform": platform,
        "is_operator": is_operator,
        "is_requester": is_requester,
        "transitions": allowed_transitions(status, requester=is_requester, operator=is_operator),
        "can_accept": is_operator and can_accept(status),
        "can_close": is_requester and can_close(status),
        "resources": platform.resources.active(),
        "allocations": _allocations_with_use(access_request),
        "bookings": Booking.objects.filter(allocation__request=access_request).select_related("resource"),
        "close_form": forms.CloseForm(),
        "today": timezone.localdate(),
        "in_three_months": timezone.localdate() + datetime.timedelta(days=90),
    }
    return render(request, "platforms/request.html", context)


@require_POST
def request_action(request, pk):
    access_request = _request_or_404(request.user, pk)
    name = request.POST.get("action", "")
    try:
        if name == "submit" and access_request.status == RequestStatus.INFORMATION_REQUESTED:
            complement = request.POST.get("complement", "").strip()
            files = request.FILES.getlist("files")
            if files:
                services.request_documents_add(actor=request.user, access_request=access_request, files=files)
            if complement:
                services.request_update(
                    actor=request.user,
                    access_request=access_request,
                    fields={"description": f"{access_request.description}\n\nCompléments : {complement}"},
                )
        services.request_transition(
            actor=request.user, access_request=access_request, name=name, message=request.POST.get("message", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        from synergies.platforms.workflow import TRANSITIONS

        messages.success(request, TRANSITIONS[name].done)
    return redirect(access_request)


def request_document(request, pk):
    document = get_object_or_404(RequestDocument.objects.select_related("request__platform"), pk=pk)
    if not perms.can_view_request(request.user, document.request):
        raise Http404("Document introuvable.")
    return download_response(document.file, filename=document.original_name, content_type=document.content_type)


@require_POST
def request_accept(request, pk):
    access_request = _request_or_404(request.user, pk)
    if not perms.is_operator(request.user, access_request.platform):
        raise PermissionDenied("Seul l'opérateur de la plateforme accepte une demande.")
    allocations, problems = [], []
    for resource in access_request.platform.resources.active():
        hours = request.POST.get(f"heures_{resource.pk}", "").strip()
        if not hours:
            continue
        valid_from = forms.parse_date(request.POST.get(f"du_{resource.pk}", ""))
        valid_until = forms.parse_date(request.POST.get(f"au_{resource.pk}", ""))
        if not hours.isdigit() or int(hours) < 1 or valid_from is None or valid_until is None:
            problems.append(f"{resource.name} : indiquez un nombre d'heures entier et les deux dates de validité.")
            continue
        allocations.append(
            {"resource": resource, "hours": int(hours), "valid_from": valid_from, "valid_until": valid_until}
        )
    try:
        if problems:
            raise ApplicationError(" ".join(problems))
        services.request_accept(
            actor=request.user,
            access_request=access_request,
            allocations=allocations,
            message=request.POST.get("message", ""),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La demande est acceptée ; le demandeur peut réserver ses créneaux.")
    return redirect(access_request)


@require_POST
def request_close(request, pk):
    access_request = _request_or_404(request.user, pk)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dites en quelques lignes ce qui a été testé.")
        return redirect(access_request)
    try:
        services.request_close(actor=request.user, access_request=access_request, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Merci : le bilan est enregistré et la demande clôturée.")
    return redirect(access_request)


def _calendar_period(request) -> tuple[datetime.date, int, str]:
    """(first day, number of days, view) of the resource calendar: a week (default) or a month."""
    day = forms.parse_date(request.GET.get("semaine", "")) or timezone.localdate()
    if request.GET.get("vue") == "mois":
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, (following - first).days, "mois"
    return day - datetime.timedelta(days=day.weekday()), 7, "semaine"


def _booking_choices(user, resource):
    """The ways `user` may book the resource, as (value, label): their valid allocations on it
    (« allocation-<id> »), their requests being decided when the operator lets them hold slots
    (« demande-<id> »), self-service after a training (« libre »)."""
    today = timezone.localdate()
    allocations = (
        Allocation.objects.filter(resource=resource, request__status=RequestStatus.ACCEPTED, valid_until__gte=today)
        .select_related("request__platform")
        .order_by("valid_from")
    )
    choices = [
        (f"allocation-{a.pk}", f"{a.request.title} — {a.hours} h, jusqu'au {a.valid_until:%d/%m/%Y}")
        for a in allocations
        if perms.is_requester(user, a.request)
    ]
    if resource.pending_requests_hold_slots:
        pending = AccessRequest.objects.filter(platform=resource.platform, status__in=OPEN_STATUSES).select_related(
            "platform"
        )
        choices += [
            (f"demande-{r.pk}", f"{r.title} — créneau retenu en attendant la décision")
            for r in pending
            if perms.is_requester(user, r)
        ]
    if resource.self_service and resource.trainings.filter(person=user).exists():
        choices.append(("libre", "Libre-service (formation enregistrée)"))
    return choices


def _booking_basis(user, resource, value):
    """(allocation, request held for, organisation) of a booking choice."""
    kind, _, number = value.partition("-")
    if kind == "allocation" and number.isdigit():
        allocation = Allocation.objects.select_related("request__platform", "request__organisation").get(pk=number)
        return allocation, None, None
    if kind == "demande" and number.isdigit():
        return None, AccessRequest.objects.select_related("platform", "organisation").get(pk=number), None
    organisation = (
        Organisation.objects.filter(pk__in=perms.requesting_organisation_ids(user, resource.platform))
        .order_by("name")
        .first()
    )
    return None, None, organisation


@login_not_required
def resource_detail(request, pk):
    resource = _resource_or_404(request.user, pk)
    platform = resource.platform
    first, length, view = _calendar_period(request)
    days = [first + datetime.timedelta(days=n) for n in range(length)]
    since = bookings.aware(first, datetime.time.min)
    until = bookings.aware(first + datetime.timedelta(days=length), datetime.time.min)
    is_operator = perms.is_operator(request.user, platform)
    by_day = {day: [] for day in days}
    for booking in selectors.bookings_between(resource, since, until):
        by_day[bookings.local(booking.starts_at).date()].append(booking)
    closures = resource.closures.filter(starts_at__lt=until, ends_at__gt=since)
    choices = _booking_choices(request.user, resource) if request.user.is_authenticated else []
    context = {
        "resource": resource,
        "platform": platform,
        "is_operator": is_operator,
        "days": [{"day": day, "open": day.isoweekday() in resource.weekdays, "bookings": by_day[day]} for day in days],
        "closures": closures,
        "view": view,
        "first_day": first,
        "previous_start": (first - datetime.timedelta(days=1)).replace(day=1)
        if view == "mois"
        else first - datetime.timedelta(days=7),
        "next_start": first + datetime.timedelta(days=length),
        "booking_form": forms.BookingForm(choices=choices) if choices else None,
        "closure_form": forms.ClosureForm(prefix="fermeture") if is_operator else None,
        "training_form": forms.TrainingForm(prefix="formation") if is_operator else None,
        "own_organisation_ids": roles_of(request.user).all_acting_organisation_ids,
    }
    return render(request, "platforms/resource.html", context)


@require_POST
def booking_create(request, pk):
    resource = _resource_or_404(request.user, pk)
    choices = _booking_choices(request.user, resource)
    form = forms.BookingForm(request.POST, choices=choices)
    if not choices:
        messages.error(request, "Pour réserver, il faut une demande d'accès acceptée sur cette ressource.")
        return redirect(resource)
    if not form.is_valid():
        messages.error(request, "Indiquez le jour, l'heure de début et l'heure de fin du créneau.")
        return redirect(resource)
    data = form.cleaned_data
    allocation, held_for, organisation = _booking_basis(request.user, resource, data["allocation"])
    try:
        booking = bookings.booking_create(
            actor=request.user,
            resource=resource,
            starts_at=bookings.aware(data["day"], data["starts"]),
            ends_at=bookings.aware(data["day"], data["ends"]),
            allocation=allocation,
            held_for=held_for,
            organisation=organisation,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Créneau {'retenu' if held_for else 'réservé'} le {bookings.local(booking.starts_at):%d/%m/%Y de %H:%M} à "
            f"{bookings.local(booking.ends_at):%H:%M} : l'invitation de calendrier vous est envoyée par e-mail.",
        )
    return redirect(f"{resource.get_absolute_url()}?semaine={data['day']:%Y-%m-%d}")


def _back(request, booking):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(booking.resource)


@require_POST
def booking_cancel(request, pk):
    booking = _booking_or_404(request.user, pk)
    try:
        bookings.booking_cancel(actor=request.user, booking=booking, reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La réservation est annulée ; l'annulation de calendrier est envoyée.")
    return _back(request, booking)


@require_POST
def booking_check_in(request, pk):
    booking = _booking_or_404(request.user, pk)
    try:
        bookings.booking_check_in(actor=request.user, booking=booking)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Présence confirmée.")
    return _back(request, booking)


@require_POST
def booking_record_use(request, pk):
    booking = _booking_or_404(request.user, pk)
    if not perms.can_record_use(request.user, booking):
        raise PermissionDenied("Seul l'opérateur de la plateforme enregistre l'utilisation.")
    minutes = request.POST.get("minutes", "").strip()
    try:
        bookings.booking_record_use(
            actor=request.user,
            booking=booking,
            used_minutes=int(minutes) if minutes.isdigit() else None,
            no_show=request.POST.get("absent") == "1",
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Utilisation enregistrée.")
    return _back(request, booking)


def _period_bounds(request):
    """(first day, last day, start, end) of the period asked for: `start` and `end` are the aware
    instants around those days in Paris time."""
    since, until = _period(request)
    return (
        since,
        until,
        bookings.aware(since, datetime.time.min),
        bookings.aware(until + datetime.timedelta(days=1), datetime.time.min),
    )


def _period(request):
    today = timezone.localdate()
    since = forms.parse_date(request.GET.get("du", "")) or today.replace(day=1)
    until = forms.parse_date(request.GET.get("au", "")) or (since.replace(day=28) + datetime.timedelta(days=4)).replace(
        day=1
    ) - datetime.timedelta(days=1)
    if until < since:
        since, until = until, since
    return since, until


def operator_home(request):
    platforms = list(selectors.operated_platforms(request.user).select_related("operator").order_by("name"))
    if not platforms:
        raise PermissionDenied("Cette page est celle des opérateurs de plateformes.")
    since, until, start, end = _period_bounds(request)
    resources = list(Resource.objects.active().filter(platform__in=platforms).select_related("platform"))
    rates = selectors.occupancy_by_resource(resources, start, end)
    occupancy = [{"resource": resource, "rate": rates[resource.pk]} for resource in resources]
    context = {
        "platforms": platforms,
        "to_decide": selectors.requests_to_decide(request.user),
        "occupancy": occupancy,
        "usage": selectors.usage_by_organisation([p.pk for p in platforms], start, end),
        "unmet": selectors.requests_visible_to(request.user)
        .filter(platform__in=platforms, status__in=UNMET_STATUSES)
        .select_related("platform", "organisation")
        .order_by("-updated_at")[:50],
        "upcoming": Booking.objects.holding()
        .filter(resource__platform__in=platforms, ends_at__gte=timezone.now())
        .select_related("resource", "organisation")[:50],
        "to_record": Booking.objects.filter(
            resource__platform__in=platforms,
            status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN],
            starts_at__lte=timezone.now(),
        ).select_related("resource", "organisation")[:50],
        "since": since,
        "until": until,
    }
    return render(request, "platforms/operator.html", context)


USAGE_COLUMNS = [
    "Plateforme",
    "Ressource",
    "Organisation",
    "SIRET",
    "Début",
    "Fin",
    "Durée réservée (h)",
    "Durée utilisée (h)",
    "État",
    "Demande",
]


def usage_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Format inconnu.")
    platforms = selectors.operated_platforms(request.user)
    if not platforms.exists():
        raise PermissionDenied("L'export d'utilisation est réservé aux opérateurs.")
    since, until, start, end = _period_bounds(request)
    rows = []
    for booking in (
        Booking.objects.filter(resource__platform__in=platforms, starts_at__gte=start, starts_at__lt=end)
        .select_related("resource__platform", "organisation", "allocation__request")
        .order_by("starts_at")
    ):
        rows.append(
            [
                booking.resource.platform.name,
                booking.resource.name,
                booking.organisation.name,
                booking.organisation.siret or "",
                f"{bookings.local(booking.starts_at):%d/%m/%Y %H:%M}",
                f"{bookings.local(booking.ends_at):%d/%m/%Y %H:%M}",
                round(booking.duration_minutes / 60, 2),
                round(booking.used_minutes / 60, 2) if booking.used_minutes is not None else "",
                booking.get_status_display(),
                booking.allocation.request.title if booking.allocation else "libre-service",
            ]
        )
    name = f"utilisation-plateformes-{since:%Y%m%d}-{until:%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 with its mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow(USAGE_COLUMNS)
        writer.writerows([[str(v).replace(".", ",") if isinstance(v, float) else v for v in row] for row in rows])
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Utilisation")
    sheet.append(USAGE_COLUMNS)
    for row in rows:
        sheet.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    workbook.save(response)
    return response


@login_not_required
def availability(request):
    query = availability_search.AvailabilityQuery.from_params(request.GET)
    for error in query.errors:
        messages.error(request, error)
    results = availability_search.search(request.user, query) if query.is_ready else []
    visible = selectors.platforms_visible_to(request.user).filter(is_published=True)
    context = {
        "query": query,
        "results": results,
        "max_results": availability_search.MAX_RESULTS,
        "capabilities": Capability.objects.filter(platforms__in=visible).distinct().select_related("domain"),
        "kinds": ResourceKind.choices,
    }
    return render(request, "platforms/availability.html", context)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
def my_feed(request):
    user = feed_user(request)
    if not user.is_authenticated:
        raise PermissionDenied("Ce calendrier est personnel : ajoutez votre clé de flux (« ?cle=… »).")
    recent = timezone.now() - datetime.timedelta(days=90)
    return _ics(
        calendars.feed(selectors.my_bookings(user).filter(ends_at__gte=recent)[:500], "Synergies — mes réservations"),
        "mes-reservations.ics",
    )


@login_not_required
def resource_feed(request, pk):
    user = feed_user(request)
    resource = get_object_or_404(Resource.objects.select_related("platform__territory", "platform__operator"), pk=pk)
    if not perms.is_operator(user, resource.platform):
        raise PermissionDenied("Le calendrier d'une ressource est celui de ses opérateurs.")
    recent = timezone.now() - datetime.timedelta(days=90)
    bookings_ = resource.bookings.filter(ends_at__gte=recent).select_related(
        "organisation", "booked_by", "resource__platform__operator"
    )
    return _ics(calendars.feed(bookings_[:2000], f"Synergies — {resource.name}"), f"ressource-{resource.pk}.ics")


def _platform_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.PLATFORM_FIELDS if name in form.cleaned_data}


def _refusal_on_form(form, error: ApplicationError) -> None:
    """A service's refusal on the field it names (full_clean's errors), or on the whole form."""
    errors = error.extra.get("errors") or {}
    placed = False
    for name, messages_ in errors.items():
        if name in form.fields:
            for message in messages_:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


def platform_create(request):
    operators = selectors.operator_choices(request.user)
    if not perms.may_declare_platforms(request.user) or not operators.exists():
        raise PermissionDenied(
            "Une plateforme se déclare par l'administrateur de l'organisation qui l'opère, son agent défense "
            "ou un coordinateur du territoire."
        )
    form = forms.PlatformForm(request.POST or None, operators=operators, initial={"is_published": True})
    if request.method == "POST" and form.is_valid():
        try:
            platform = services.platform_save(
                actor=request.user,
                operator=form.cleaned_data["operator"],
                fields=_platform_fields(form),
                capabilities=form.cleaned_data["capabilities"],
                tariffs=form.tariffs(),
                restricted_to=form.cleaned_data["restricted_to"],
            )
        except ApplicationError as error:
            _refusal_on_form(form, error)
        else:
            messages.success(request, "La plateforme est au catalogue : décrivez maintenant ses ressources.")
            return redirect("platforms:resource_create", pk=platform.pk)
    return render(request, "platforms/platform_form.html", {"form": form, "platform": None})


def _operated_platform_or_403(request, pk):
    platform = _platform_or_404(request.user, pk)
    if not perms.is_operator(request.user, platform):
        raise PermissionDenied("Seuls les opérateurs de la plateforme la modifient.")
    return platform


def platform_edit(request, pk):
    platform = _operated_platform_or_403(request, pk)
    initial = {name: getattr(platform, name) for name in services.PLATFORM_FIELDS}
    initial["capabilities"] = list(platform.capabilities.values_list("pk", flat=True))
    initial.update({f"tariff_{t.category}": t.text for t in platform.tariffs.all()})
    initial["restricted_to"] = ", ".join(o.siret or o.ref or "" for o in platform.restricted_to.all())
    form = forms.PlatformForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.platform_save(
                actor=request.user,
                operator=platform.operator,
                platform=platform,
                fields=_platform_fields(form),
                capabilities=form.cleaned_data["capabilities"],
                tariffs=form.tariffs(),
                restricted_to=form.cleaned_data["restricted_to"],
            )
        except ApplicationError as error:
            _refusal_on_form(form, error)
        else:
            messages.success(request, "La plateforme est modifiée.")
            return redirect(platform)
    return render(request, "platforms/platform_form.html", {"form": form, "platform": platform})


def _resource_form_view(request, platform, resource=None):
    if resource is None:
        initial = {"weekdays": list("12345"), "capacity": 1, "slot_min_minutes": 60, "slot_max_minutes": 480}
        initial.update(
            {"opens_at": "08:00", "closes_at": "18:00", "lead_time_hours": 24, "cancellation_deadline_hours": 48}
        )
    else:
        initial = {name: getattr(resource, name) for name in services.RESOURCE_FIELDS}
        initial["weekdays"] = list(resource.open_weekdays)
    form = forms.ResourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.resource_save(
                actor=request.user, platform=platform, resource=resource, fields=form.model_fields()
            )
        except ApplicationError as error:
            _refusal_on_form(form, error)
        else:
            messages.success(request, "La ressource est enregistrée.")
            return redirect(saved)
    return render(request, "platforms/resource_form.html", {"form": form, "platform": platform, "resource": resource})


def resource_create(request, pk):
    return _resource_form_view(request, _operated_platform_or_403(request, pk))


def resource_edit(request, pk):
    resource = _resource_or_404(request.user, pk)
    _operated_platform_or_403(request, resource.platform_id)
    return _resource_form_view(request, resource.platform, resource)


@require_POST
def resource_archive(request, pk):
    resource = _resource_or_404(request.user, pk)
    _operated_platform_or_403(request, resource.platform_id)
    try:
        services.resource_archive(actor=request.user, resource=resource)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(resource)
    messages.success(request, "La ressource est archivée : elle ne se réserve plus.")
    return redirect(resource.platform)


@require_POST
def closure_add(request, pk):
    resource = _resource_or_404(request.user, pk)
    _operated_platform_or_403(request, resource.platform_id)
    form = forms.ClosureForm(request.POST, prefix="fermeture")
    if not form.is_valid():
        messages.error(request, "Indiquez les dates, les heures et le motif de la fermeture.")
        return redirect(resource)
    data = form.cleaned_data
    try:
        services.closure_add(
            actor=request.user,
            resource=resource,
            starts_at=bookings.aware(data["starts_on"], data["starts_at"]),
            ends_at=bookings.aware(data["ends_on"], data["ends_at"]),
            reason=data["reason"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La fermeture est enregistrée : ces créneaux ne se réservent plus.")
    return redirect(f"{resource.get_absolute_url()}?semaine={data['starts_on']:%Y-%m-%d}")


@require_POST
def training_add(request, pk):
    from synergies.accounts.models import User

    resource = _resource_or_404(request.user, pk)
    _operated_platform_or_403(request, resource.platform_id)
    form = forms.TrainingForm(request.POST, prefix="formation")
    if not form.is_valid():
        messages.error(request, "Indiquez l'e-mail de la personne et la date de sa formation.")
        return redirect(resource)
    person = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
    if person is None:
        messages.error(request, "Aucun compte Synergies n'a cette adresse : la personne doit d'abord s'inscrire.")
        return redirect(resource)
    try:
        bookings.training_record(
            actor=request.user, resource=resource, person=person, trained_on=form.cleaned_data["trained_on"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"La formation de {person.email} est enregistrée : elle réserve en libre-service.")
    return redirect(resource)


@login_not_required
def photo(request, pk):
    photo = get_object_or_404(PlatformPhoto, pk=pk)
    if selectors.platform_for(request.user, photo.platform_id) is None:
        raise Http404("Photo introuvable.")
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def photo_add(request, pk):
    platform = _operated_platform_or_403(request, pk)
    uploaded = request.FILES.get("photo")
    if uploaded is None:
        messages.error(request, "Choisissez une photo (JPEG, PNG ou WebP).")
        return redirect("platforms:edit", pk=platform.pk)
    try:
        services.platform_photo_add(
            actor=request.user, platform=platform, uploaded_file=uploaded, alt_text=request.POST.get("alt_text", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La photo est ajoutée.")
    return redirect("platforms:edit", pk=platform.pk)


@require_POST
def photo_remove(request, pk):
    photo = get_object_or_404(PlatformPhoto.objects.select_related("platform__territory"), pk=pk)
    platform = _operated_platform_or_403(request, photo.platform_id)
    services.platform_photo_remove(actor=request.user, photo=photo)
    messages.success(request, "La photo est retirée.")
    return redirect("platforms:edit", pk=platform.pk)
