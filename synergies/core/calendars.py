"""What every calendar of the platform shares (RFC 5545 files, RFC 5546 scheduling messages): the
methods, the domain that ends each UID, the calendar's head, and the e-mail part whose Content-Type
carries the same method as the file."""

import email.message

import icalendar
from django.conf import settings

REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def uid_domain() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def new_calendar(method: str, name: str, *, product: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Synergies//{product}//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    return calendar


def email_part(calendar: icalendar.Calendar, method: str, *, filename: str) -> email.message.MIMEPart:
    part = email.message.MIMEPart()
    part.set_content(
        calendar.to_ical().decode(),
        subtype="calendar",
        params={"method": method},
        disposition="attachment",
        filename=filename,
    )
    return part
