"""« Un caisson climatique libre la semaine 12 » : the free windows of every visible resource, for a
date range, a kind of resource, a capability and a minimum length.

Bookings of the candidate resources are read in one query over the range, then each day's opening
hours are cut by them (per seat: a window is free when at least one seat is free all along) and by
closures.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from synergies.core.text import query_terms
from synergies.platforms import bookings
from synergies.platforms.enums import ResourceKind
from synergies.platforms.models import Booking, Closure, Resource
from synergies.platforms.selectors import platforms_visible_to

MAX_DAYS = 62
MAX_RESULTS = 50
CHUNK = 100


@dataclass
class AvailabilityQuery:
    text: str = ""
    kind: str = ""
    capability: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    min_hours: int = 1
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "AvailabilityQuery":
        from synergies.platforms.forms import parse_date

        query = cls(
            text=params.get("q", "").strip()[:200],
            kind=params.get("ressource", "").strip(),
            capability=params.get("capacite", "").strip(),
            since=parse_date(params.get("du", "")),
            until=parse_date(params.get("au", "")),
        )
        if query.kind and query.kind not in ResourceKind.values:
            query.errors.append("Type de ressource inconnu : le filtre est ignoré.")
            query.kind = ""
        hours = params.get("heures", "").strip()
        if hours:
            if hours.isdigit() and 1 <= int(hours) <= 24:
                query.min_hours = int(hours)
            else:
                query.errors.append("La durée minimale est un nombre d'heures de 1 à 24 : 1 heure est retenue.")
        if (params.get("du") and query.since is None) or (params.get("au") and query.until is None):
            query.errors.append("Une date n'a pas été comprise : utilisez le format jj/mm/aaaa.")
        if query.since and query.until:
            if query.until < query.since:
                query.errors.append("La fin de la période précède son début.")
                query.until = None
            elif (query.until - query.since).days >= MAX_DAYS:
                query.errors.append(f"Une recherche couvre {MAX_DAYS} jours au plus : la période est raccourcie.")
                query.until = query.since + datetime.timedelta(days=MAX_DAYS - 1)
        return query

    @property
    def is_ready(self) -> bool:
        return self.since is not None and self.until is not None


@dataclass
class Window:
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


@dataclass
class ResourceAvailability:
    resource: Resource
    windows: list[Window]

    @property
    def free_hours(self) -> float:
        return round(sum(w.hours for w in self.windows), 1)


def _subtract(windows, start, end):
    """Windows minus [start, end)."""
    result = []
    for window_start, window_end in windows:
        if end <= window_start or start >= window_end:
            result.append((window_start, window_end))
            continue
        if start > window_start:
            result.append((window_start, start))
        if end < window_end:
            result.append((end, window_end))
    return result


def free_windows(resource, busy_by_seat, closures, since, until, now):
    """Free windows of `resource` between the dates (included): for each day, its opening hours
    minus closures, then the union over seats of what no booking of that seat takes."""
    windows = []
    day = since
    earliest = now + datetime.timedelta(hours=resource.lead_time_hours)
    while day <= until:
        if day.isoweekday() in resource.weekdays:
            opening = [(bookings.aware(day, resource.opens_at), bookings.aware(day, resource.closes_at))]
            for closure in closures:
                opening = _subtract(opening, closure.starts_at, closure.ends_at)
            opening = _subtract(opening, datetime.datetime.min.replace(tzinfo=datetime.UTC), earliest)
            free_any = []
            for seat in range(1, resource.capacity + 1):
                seat_free = opening
                for start, end in busy_by_seat.get(seat, ()):
                    seat_free = _subtract(seat_free, start, end)
                free_any.extend(seat_free)
            windows.extend(_merge(free_any))
        day += datetime.timedelta(days=1)
    return windows


def _merge(windows):
    merged = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _busy_and_closed(ids, start, end):
    busy = defaultdict(lambda: defaultdict(list))
    for resource_id, seat, starts_at, ends_at in (
        Booking.objects.filter(resource_id__in=ids)
        .holding()
        .overlapping(start, end)
        .values_list("resource_id", "seat", "starts_at", "ends_at")
    ):
        busy[resource_id][seat].append((starts_at, ends_at))
    closures = defaultdict(list)
    for closure in Closure.objects.filter(resource_id__in=ids, starts_at__lt=end, ends_at__gt=start):
        closures[closure.resource_id].append(closure)
    return busy, closures


def search(user, query: AvailabilityQuery, *, now=None) -> list[ResourceAvailability]:
    now = now or timezone.now()
    platforms = platforms_visible_to(user).filter(is_published=True)
    for term in query_terms(query.text):
        platforms = platforms.filter(search_document__contains=f" {term}")
    if query.capability:
        platforms = platforms.filter(capabilities__slug=query.capability)
    resources = Resource.objects.active().filter(platform__in=platforms.values("pk")).select_related("platform")
    if query.kind:
        resources = resources.filter(kind=query.kind)
    resources = list(resources.order_by("platform__name", "name"))
    start = bookings.aware(query.since, datetime.time.min)
    end = bookings.aware(query.until + datetime.timedelta(days=1), datetime.time.min)
    minimum = datetime.timedelta(hours=query.min_hours)
    results = []
    # Resources are read in chunks, and the search stops once it has its page of results: a week
    # over every resource of the catalogue reads the bookings of the first chunks only.
    for offset in range(0, len(resources), CHUNK):
        chunk = resources[offset : offset + CHUNK]
        busy, closures = _busy_and_closed([r.pk for r in chunk], start, end)
        for resource in chunk:
            windows = [
                Window(s, e)
                for s, e in free_windows(
                    resource, busy[resource.pk], closures[resource.pk], query.since, query.until, now
                )
                if e - s >= minimum and e - s >= datetime.timedelta(minutes=resource.slot_min_minutes)
            ]
            if windows:
                results.append(ResourceAvailability(resource, windows))
            if len(results) >= MAX_RESULTS:
                return results
    return results
