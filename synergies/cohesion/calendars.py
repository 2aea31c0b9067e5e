"""A reserve candidate's appointment (interview or medical visit) as iCalendar: sent with the e-mail of
its planning (METHOD:REQUEST), cancelled when the file closes before it (METHOD:CANCEL), and part of the
person's own calendar feed. One UID per file (a new planning moves the same event); SEQUENCE follows
the file's last change, so it only grows."""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from synergies.core.calendars import CANCEL, REQUEST, email_part, new_calendar, uid_domain
from synergies.core.text import clean_control_characters as clean

__all__ = ["CANCEL", "REQUEST", "appointment_components", "appointment_part"]
DURATION = datetime.timedelta(hours=1)


def appointment_component(candidate_file, *, cancelled: bool = False) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"reserve-rendez-vous-{candidate_file.pk}@{uid_domain()}")
    vevent.add("sequence", int(candidate_file.updated_at.timestamp()) - 1_700_000_000)
    vevent.add("dtstamp", candidate_file.updated_at)
    vevent.add("dtstart", candidate_file.appointment_at)
    vevent.add("dtend", candidate_file.appointment_at + DURATION)
    vevent.add(
        "summary", clean(f"Réserve — {candidate_file.get_appointment_kind_display()} : {candidate_file.mission.title}")
    )
    if candidate_file.appointment_place:
        vevent.add("location", clean(candidate_file.appointment_place))
    vevent.add("url", settings.SITE_URL + candidate_file.get_absolute_url())
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    attendee = icalendar.vCalAddress(f"mailto:{candidate_file.email}")
    attendee.params["partstat"] = icalendar.vText("ACCEPTED")
    vevent.add("attendee", attendee)
    return vevent


def appointment_part(candidate_file, method: str):
    calendar = new_calendar(method, "Synergies — réserve", product="Réserve")
    calendar.add_component(appointment_component(candidate_file, cancelled=method == CANCEL))
    return email_part(calendar, method, filename="rendez-vous.ics")


def appointment_components(user) -> list[icalendar.Event]:
    """The coming appointments of the person's open files, for their personal calendar."""
    from synergies.cohesion.models import CandidateFile

    files = CandidateFile.objects.filter(
        candidate=user, closed_at__isnull=True, appointment_at__gte=timezone.now() - datetime.timedelta(days=90)
    ).select_related("mission")
    return [appointment_component(f) for f in files[:100]]
