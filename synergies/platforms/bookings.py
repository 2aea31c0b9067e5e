"""Booking a resource: the rules (one function, used to refuse and to show why), the write under a
lock, cancellation, check-in, release of unconfirmed slots and the operator's record of use.

No double booking, held twice: the write locks the resource row (PostgreSQL `SELECT … FOR UPDATE`;
SQLite's IMMEDIATE transactions take the write lock at BEGIN) before it looks for a free seat, and on
PostgreSQL an exclusion constraint over (resource, seat, time range) refuses any overlap that would
get past the code (migration 0002).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from synergies.core import audit
from synergies.core.exceptions import ApplicationError, refused_if_invalid
from synergies.core.marking import validate_no_marking
from synergies.core.tasks import enqueue_on_commit
from synergies.platforms import perms, selectors
from synergies.platforms.enums import BookingStatus, RequestStatus
from synergies.platforms.models import Allocation, Booking, Closure, Resource, Training, minutes_between
from synergies.platforms.workflow import OPEN_STATUSES

FULL = "Ce créneau n'est plus libre : choisissez-en un autre."
CHECK_IN_EARLY = datetime.timedelta(minutes=30)


def local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def aware(day: datetime.date, at: datetime.time) -> datetime.datetime:
    """A wall-clock time in Europe/Paris (what a person types) as an aware datetime; across the DST
    change the local hours stay what was typed."""
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _hm(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def slot_refusal(resource: Resource, starts_at, ends_at, *, now=None) -> str | None:
    """Why this slot cannot be booked on the resource (None: it can, seats aside). French, for the person."""
    now = now or timezone.now()
    if resource.archived_at is not None:
        return "Cette ressource n'est plus proposée à la réservation."
    if ends_at <= starts_at:
        return "La fin du créneau doit suivre son début."
    if starts_at < now:
        return "Ce créneau est déjà passé."
    start, end = local(starts_at), local(ends_at)
    if start.date() != end.date():
        return "Un créneau tient dans une seule journée : réservez chaque jour séparément."
    if start.isoweekday() not in resource.weekdays:
        return f"La ressource n'ouvre pas ce jour-là ({resource.weekdays_label})."
    if start.time() < resource.opens_at or end.time() > resource.closes_at:
        return (
            f"En dehors des heures d'ouverture : de {resource.opens_at:%H:%M} à {resource.closes_at:%H:%M}, "
            "heure de Paris."
        )
    minutes = minutes_between(starts_at, ends_at)
    if minutes < resource.slot_min_minutes:
        return f"Un créneau dure au moins {_hm(resource.slot_min_minutes)}."
    if minutes > resource.slot_max_minutes:
        return f"Un créneau dure au plus {_hm(resource.slot_max_minutes)}."
    if starts_at < now + datetime.timedelta(hours=resource.lead_time_hours):
        return f"Réservez au moins {resource.lead_time_hours} heures à l'avance."
    closure = Closure.objects.filter(resource=resource, starts_at__lt=ends_at, ends_at__gt=starts_at).first()
    if closure is not None:
        return (
            f"La ressource est fermée du {local(closure.starts_at):%d/%m/%Y %H:%M} "
            f"au {local(closure.ends_at):%d/%m/%Y %H:%M} ({closure.reason})."
        )
    return None


def _hold_refusal(*, actor, resource, starts_at, held_for) -> str | None:
    if not resource.pending_requests_hold_slots:
        return "L'opérateur de cette ressource ne retient aucun créneau avant d'avoir accepté la demande."
    if held_for.platform_id != resource.platform_id:
        return "Cette demande porte sur une autre plateforme."
    if held_for.status not in OPEN_STATUSES:
        return "La demande n'est plus en cours : un créneau ne se retient que pendant son examen."
    if not perms.is_requester(actor, held_for):
        return "Seul le demandeur retient des créneaux pour sa demande."
    day = local(starts_at).date()
    if (held_for.wanted_from and day < held_for.wanted_from) or (held_for.wanted_until and day > held_for.wanted_until):
        return "Ce créneau sort des dates souhaitées dans la demande."
    return None


def entitlement_refusal(
    *, actor, resource, starts_at, ends_at, allocation: Allocation | None, held_for=None
) -> str | None:
    """Why `actor` may not book this slot: an allocation of an accepted request of theirs that covers
    the dates and still has the hours, a slot held for a request being decided (where the operator
    allows it), or self-service after a recorded training."""
    if held_for is not None:
        return _hold_refusal(actor=actor, resource=resource, starts_at=starts_at, held_for=held_for)
    if allocation is None:
        if not resource.self_service:
            return "Cette ressource se réserve dans le cadre d'une demande d'accès acceptée."
        if not Training.objects.filter(resource=resource, person=actor).exists():
            return "Le libre-service est ouvert aux personnes dont la formation sur cette ressource est enregistrée."
        return None
    if allocation.resource_id != resource.pk:
        return "Cette allocation porte sur une autre ressource."
    if allocation.request.status != RequestStatus.ACCEPTED:
        return "La demande d'accès n'est pas (ou plus) acceptée."
    if not perms.is_requester(actor, allocation.request):
        return "Seul le demandeur réserve sur son allocation."
    if not (allocation.valid_from <= local(starts_at).date() <= allocation.valid_until):
        return f"L'allocation est valable du {allocation.valid_from:%d/%m/%Y} au {allocation.valid_until:%d/%m/%Y}."
    used = selectors.allocation_used_minutes(allocation)
    wanted = minutes_between(starts_at, ends_at)
    if used + wanted > allocation.hours * 60:
        left = max(allocation.hours * 60 - used, 0)
        return f"L'allocation n'a plus que {_hm(left)} disponibles sur {allocation.hours} h."
    return None


def _free_seat(resource, starts_at, ends_at) -> int | None:
    taken = set(
        Booking.objects.filter(resource=resource)
        .holding()
        .overlapping(starts_at, ends_at)
        .values_list("seat", flat=True)
    )
    return next((seat for seat in range(1, resource.capacity + 1) if seat not in taken), None)


def booking_create(
    *,
    actor,
    resource: Resource,
    starts_at,
    ends_at,
    allocation: Allocation | None = None,
    held_for=None,
    organisation=None,
    now=None,
) -> Booking:
    if allocation is not None:
        organisation = allocation.request.organisation
    elif held_for is not None:
        organisation = held_for.organisation
    elif organisation is None:
        raise ApplicationError("Indiquez pour quelle organisation vous réservez.")
    elif organisation.pk not in perms.requesting_organisation_ids(actor, resource.platform):
        raise ApplicationError("Vous ne réservez que pour une organisation dont vous êtes membre.")
    with transaction.atomic():
        # The lock: every booking of this resource waits here for the one before it.
        resource = Resource.objects.select_for_update().select_related("platform").get(pk=resource.pk)
        refusal = slot_refusal(resource, starts_at, ends_at, now=now) or entitlement_refusal(
            actor=actor,
            resource=resource,
            starts_at=starts_at,
            ends_at=ends_at,
            allocation=allocation,
            held_for=held_for,
        )
        if refusal:
            raise ApplicationError(refusal)
        seat = _free_seat(resource, starts_at, ends_at)
        if seat is None:
            raise ApplicationError(FULL)
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    resource=resource,
                    seat=seat,
                    allocation=allocation,
                    held_for=held_for,
                    status=BookingStatus.HELD if held_for is not None else BookingStatus.BOOKED,
                    organisation=organisation,
                    booked_by=actor,
                    starts_at=starts_at,
                    ends_at=ends_at,
                )
        except IntegrityError as exc:  # the exclusion constraint: another booking took the seat meanwhile
            raise ApplicationError(FULL) from exc
        audit.record(
            actor=actor,
            action="booking_created",
            target=booking,
            territory=resource.platform.territory,
            changes={"starts_at": [None, starts_at], "ends_at": [None, ends_at]},
        )
    from synergies.platforms.tasks import send_booking_email

    enqueue_on_commit(send_booking_email, booking_id=booking.pk)
    return booking


def cancellation_refusal(actor, booking, now=None) -> str | None:
    """Requesters cancel until the resource's deadline; operators at any time (with a reason)."""
    now = now or timezone.now()
    if not booking.holds_slot or booking.status == BookingStatus.USED:
        return "Cette réservation n'est plus active."
    if booking.ends_at <= now:
        return "Ce créneau est passé : il ne s'annule plus."
    if perms.is_operator(actor, booking.resource.platform):
        return None
    deadline = booking.starts_at - datetime.timedelta(hours=booking.resource.cancellation_deadline_hours)
    if now > deadline:
        return (
            f"L'annulation était possible jusqu'au {local(deadline):%d/%m/%Y à %H:%M} : "
            "contactez l'opérateur de la plateforme."
        )
    return None


def _change_status(*, actor, booking, status, action, changes=None, **fields) -> Booking:
    previous = booking.status
    booking.status = status
    booking.sequence += 1
    for name, value in fields.items():
        setattr(booking, name, value)
    booking.save(update_fields=["status", "sequence", "updated_at", *fields])
    audit.record(
        actor=actor,
        action=action,
        target=booking,
        territory=booking.resource.platform.territory,
        changes={"status": [previous, status], **(changes or {})},
    )
    return booking


def booking_cancel(*, actor, booking: Booking, reason: str = "", now=None) -> Booking:
    if not perms.can_view_booking(actor, booking):
        raise ApplicationError("Vous ne pouvez pas annuler cette réservation.")
    refusal = cancellation_refusal(actor, booking, now)
    if refusal:
        raise ApplicationError(refusal)
    reason = reason.strip()
    if not perms.is_booker(actor, booking) and not reason:
        raise ApplicationError("Dites au demandeur pourquoi vous annulez son créneau.")
    with refused_if_invalid(field="reason"):
        validate_no_marking(reason)
    with transaction.atomic():
        _change_status(
            actor=actor,
            booking=booking,
            status=BookingStatus.CANCELLED,
            action="booking_cancelled",
            cancelled_at=now or timezone.now(),
            cancellation_reason=reason[:200],
        )
    from synergies.platforms.tasks import send_booking_email

    enqueue_on_commit(send_booking_email, booking_id=booking.pk)
    return booking


def booking_check_in(*, actor, booking: Booking, now=None) -> Booking:
    now = now or timezone.now()
    if not perms.can_view_booking(actor, booking):
        raise ApplicationError("Vous ne pouvez pas confirmer cette réservation.")
    if booking.status != BookingStatus.BOOKED:
        return booking
    if not (booking.starts_at - CHECK_IN_EARLY <= now <= booking.ends_at):
        raise ApplicationError("La présence se confirme à partir de 30 minutes avant le début du créneau.")
    with transaction.atomic():
        return _change_status(
            actor=actor, booking=booking, status=BookingStatus.CHECKED_IN, action="booking_checked_in"
        )


def booking_record_use(
    *, actor, booking: Booking, used_minutes: int | None, no_show: bool = False, now=None
) -> Booking:
    """The operator records what happened: the minutes really used, or an absence."""
    now = now or timezone.now()
    if not perms.can_record_use(actor, booking):
        raise ApplicationError("Seul l'opérateur de la plateforme enregistre l'utilisation.")
    if booking.status in (BookingStatus.CANCELLED, BookingStatus.RELEASED):
        raise ApplicationError("Cette réservation a été annulée ou libérée.")
    if booking.starts_at > now:
        raise ApplicationError("L'utilisation s'enregistre une fois le créneau commencé.")
    if no_show:
        status, minutes = BookingStatus.NO_SHOW, None
    else:
        if used_minutes is None or used_minutes < 0 or used_minutes > 24 * 60:
            raise ApplicationError("Indiquez la durée réellement utilisée, en minutes (de 0 à 1 440).")
        status, minutes = BookingStatus.USED, used_minutes
    with transaction.atomic():
        return _change_status(
            actor=actor,
            booking=booking,
            status=status,
            action="booking_use_recorded",
            changes={"used_minutes": [booking.used_minutes, minutes]},
            used_minutes=minutes,
            use_recorded_by=actor,
        )


def held_bookings_settle(*, actor, access_request) -> None:
    """When a request is decided, the slots held for it become bookings of its allocation (when the
    allocation covers them) or are released; each person gets the calendar update."""
    from synergies.platforms.tasks import send_booking_email

    allocations = {a.resource_id: a for a in access_request.allocations.all()}
    for booking in access_request.held_bookings.filter(status=BookingStatus.HELD).select_related("resource__platform"):
        allocation = allocations.get(booking.resource_id)
        refusal = (
            entitlement_refusal(
                actor=booking.booked_by or actor,
                resource=booking.resource,
                starts_at=booking.starts_at,
                ends_at=booking.ends_at,
                allocation=allocation,
            )
            if allocation is not None
            else "la demande n'a pas été acceptée sur cette ressource"
        )
        if refusal is None:
            _change_status(
                actor=actor,
                booking=booking,
                status=BookingStatus.BOOKED,
                action="booking_confirmed",
                allocation=allocation,
            )
        else:
            _change_status(
                actor=actor,
                booking=booking,
                status=BookingStatus.CANCELLED,
                action="booking_cancelled",
                cancelled_at=timezone.now(),
                cancellation_reason=f"Créneau retenu non confirmé : {refusal}"[:200],
            )
        enqueue_on_commit(send_booking_email, booking_id=booking.pk)


def bookings_release_unconfirmed(*, now=None) -> int:
    """Scheduled: a booking whose resource expects a confirmation and that nobody confirmed by its
    start + the grace period is released (and its people get the calendar cancellation)."""
    from synergies.platforms.tasks import send_booking_email

    now = now or timezone.now()
    released = 0
    candidates = Booking.objects.filter(
        status=BookingStatus.BOOKED, resource__confirmation_grace_minutes__isnull=False, starts_at__lte=now
    ).select_related("resource__platform__territory")
    for booking in candidates:
        if booking.starts_at + datetime.timedelta(minutes=booking.resource.confirmation_grace_minutes) > now:
            continue
        with transaction.atomic():
            _change_status(actor=None, booking=booking, status=BookingStatus.RELEASED, action="booking_released")
        enqueue_on_commit(send_booking_email, booking_id=booking.pk)
        released += 1
    return released


def training_record(*, actor, resource: Resource, person, trained_on: datetime.date) -> Training:
    if not perms.is_operator(actor, resource.platform):
        raise ApplicationError("Seul l'opérateur de la plateforme enregistre une formation.")
    with transaction.atomic():
        training, _ = Training.objects.update_or_create(
            resource=resource, person=person, defaults={"trained_on": trained_on, "recorded_by": actor}
        )
        audit.record(
            actor=actor,
            action="training_recorded",
            target=resource,
            territory=resource.platform.territory,
            changes={"person": [None, person.email]},
        )
    return training
