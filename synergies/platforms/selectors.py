"""Reads of platforms, access requests and bookings that depend on the user or cross models."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from synergies.accounts.roles import roles_of
from synergies.accounts.visibility import visibility_q
from synergies.core.text import query_terms, search_terms
from synergies.platforms import perms
from synergies.platforms.enums import CONSUMING_STATUSES, HOLDING_STATUSES, ResourceKind
from synergies.platforms.models import AccessRequest, Booking, Platform, Resource, minutes_between


def search_document(platform) -> str:
    parts = [platform.name, platform.summary, platform.description, platform.operator.name, platform.city]
    for capability in platform.capabilities.all():
        parts.extend([capability.name, *capability.synonyms])
    for resource in platform.resources.active():
        parts.extend([resource.name, resource.description, resource.get_kind_display()])
    return " " + " ".join(search_terms(" ".join(p for p in parts if p))) + " "


def platforms_visible_to(user):
    """Published platforms the user's role may see, and every platform the user operates."""
    condition = visibility_q(user, Platform) & Q(is_published=True)
    if roles_of(user).is_authenticated:
        condition |= perms.operated_platform_filter(user)
    return Platform.objects.filter(condition)


def platform_for(user, pk) -> Platform | None:
    return (
        platforms_visible_to(user)
        .select_related("operator", "territory")
        .prefetch_related("capabilities__domain", "tariffs", "photos")
        .filter(pk=pk)
        .first()
    )


@dataclass
class PlatformQuery:
    text: str = ""
    capability: str = ""
    department: str = ""
    kind: str = ""
    trl: int | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "PlatformQuery":
        query = cls(
            text=params.get("q", "").strip()[:200],
            capability=params.get("capacite", "").strip(),
            department=params.get("departement", "").strip(),
            kind=params.get("ressource", "").strip(),
        )
        if query.kind and query.kind not in ResourceKind.values:
            query.errors.append("Type de ressource inconnu : le filtre est ignoré.")
            query.kind = ""
        trl = params.get("trl", "").strip()
        if trl:
            if trl.isdigit() and 1 <= int(trl) <= 9:
                query.trl = int(trl)
            else:
                query.errors.append("Le TRL est un nombre de 1 à 9 : le filtre est ignoré.")
        return query


def platform_search(user, query: PlatformQuery):
    queryset = platforms_visible_to(user).filter(is_published=True)
    for term in query_terms(query.text):
        queryset = queryset.filter(search_document__contains=f" {term}")
    if query.capability:
        queryset = queryset.filter(capabilities__slug=query.capability)
    if query.department:
        queryset = queryset.filter(department=query.department)
    if query.kind:
        queryset = queryset.filter(pk__in=Resource.objects.active().filter(kind=query.kind).values("platform_id"))
    if query.trl is not None:
        queryset = queryset.filter(Q(trl_min__isnull=True) | Q(trl_min__lte=query.trl)).filter(
            Q(trl_max__isnull=True) | Q(trl_max__gte=query.trl)
        )
    return (
        queryset.distinct()
        .select_related("operator")
        .prefetch_related("capabilities")
        .annotate(resource_count=Count("resources", filter=Q(resources__archived_at__isnull=True), distinct=True))
        .order_by("name", "id")
    )


def requests_visible_to(user):
    """Access requests the user made (or their organisations made) and those of the platforms they operate."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return AccessRequest.objects.none()
    if roles.is_admin:
        return AccessRequest.objects.all()
    condition = Q(requester=user) | Q(organisation_id__in=roles.member_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(platform__territory_id=territory_id, organisation_id=organisation_id)
    condition |= Q(platform__in=Platform.objects.filter(perms.operated_platform_filter(user)).values("pk"))
    return AccessRequest.objects.filter(condition)


def request_for(user, pk) -> AccessRequest | None:
    return (
        requests_visible_to(user)
        .select_related("platform__territory", "platform__operator", "organisation", "requester", "decided_by")
        .prefetch_related("resources", "allocations__resource", "documents")
        .filter(pk=pk)
        .first()
    )


def my_requests(user):
    """The requests the user is on the requesting side of."""
    roles = roles_of(user)
    condition = Q(requester=user) | Q(organisation_id__in=roles.member_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(platform__territory_id=territory_id, organisation_id=organisation_id)
    return AccessRequest.objects.filter(condition).select_related("platform", "organisation")


def requests_to_decide(user):
    if not roles_of(user).is_authenticated:
        return AccessRequest.objects.none()
    return (
        AccessRequest.objects.to_decide()
        .filter(platform__in=Platform.objects.filter(perms.operated_platform_filter(user)).values("pk"))
        .select_related("platform", "organisation")
        .order_by("submitted_at", "id")
    )


def operated_platforms(user):
    if not roles_of(user).is_authenticated:
        return Platform.objects.none()
    return Platform.objects.filter(perms.operated_platform_filter(user))


def allocation_used_minutes(allocation) -> int:
    bookings = allocation.bookings.filter(status__in=CONSUMING_STATUSES)
    return sum(b.duration_minutes for b in bookings.only("starts_at", "ends_at"))


def bookings_between(resource, starts_at: datetime.datetime, ends_at: datetime.datetime):
    return (
        Booking.objects.filter(resource=resource)
        .holding()
        .overlapping(starts_at, ends_at)
        .select_related("organisation")
        .order_by("starts_at", "seat")
    )


def my_bookings(user):
    roles = roles_of(user)
    if not roles.is_authenticated:
        return Booking.objects.none()
    return (
        Booking.objects.filter(Q(booked_by=user) | Q(organisation_id__in=roles.member_organisation_ids))
        .select_related("resource__platform", "organisation")
        .order_by("-starts_at")
    )


def usage_by_organisation(platform_ids, since: datetime.datetime, until: datetime.datetime):
    """Hours used per requesting organisation (recorded use, else the booked duration)."""
    rows = {}
    bookings = Booking.objects.filter(
        resource__platform_id__in=platform_ids, starts_at__gte=since, starts_at__lt=until, status__in=CONSUMING_STATUSES
    ).select_related("organisation")
    for booking in bookings:
        minutes = booking.counted_minutes
        row = rows.setdefault(
            booking.organisation_id, {"organisation": booking.organisation, "minutes": 0, "bookings": 0}
        )
        row["minutes"] += minutes
        row["bookings"] += 1
    return sorted(rows.values(), key=lambda r: -r["minutes"])


def occupancy_by_resource(resources, since: datetime.datetime, until: datetime.datetime) -> dict[int, float | None]:
    """Share of each resource's open time (times its capacity) taken by holding bookings, in one query."""
    taken = dict.fromkeys((r.pk for r in resources), 0)
    for resource_id, starts_at, ends_at in (
        Booking.objects.filter(resource_id__in=list(taken), status__in=HOLDING_STATUSES)
        .overlapping(since, until)
        .values_list("resource_id", "starts_at", "ends_at")
    ):
        taken[resource_id] += minutes_between(max(starts_at, since), min(ends_at, until))
    first, last = timezone.localtime(since).date(), timezone.localtime(until - datetime.timedelta(seconds=1)).date()
    rates = {}
    for resource in resources:
        minutes = open_minutes(resource, first, last) * resource.capacity
        rates[resource.pk] = taken[resource.pk] / minutes if minutes else None
    return rates


def open_minutes(resource: Resource, since: datetime.date, until: datetime.date) -> int:
    """The resource's opening time, in minutes, over the days from `since` to `until` (included)."""
    per_day = (
        datetime.datetime.combine(since, resource.closes_at) - datetime.datetime.combine(since, resource.opens_at)
    ).seconds // 60
    total, day = 0, since
    while day <= until:
        if day.isoweekday() in resource.weekdays:
            total += per_day
        day += datetime.timedelta(days=1)
    return total


def operator_choices(user):
    """The organisations for which `user` may declare a platform: those they administer or act for as a
    defence agent and, for coordinators, the public and research organisations of their territories."""
    from synergies.directory.enums import OrganisationKind
    from synergies.directory.models import Organisation

    roles = roles_of(user)
    organisations = Organisation.objects.active()
    if roles.is_admin:
        return organisations.exclude(kind=OrganisationKind.COMPANY).order_by("name")
    condition = Q(pk__in=roles.admin_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(pk=organisation_id, territory_id=territory_id)
    if roles.coordinator_territory_ids:
        condition |= Q(territory_id__in=roles.coordinator_territory_ids) & ~Q(kind=OrganisationKind.COMPANY)
    return organisations.filter(condition).distinct().order_by("name")
