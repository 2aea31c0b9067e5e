"""Reads of events and registrations that depend on the user or cross models."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from synergies.accounts.roles import roles_of
from synergies.accounts.visibility import visibility_q
from synergies.core.text import query_terms
from synergies.events import perms
from synergies.events.enums import SEAT_STATUSES, Attendance, EventKind, RegistrationStatus
from synergies.events.models import Event, Registration


def events_visible_to(user):
    """Published events the user's role may see, and every event (drafts too) the user organises."""
    condition = visibility_q(user, Event) & Q(published_at__isnull=False)
    organised = perms.organised_event_filter(user)
    if organised is not None:
        condition |= organised
    return Event.objects.filter(condition)


def event_for(user, pk) -> Event | None:
    return events_visible_to(user).select_related("organiser", "territory", "objective").filter(pk=pk).first()


def organised_events(user):
    condition = perms.organised_event_filter(user)
    if condition is None:
        return Event.objects.none()
    return Event.objects.filter(condition)


@dataclass
class EventQuery:
    text: str = ""
    kind: str = ""
    department: str = ""
    past: bool = False
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "EventQuery":
        query = cls(
            text=params.get("q", "").strip()[:200],
            kind=params.get("type", "").strip(),
            department=params.get("departement", "").strip()[:3],
            past=params.get("periode") == "passes",
        )
        if query.kind and query.kind not in EventKind.values:
            query.errors.append("Type d'événement inconnu : le filtre est ignoré.")
            query.kind = ""
        return query


def event_search(user, query: EventQuery, *, now=None):
    now = now or timezone.now()
    queryset = events_visible_to(user).filter(published_at__isnull=False)
    for term in query_terms(query.text):
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(description__icontains=term)
            | Q(city__icontains=term)
        )
    if query.kind:
        queryset = queryset.filter(kind=query.kind)
    if query.department:
        queryset = queryset.filter(department=query.department)
    if query.past:
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "id")
    return queryset.select_related("organiser")


def seats_taken(event) -> int:
    return event.registrations.holding_seat().count()


def seats_left(event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - seats_taken(event), 0)


def waiting_rank(registration) -> int | None:
    """The registration's place in its event's waiting list (1 = next offered), None off the list."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ranks = list(registration.event.registrations.waiting().values_list("pk", flat=True))
    return ranks.index(registration.pk) + 1 if registration.pk in ranks else None


def my_registrations(user):
    if not roles_of(user).is_authenticated:
        return Registration.objects.none()
    return Registration.objects.filter(Q(user=user) | Q(registered_by=user)).select_related("event", "organisation")


def registration_for(user, pk) -> Registration | None:
    registration = Registration.objects.select_related("event__territory", "event__organiser").filter(pk=pk).first()
    if registration is None or not perms.can_view_registration(user, registration):
        return None
    return registration


def published_participants(event):
    """The participants who agreed to be listed publicly (confirmed ones only)."""
    return (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED, consent_to_publish=True)
        .select_related("organisation")
        .order_by("name")
    )


def organiser_figures(event) -> dict:
    """The organiser's dashboard of one event."""
    registrations = event.registrations.all()
    by_status = dict(registrations.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    seated = registrations.filter(status__in=SEAT_STATUSES)
    organisations = seated.exclude(organisation__isnull=True).values("organisation_id").distinct().count()
    regional_smes = (
        seated.filter(organisation__territory_id=event.territory_id, organisation__category="PME")
        .values("organisation_id")
        .distinct()
        .count()
    )
    confirmed_emails = registrations.filter(status=RegistrationStatus.CONFIRMED).values_list("email", flat=True)
    earlier = (
        Registration.objects.filter(
            email__in=list(confirmed_emails),
            event__starts_at__lt=event.starts_at,
            status=RegistrationStatus.CONFIRMED,
        )
        .values_list("email", flat=True)
        .distinct()
    )
    first_timers = len(set(confirmed_emails) - set(earlier))
    attendance = dict(
        registrations.filter(status=RegistrationStatus.CONFIRMED)
        .values_list("attendance")
        .annotate(n=Count("id"))
        .values_list("attendance", "n")
    )
    satisfaction = registrations.exclude(satisfaction__isnull=True).values_list("satisfaction", flat=True)
    return {
        "by_status": [(s.label, by_status.get(s.value, 0)) for s in RegistrationStatus if by_status.get(s.value)],
        "seats_taken": seated.count(),
        "waiting": by_status.get(RegistrationStatus.WAITLISTED, 0),
        "organisations": organisations,
        "regional_smes": regional_smes,
        "sme_share": round(100 * regional_smes / organisations) if organisations else None,
        "first_timers": first_timers,
        "present": attendance.get(Attendance.PRESENT, 0),
        "no_shows": attendance.get(Attendance.ABSENT, 0),
        "excused": attendance.get(Attendance.EXCUSED, 0),
        "satisfaction": round(sum(satisfaction) / len(satisfaction), 1) if satisfaction else None,
        "answers": len(satisfaction),
    }
