"""Events as iCalendar (RFC 5545) and scheduling messages (RFC 5546).

Each registration has its own UID (a person who withdraws and registers again gets a new one, so a
calendar that stored the CANCEL of the first does not ignore the second) and its SEQUENCE is the
event's (bumped on every change of time or place) plus the registration's own (bumped on each of its
steps): it only grows. DTSTAMP is the last change. The e-mail part's Content-Type carries the method.
"""

import icalendar
from django.conf import settings
from django.utils import timezone

from synergies.core.calendars import CANCEL, PUBLISH, REQUEST, email_part, new_calendar, uid_domain
from synergies.core.text import clean_control_characters

__all__ = ["CANCEL", "PUBLISH", "REQUEST", "agenda", "events_feed", "invitation_part", "meeting_components"]


def event_uid(event) -> str:
    return f"evenement-{event.uid}@{uid_domain()}"


def registration_uid(registration) -> str:
    return f"inscription-{registration.uid}@{uid_domain()}"


def _base_event(event, *, uid: str, sequence: int, stamp, cancelled: bool) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("sequence", sequence)
    vevent.add("dtstamp", stamp or timezone.now())
    vevent.add("dtstart", event.starts_at)
    vevent.add("dtend", event.ends_at)
    vevent.add("summary", clean_control_characters(event.title))
    vevent.add("description", clean_control_characters(event.summary))
    if event.place_label:
        vevent.add("location", clean_control_characters(event.place_label))
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{event.contact_email}")
    organizer.params["cn"] = icalendar.vText(clean_control_characters(event.organiser.name))
    vevent.add("organizer", organizer)
    return vevent


def _registration_event(registration, *, cancelled: bool) -> icalendar.Event:
    event = registration.event
    stamp = max(d for d in (event.changed_at, registration.updated_at, event.published_at) if d is not None)
    vevent = _base_event(
        event,
        uid=registration_uid(registration),
        sequence=event.sequence + registration.sequence,
        stamp=stamp,
        cancelled=cancelled,
    )
    attendee = icalendar.vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = icalendar.vText(clean_control_characters(registration.name))
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("ACCEPTED")
    vevent.add("attendee", attendee)
    return vevent


def _calendar(method: str, name: str) -> icalendar.Calendar:
    return new_calendar(method, name, product="Événements")


def invitation_part(registration, method: str):
    calendar = _calendar(method, "Synergies — événement")
    calendar.add_component(_registration_event(registration, cancelled=method == CANCEL))
    return email_part(calendar, method, filename="invitation.ics")


def events_feed(events, name: str) -> bytes:
    """A subscribable feed of events (METHOD:PUBLISH), a cancelled event as CANCELLED."""
    calendar = _calendar(PUBLISH, name)
    for event in events:
        calendar.add_component(
            _base_event(
                event,
                uid=event_uid(event),
                sequence=event.sequence,
                stamp=event.changed_at or event.published_at,
                cancelled=event.is_cancelled,
            )
        )
    return calendar.to_ical()


def registrations_components(registrations) -> list[icalendar.Event]:
    """A person's registrations as events of their personal feed (the active ones as confirmed)."""
    return [_registration_event(r, cancelled=not r.is_active) for r in registrations]


def meeting_uid(meeting) -> str:
    return f"rendez-vous-{meeting.uid}@{uid_domain()}"


def _meeting_event(meeting, *, cancelled: bool) -> icalendar.Event:
    event, slot = meeting.event, meeting.slot
    vevent = icalendar.Event()
    vevent.add("uid", meeting_uid(meeting))
    vevent.add("sequence", meeting.sequence)
    vevent.add("dtstamp", meeting.updated_at or timezone.now())
    if slot is not None:
        vevent.add("dtstart", slot.starts_at)
        vevent.add("dtend", slot.ends_at)
    else:  # taken out of the schedule: the cancellation still names the event's day
        vevent.add("dtstart", event.starts_at)
        vevent.add("dtend", event.ends_at)
    names = f"{meeting.requester.name} et {meeting.requested.name}"
    vevent.add("summary", clean_control_characters(f"Rendez-vous : {names}"))
    place = ", ".join(p for p in (f"table {meeting.table}" if meeting.table else "", event.place_label) if p)
    vevent.add("location", clean_control_characters(place))
    vevent.add("description", clean_control_characters(f"Rendez-vous d'affaires de « {event.title} »."))
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{event.contact_email}")
    organizer.params["cn"] = icalendar.vText(clean_control_characters(event.organiser.name))
    vevent.add("organizer", organizer)
    for person in (meeting.requester, meeting.requested):
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = icalendar.vText(clean_control_characters(person.name))
        attendee.params["partstat"] = icalendar.vText("ACCEPTED")
        vevent.add("attendee", attendee)
    return vevent


def meeting_invitation_part(meeting, method: str):
    calendar = _calendar(method, "Synergies — rendez-vous")
    calendar.add_component(_meeting_event(meeting, cancelled=method == CANCEL))
    return email_part(calendar, method, filename="rendez-vous.ics")


def meeting_components(meetings) -> list[icalendar.Event]:
    return [_meeting_event(m, cancelled=m.slot_id is None or m.status != "accepted") for m in meetings]


def agenda(registrations, meetings, name: str, *, more=()) -> bytes:
    """A person's calendar (METHOD:PUBLISH): their registrations, their meetings, and `more` components
    (site.agenda adds the platform bookings)."""
    calendar = _calendar(PUBLISH, name)
    for component in [*registrations_components(registrations), *meeting_components(meetings), *more]:
        calendar.add_component(component)
    return calendar.to_ical()
