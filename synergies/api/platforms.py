"""Technology platforms through the API: the catalogue (read), access requests and bookings (requester
and operator), with the same services, selectors and permissions as the pages."""

import datetime
import math

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from synergies.api.auth import AUTHENTICATED, OptionalAuth, request_user
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Organisation
from synergies.platforms import availability, bookings, perms, selectors, services
from synergies.platforms.models import Allocation, Booking, Resource

router = Router(tags=["plateformes technologiques"])
MAX_PAGE_SIZE = 100


class PlatformFilters(Schema):
    """The catalogue page's filters, with the same names."""

    q: str = ""
    capacite: str = ""
    departement: str = ""
    ressource: str = ""
    trl: int | None = None
    page: int = 1
    page_size: int = 20


class ResourceOut(Schema):
    id: int
    name: str
    kind: str
    capacity: int
    slot_min_minutes: int
    slot_max_minutes: int
    opens_at: datetime.time
    closes_at: datetime.time
    open_weekdays: str
    lead_time_hours: int
    cancellation_deadline_hours: int
    self_service: bool
    pending_requests_hold_slots: bool


class TariffOut(Schema):
    category: str
    text: str


class PlatformOut(Schema):
    id: int
    name: str
    summary: str
    description: str
    operator_id: int
    operator_name: str
    territory: str
    capabilities: list[str]
    conditions: str
    prerequisites: str
    requires_clearance: bool
    trl_min: int | None
    trl_max: int | None
    contact_email: str
    city: str
    department: str
    latitude: float | None
    longitude: float | None
    tariffs: list[TariffOut]
    resources: list[ResourceOut]
    is_demo: bool

    @staticmethod
    def resolve_operator_name(platform):
        return platform.operator.name

    @staticmethod
    def resolve_territory(platform):
        return platform.territory.code

    @staticmethod
    def resolve_capabilities(platform):
        return [c.slug for c in platform.capabilities.all()]

    @staticmethod
    def resolve_tariffs(platform):
        return list(platform.tariffs.all())

    @staticmethod
    def resolve_resources(platform):
        return list(platform.resources.active())


class PlatformPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PlatformOut]


class AllocationOut(Schema):
    id: int
    resource_id: int
    hours: int
    valid_from: datetime.date
    valid_until: datetime.date


class AccessRequestOut(Schema):
    id: int
    platform_id: int
    organisation_id: int
    title: str
    description: str
    status: str
    wanted_from: datetime.date | None
    wanted_until: datetime.date | None
    duration_days: int | None
    operator_message: str
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    allocations: list[AllocationOut]

    @staticmethod
    def resolve_allocations(access_request):
        return list(access_request.allocations.all())


class AccessRequestIn(Schema):
    organisation_id: int
    title: str
    description: str
    resource_ids: list[int] = []
    wanted_from: datetime.date | None = None
    wanted_until: datetime.date | None = None
    duration_days: int | None = None
    people: str = ""
    submit: bool = True


class TransitionIn(Schema):
    action: str
    message: str = ""


class AllocationIn(Schema):
    resource_id: int
    hours: int
    valid_from: datetime.date
    valid_until: datetime.date


class AcceptIn(Schema):
    allocations: list[AllocationIn]
    message: str = ""


class BookingOut(Schema):
    id: int
    resource_id: int
    organisation_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    allocation_id: int | None
    used_minutes: int | None


class BookingIn(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    allocation_id: int | None = None
    organisation_id: int | None = None


class CancelIn(Schema):
    reason: str = ""


class WindowOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class AvailabilityOut(Schema):
    resource_id: int
    resource_name: str
    platform_id: int
    free_hours: float
    windows: list[WindowOut]

    @staticmethod
    def resolve_resource_id(row):
        return row.resource.pk

    @staticmethod
    def resolve_resource_name(row):
        return row.resource.name

    @staticmethod
    def resolve_platform_id(row):
        return row.resource.platform_id


def _aware(moment: datetime.datetime) -> datetime.datetime:
    """A time sent without an offset is Paris time, as on the pages."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _request(request, request_id):
    access_request = selectors.request_for(request.auth, request_id)
    if access_request is None:
        raise Http404
    return access_request


@router.get("/platforms", response=PlatformPage, auth=OptionalAuth(), summary="Rechercher des plateformes")
def list_platforms(request, filters: Query[PlatformFilters]):
    query = selectors.PlatformQuery.from_params(request.GET)
    if query.errors:
        raise ApplicationError(" ".join(query.errors))
    queryset = selectors.platform_search(request_user(request), query).prefetch_related("tariffs", "resources")
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    count = queryset.count()
    page = max(1, filters.page)
    results = list(queryset.select_related("territory")[(page - 1) * size : page * size])
    return {"count": count, "page": page, "pages": max(1, math.ceil(count / size)), "results": results}


@router.get("/platforms/{platform_id}", response=PlatformOut, auth=OptionalAuth(), summary="Une plateforme")
def get_platform(request, platform_id: int):
    platform = selectors.platform_for(request_user(request), platform_id)
    if platform is None:
        raise Http404
    return platform


@router.get(
    "/platform-availability",
    response=list[AvailabilityOut],
    auth=OptionalAuth(),
    summary="Créneaux libres (paramètres du, au, ressource, capacite, heures, q)",
)
def platform_availability(request):
    query = availability.AvailabilityQuery.from_params(request.GET)
    if query.errors or not query.is_ready:
        raise ApplicationError(" ".join(query.errors) or "Indiquez la période : paramètres « du » et « au ».")
    return availability.search(request_user(request), query)


@router.get(
    "/platform-requests", response=list[AccessRequestOut], auth=AUTHENTICATED, summary="Demandes d'accès visibles"
)
def list_platform_requests(request):
    return list(
        selectors.requests_visible_to(request.auth).prefetch_related("allocations").order_by("-created_at")[:500]
    )


@router.get(
    "/platform-requests/{request_id}", response=AccessRequestOut, auth=AUTHENTICATED, summary="Une demande d'accès"
)
def get_platform_request(request, request_id: int):
    return _request(request, request_id)


@router.post(
    "/platforms/{platform_id}/requests",
    response={201: AccessRequestOut},
    auth=AUTHENTICATED,
    summary="Demander un accès (au nom de son organisation)",
)
def create_platform_request(request, platform_id: int, payload: AccessRequestIn):
    platform = selectors.platform_for(request.auth, platform_id)
    if platform is None:
        raise Http404
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ApplicationError("Organisation inconnue.")
    data = payload.dict()
    access_request = services.request_create(
        actor=request.auth,
        platform=platform,
        organisation=organisation,
        fields={name: data[name] for name in services.REQUEST_FIELDS},
        resources=list(Resource.objects.filter(pk__in=payload.resource_ids)),
        submit=payload.submit,
    )
    return Status(201, access_request)


@router.post(
    "/platform-requests/{request_id}/transition",
    response=AccessRequestOut,
    auth=AUTHENTICATED,
    summary="Faire avancer une demande (submit, study, ask_information, refuse, withdraw)",
)
def transition_platform_request(request, request_id: int, payload: TransitionIn):
    access_request = _request(request, request_id)
    return services.request_transition(
        actor=request.auth, access_request=access_request, name=payload.action, message=payload.message
    )


@router.post(
    "/platform-requests/{request_id}/accept",
    response=AccessRequestOut,
    auth=AUTHENTICATED,
    summary="Accepter une demande avec ses allocations (opérateurs)",
)
def accept_platform_request(request, request_id: int, payload: AcceptIn):
    access_request = _request(request, request_id)
    if not perms.is_operator(request.auth, access_request.platform):
        raise PermissionDenied
    resources = Resource.objects.in_bulk([a.resource_id for a in payload.allocations])
    if len(resources) != len({a.resource_id for a in payload.allocations}):
        raise ApplicationError("Une ressource des allocations est inconnue.")
    allocations = [
        {
            "resource": resources[a.resource_id],
            "hours": a.hours,
            "valid_from": a.valid_from,
            "valid_until": a.valid_until,
        }
        for a in payload.allocations
    ]
    services.request_accept(
        actor=request.auth, access_request=access_request, allocations=allocations, message=payload.message
    )
    return _request(request, request_id)  # read again: the allocations were prefetched before they existed


@router.get("/platform-bookings", response=list[BookingOut], auth=AUTHENTICATED, summary="Mes réservations")
def list_platform_bookings(request):
    return list(selectors.my_bookings(request.auth)[:500])


@router.post(
    "/resources/{resource_id}/bookings",
    response={201: BookingOut},
    auth=AUTHENTICATED,
    summary="Réserver un créneau (dans une allocation, ou en libre-service)",
)
def create_platform_booking(request, resource_id: int, payload: BookingIn):
    resource = Resource.objects.select_related("platform__territory").filter(pk=resource_id).first()
    if resource is None or not selectors.platforms_visible_to(request.auth).filter(pk=resource.platform_id).exists():
        raise Http404
    allocation = None
    if payload.allocation_id is not None:
        allocation = (
            Allocation.objects.select_related("request__platform", "request__organisation")
            .filter(pk=payload.allocation_id)
            .first()
        )
        if allocation is None:
            raise ApplicationError("Allocation inconnue.")
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first() if payload.organisation_id else None
    booking = bookings.booking_create(
        actor=request.auth,
        resource=resource,
        starts_at=_aware(payload.starts_at),
        ends_at=_aware(payload.ends_at),
        allocation=allocation,
        organisation=organisation,
    )
    return Status(201, booking)


@router.post(
    "/platform-bookings/{booking_id}/cancel", response=BookingOut, auth=AUTHENTICATED, summary="Annuler une réservation"
)
def cancel_platform_booking(request, booking_id: int, payload: CancelIn):
    booking = Booking.objects.select_related("resource__platform__territory").filter(pk=booking_id).first()
    if booking is None or not perms.can_view_booking(request.auth, booking):
        raise Http404
    return bookings.booking_cancel(actor=request.auth, booking=booking, reason=payload.reason)
