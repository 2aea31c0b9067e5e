"""Bookings as iCalendar events (RFC 5545) and scheduling messages (RFC 5546): one UID for a
booking's life, SEQUENCE bumped on every change, METHOD:REQUEST for a booking and its changes,
METHOD:CANCEL when it is cancelled or released. The e-mail part's Content-Type carries the same method."""

import icalendar
from django.conf import settings
from django.utils import timezone

from synergies.core.calendars import CANCEL, PUBLISH, REQUEST, email_part, new_calendar, uid_domain
from synergies.core.text import clean_control_characters

__all__ = ["CANCEL", "PUBLISH", "REQUEST", "booking_components", "booking_uid", "feed", "invitation_part"]


def booking_uid(booking) -> str:
    return f"reservation-{booking.uid}@{uid_domain()}"


def _event(booking, *, cancelled: bool) -> icalendar.Event:
    resource, platform = booking.resource, booking.resource.platform
    event = icalendar.Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", clean_control_characters(f"{resource.name} — {platform.name}"))
    event.add("description", clean_control_characters(f"Réservation Synergies pour {booking.organisation.name}."))
    event.add("location", clean_control_characters(", ".join(p for p in (platform.operator.name, platform.city) if p)))
    event.add("url", settings.SITE_URL + resource.get_absolute_url())
    event.add("status", "CANCELLED" if cancelled else ("TENTATIVE" if booking.status == "held" else "CONFIRMED"))
    organizer = icalendar.vCalAddress(f"mailto:{platform.contact_email}")
    organizer.params["cn"] = icalendar.vText(platform.operator.name)
    event.add("organizer", organizer)
    if booking.booked_by_id:
        attendee = icalendar.vCalAddress(f"mailto:{booking.booked_by.email}")
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = icalendar.vText("ACCEPTED")
        event.add("attendee", attendee)
    return event


def _calendar(method: str, name: str) -> icalendar.Calendar:
    return new_calendar(method, name, product="Réservations des plateformes")


def invitation_part(booking, method: str):
    """The scheduling message of one booking: REQUEST (booked or changed) or CANCEL."""
    calendar = _calendar(method, "Synergies — réservation")
    calendar.add_component(_event(booking, cancelled=method == CANCEL))
    return email_part(calendar, method, filename="invitation.ics")


def feed(bookings, name: str) -> bytes:
    """A subscribable feed (METHOD:PUBLISH): holding bookings as events, the others as cancelled."""
    calendar = _calendar(PUBLISH, name)
    for booking in bookings:
        calendar.add_component(_event(booking, cancelled=not booking.holds_slot))
    return calendar.to_ical()


def booking_components(bookings) -> list[icalendar.Event]:
    """Bookings as events of a person's calendar (site.agenda gathers them with the rest)."""
    return [_event(booking, cancelled=not booking.holds_slot) for booking in bookings]
