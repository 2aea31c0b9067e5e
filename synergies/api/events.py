"""Events through the API: events (read), one's own registrations, and for organisers the registrations
of their events and the check-in — with the same services, selectors and permissions as the pages."""

import datetime
import math

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from ninja import Query, Router, Schema, Status

from synergies.api.auth import AUTHENTICATED, OptionalAuth, request_user
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Organisation
from synergies.events import meetings, perms, selectors, services
from synergies.events.models import MeetingRequest

router = Router(tags=["événements"])
MAX_PAGE_SIZE = 100


class EventFilters(Schema):
    """The events page's filters, with the same names."""

    q: str = ""
    type: str = ""
    departement: str = ""
    periode: str = ""
    page: int = 1
    page_size: int = 20


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int | None
    seats_left: int | None

    @staticmethod
    def resolve_seats_left(session):
        return services.session_seats_left(session)


class EventOut(Schema):
    id: int
    title: str
    summary: str
    description: str
    kind: str
    territory: str
    organiser_id: int
    organiser_name: str
    objective: int | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    city: str
    department: str
    latitude: float | None
    longitude: float | None
    online: bool
    capacity: int | None
    seats_left: int | None
    per_organisation_cap: int | None
    moderated: bool
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    questions: list[str]
    sessions: list[SessionOut]
    meetings_open: bool
    contact_email: str
    cancelled: bool
    url: str
    is_demo: bool

    @staticmethod
    def resolve_territory(event):
        return event.territory.code

    @staticmethod
    def resolve_organiser_name(event):
        return event.organiser.name

    @staticmethod
    def resolve_objective(event):
        return event.objective.number if event.objective_id else None

    @staticmethod
    def resolve_online(event):
        return bool(event.online_url)

    @staticmethod
    def resolve_seats_left(event):
        return selectors.seats_left(event)

    @staticmethod
    def resolve_questions(event):
        return event.question_list

    @staticmethod
    def resolve_sessions(event):
        return list(event.sessions.all())

    @staticmethod
    def resolve_cancelled(event):
        return event.is_cancelled

    @staticmethod
    def resolve_url(event):
        return event.get_absolute_url()


class EventPage(Schema):
    count: int
    page: int
    pages: int
    results: list[EventOut]


class RegistrationOut(Schema):
    id: int
    event_id: int
    name: str
    email: str
    organisation_id: int | None
    status: str
    waiting_position: int | None
    offer_expires_at: datetime.datetime | None
    answers: dict
    consent_to_publish: bool
    checkin_code: str
    attendance: str
    checked_in_at: datetime.datetime | None
    reason: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_waiting_position(registration):
        return registration.position if registration.status == "waitlisted" else None


class RegistrationIn(Schema):
    name: str
    email: str = ""  # empty: the caller's own e-mail
    organisation_id: int | None = None
    answers: dict[str, str] = {}
    consent_to_publish: bool = False
    session_ids: list[int] = []


class RegistrationTransitionIn(Schema):
    action: str  # withdraw, accept_offer, decline_offer (the person); confirm, refuse (organisers)
    reason: str = ""


class CheckinIn(Schema):
    code: str


def _event(request, event_id):
    event = selectors.event_for(request_user(request), event_id)
    if event is None:
        raise Http404
    return event


@router.get("/events", response=EventPage, auth=OptionalAuth(), summary="Rechercher des événements")
def list_events(request, filters: Query[EventFilters]):
    query = selectors.EventQuery.from_params(request.GET)
    if query.errors:
        raise ApplicationError(" ".join(query.errors))
    queryset = selectors.event_search(request_user(request), query).select_related("territory", "objective")
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    count = queryset.count()
    page = max(1, filters.page)
    results = list(queryset[(page - 1) * size : page * size])
    return {"count": count, "page": page, "pages": max(1, math.ceil(count / size)), "results": results}


@router.get("/events/{event_id}", response=EventOut, auth=OptionalAuth(), summary="Un événement")
def get_event(request, event_id: int):
    return _event(request, event_id)


@router.get("/event-registrations", response=list[RegistrationOut], auth=AUTHENTICATED, summary="Mes inscriptions")
def list_my_registrations(request):
    return list(selectors.my_registrations(request.auth).order_by("-created_at")[:500])


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut},
    auth=AUTHENTICATED,
    summary="S'inscrire (ou inscrire quelqu'un de son organisation)",
)
def create_registration(request, event_id: int, payload: RegistrationIn):
    event = _event(request, event_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ApplicationError("Organisation inconnue.")
    registration = services.registration_create(
        actor=request.auth,
        event=event,
        name=payload.name,
        email=payload.email or request.auth.email,
        organisation=organisation,
        answers=payload.answers,
        consent_to_publish=payload.consent_to_publish,
        sessions=list(event.sessions.filter(pk__in=payload.session_ids)),
    )
    return Status(201, registration)


@router.post(
    "/event-registrations/{registration_id}/transition",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    summary="Faire avancer une inscription",
)
def transition_registration(request, registration_id: int, payload: RegistrationTransitionIn):
    registration = selectors.registration_for(request.auth, registration_id)
    if registration is None:
        raise Http404
    return services.registration_transition(
        actor=request.auth, registration=registration, name=payload.action, reason=payload.reason
    )


@router.get(
    "/events/{event_id}/registrations",
    response=list[RegistrationOut],
    auth=AUTHENTICATED,
    summary="Les inscriptions d'un événement (organisateurs)",
)
def list_event_registrations(request, event_id: int):
    event = _event(request, event_id)
    if not perms.is_organiser(request.auth, event):
        raise PermissionDenied
    return list(event.registrations.order_by("created_at", "id"))


@router.post(
    "/events/{event_id}/checkin",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    summary="Accueillir un participant par son code (organisateurs)",
)
def checkin(request, event_id: int, payload: CheckinIn):
    event = _event(request, event_id)
    if not perms.is_organiser(request.auth, event):
        raise PermissionDenied
    return services.checkin(actor=request.auth, event=event, code=payload.code)


class MeetingOut(Schema):
    id: int
    event_id: int
    requester_id: int
    requested_id: int
    with_name: str
    note: str
    status: str
    expires_at: datetime.datetime | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    table: int | None
    outcome: str
    follow_up: str

    @staticmethod
    def resolve_with_name(meeting, context):
        user = context["request"].auth
        return meeting.requested.name if meeting.requester.user_id == user.pk else meeting.requester.name

    @staticmethod
    def resolve_starts_at(meeting):
        return meeting.slot.starts_at if meeting.slot_id else None

    @staticmethod
    def resolve_ends_at(meeting):
        return meeting.slot.ends_at if meeting.slot_id else None


class MeetingIn(Schema):
    registration_id: int  # the participant asked
    note: str = ""


class MeetingActionIn(Schema):
    action: str  # accept, decline (the person asked); cancel (either)


@router.get("/event-meetings", response=list[MeetingOut], auth=AUTHENTICATED, summary="Mes rendez-vous d'affaires")
def list_my_meetings(request):
    return list(
        MeetingRequest.objects.filter(Q(requester__user=request.auth) | Q(requested__user=request.auth))
        .select_related("requester", "requested", "slot")
        .order_by("-created_at")[:500]
    )


@router.post(
    "/events/{event_id}/meetings",
    response={201: MeetingOut},
    auth=AUTHENTICATED,
    summary="Demander un rendez-vous à un participant",
)
def create_meeting(request, event_id: int, payload: MeetingIn):
    event = _event(request, event_id)
    requested = event.registrations.filter(pk=payload.registration_id).first()
    if requested is None:
        raise ApplicationError("Cette personne ne participe pas à cet événement.")
    return Status(
        201, meetings.meeting_request(actor=request.auth, event=event, requested=requested, note=payload.note)
    )


@router.post(
    "/event-meetings/{meeting_id}/action", response=MeetingOut, auth=AUTHENTICATED, summary="Répondre, annuler"
)
def meeting_action(request, meeting_id: int, payload: MeetingActionIn):
    meeting = (
        MeetingRequest.objects.filter(Q(requester__user=request.auth) | Q(requested__user=request.auth))
        .select_related("requester", "requested", "event")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404
    if payload.action in ("accept", "decline"):
        return meetings.meeting_answer(actor=request.auth, meeting=meeting, accept=payload.action == "accept")
    if payload.action == "cancel":
        return meetings.meeting_cancel(actor=request.auth, meeting=meeting)
    raise ApplicationError("Action inconnue : accept, decline ou cancel.")
