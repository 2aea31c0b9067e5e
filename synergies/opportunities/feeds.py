"""RSS feed of opportunities and iCalendar feed of their deadlines (RFC 5545)."""

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from synergies.core.text import clean_control_characters

MAX_ITEMS = 200


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _text(value: str) -> str:
    """XML 1.0 holds no control character: what was stored before the entry rule is cleaned here."""
    return clean_control_characters(value or "")


def rss(request, opportunities) -> bytes:
    feed = Rss201rev2Feed(
        title="Synergies — opportunités des conventions armées–territoire",
        link=_absolute("/opportunites/"),
        description="Besoins, appels à projets, offres et missions publiés sur Synergies.",
        language="fr",
    )
    for opportunity in opportunities:
        deadline = timezone.localtime(opportunity.deadline)
        feed.add_item(
            title=_text(opportunity.title),
            link=_absolute(opportunity.get_absolute_url()),
            description=_text(
                f"{opportunity.kind_detail} — {opportunity.publisher.name}. "
                f"Date limite : {deadline:%d/%m/%Y à %H:%M}.\n\n{opportunity.description[:1000]}"
            ),
            pubdate=opportunity.published_at or opportunity.created_at,
            unique_id=_absolute(opportunity.get_absolute_url()),
            categories=[opportunity.get_kind_display()],
        )
    return feed.writeString("utf-8").encode()


def ics(request, opportunities) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Synergies//Échéances des opportunités//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Synergies — échéances")
    domain = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    now = timezone.now()
    for opportunity in opportunities:
        event = icalendar.Event()
        event.add("uid", f"opportunite-{opportunity.pk}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", opportunity.deadline)
        event.add("dtend", opportunity.deadline)
        event.add("summary", _text(f"Date limite : {opportunity.title}"))
        event.add("description", _text(f"{opportunity.kind_detail} — {opportunity.publisher.name}"))
        event.add("url", _absolute(opportunity.get_absolute_url()))
        if opportunity.place:
            event.add("location", opportunity.place)
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Date limite dans 2 jours : {opportunity.title}")
        alarm.add("trigger", -timezone.timedelta(days=2))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
