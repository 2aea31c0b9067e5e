"""Writes of the platforms app: the catalogue (platforms, resources, closures) and access requests.
Bookings are in bookings.py."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from synergies.core import audit
from synergies.core.documents import files_removed_on_error, validate_document
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse, refused_if_invalid
from synergies.core.images import clean_photo
from synergies.core.tasks import enqueue_on_commit
from synergies.platforms import bookings, perms, selectors
from synergies.platforms.enums import RequestStatus
from synergies.platforms.models import (
    AccessRequest,
    Allocation,
    Closure,
    Platform,
    PlatformPhoto,
    RequestDocument,
    Resource,
    Tariff,
)
from synergies.platforms.workflow import TRANSITIONS, can_accept, can_close

PLATFORM_FIELDS = (
    "name",
    "summary",
    "description",
    "conditions",
    "prerequisites",
    "requires_clearance",
    "trl_min",
    "trl_max",
    "contact_email",
    "contact_phone",
    "website",
    "city",
    "department",
    "latitude",
    "longitude",
    "visibility",
    "is_published",
)
RESOURCE_FIELDS = (
    "name",
    "kind",
    "description",
    "capacity",
    "slot_min_minutes",
    "slot_max_minutes",
    "opens_at",
    "closes_at",
    "open_weekdays",
    "lead_time_hours",
    "cancellation_deadline_hours",
    "confirmation_grace_minutes",
    "self_service",
    "pending_requests_hold_slots",
)
REQUEST_FIELDS = ("title", "description", "wanted_from", "wanted_until", "duration_days", "people")


def refresh_search_document(platform: Platform) -> None:
    platform.search_document = selectors.search_document(platform)
    platform.save(update_fields=["search_document"])


@transaction.atomic
def platform_save(
    *,
    actor,
    operator,
    fields: dict,
    capabilities=(),
    tariffs: dict | None = None,
    restricted_to=None,
    platform: Platform | None = None,
) -> Platform:
    """Create or update a platform of `operator` (its territory is the operator's)."""
    creating = platform is None
    platform = platform or Platform(operator=operator, territory=operator.territory)
    if not perms.is_operator(actor, platform):
        raise ApplicationError(
            "Seuls les membres de l'organisation opératrice et les coordinateurs gèrent ses plateformes."
        )
    before = audit.snapshot(platform, list(PLATFORM_FIELDS))
    for name in PLATFORM_FIELDS:
        if name in fields:
            setattr(platform, name, fields[name])
    if not platform.city:
        platform.city = operator.city
    if not platform.department:
        platform.department = operator.department
    if platform.latitude is None and platform.longitude is None:
        platform.latitude, platform.longitude = operator.latitude, operator.longitude
    full_clean_or_refuse(platform, exclude=["search_document"])
    platform.save()
    platform.capabilities.set(capabilities)
    if restricted_to is not None:
        platform.restricted_to.set(restricted_to)
    for category, text in (tariffs or {}).items():
        text = (text or "").strip()
        if text:
            tariff = Tariff(platform=platform, category=category, text=text)
            full_clean_or_refuse(tariff, exclude=["platform"])
            Tariff.objects.update_or_create(platform=platform, category=category, defaults={"text": text})
        else:
            Tariff.objects.filter(platform=platform, category=category).delete()
    refresh_search_document(platform)
    audit.record(
        actor=actor,
        action="created" if creating else "updated",
        target=platform,
        territory=platform.territory,
        changes=audit.model_changes(platform, list(PLATFORM_FIELDS), before),
    )
    return platform


MAX_PHOTOS = 8


def platform_photo_add(*, actor, platform: Platform, uploaded_file, alt_text: str) -> PlatformPhoto:
    if not perms.is_operator(actor, platform):
        raise ApplicationError("Seuls les opérateurs de la plateforme ajoutent ses photos.")
    if platform.photos.count() >= MAX_PHOTOS:
        raise ApplicationError(f"Une plateforme montre {MAX_PHOTOS} photos au plus : retirez-en une d'abord.")
    with refused_if_invalid(field="photo"):
        content, content_type = clean_photo(uploaded_file)
    photo = PlatformPhoto(platform=platform, content_type=content_type, alt_text=alt_text.strip())
    full_clean_or_refuse(photo, exclude=["file"])
    with files_removed_on_error() as stored, transaction.atomic():
        photo.file.save(content.name, content, save=False)
        stored.append(photo.file)
        photo.save()
        audit.record(actor=actor, action="photo_added", target=platform, territory=platform.territory)
    return photo


def platform_photo_remove(*, actor, photo: PlatformPhoto) -> None:
    platform = photo.platform
    if not perms.is_operator(actor, platform):
        raise ApplicationError("Seuls les opérateurs de la plateforme retirent ses photos.")
    storage, name = photo.file.storage, photo.file.name
    with transaction.atomic():
        photo.delete()
        audit.record(actor=actor, action="photo_removed", target=platform, territory=platform.territory)
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def resource_save(*, actor, platform: Platform, fields: dict, resource: Resource | None = None) -> Resource:
    if not perms.is_operator(actor, platform):
        raise ApplicationError("Seul l'opérateur de la plateforme gère ses ressources.")
    creating = resource is None
    resource = resource or Resource(platform=platform)
    before = audit.snapshot(resource, list(RESOURCE_FIELDS))
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resource, name, fields[name])
    full_clean_or_refuse(resource)
    resource.save()
    refresh_search_document(platform)
    audit.record(
        actor=actor,
        action="created" if creating else "updated",
        target=resource,
        territory=platform.territory,
        changes=audit.model_changes(resource, list(RESOURCE_FIELDS), before),
    )
    return resource


@transaction.atomic
def resource_archive(*, actor, resource: Resource, now=None) -> Resource:
    """A resource with bookings is never deleted: it is archived, and only once no future booking holds it."""
    if not perms.is_operator(actor, resource.platform):
        raise ApplicationError("Seul l'opérateur de la plateforme gère ses ressources.")
    now = now or timezone.now()
    future = resource.bookings.holding().filter(ends_at__gt=now).count()
    if future:
        raise ApplicationError(
            f"{future} réservation(s) à venir tiennent cette ressource : annulez-les (les demandeurs sont "
            "prévenus) avant de l'archiver."
        )
    resource.archived_at = now
    resource.save(update_fields=["archived_at", "updated_at"])
    refresh_search_document(resource.platform)
    audit.record(actor=actor, action="archived", target=resource, territory=resource.platform.territory)
    return resource


@transaction.atomic
def closure_add(*, actor, resource: Resource, starts_at, ends_at, reason: str) -> Closure:
    if not perms.is_operator(actor, resource.platform):
        raise ApplicationError("Seul l'opérateur de la plateforme ferme une ressource.")
    closure = Closure(resource=resource, starts_at=starts_at, ends_at=ends_at, reason=reason.strip())
    full_clean_or_refuse(closure)
    held = resource.bookings.holding().overlapping(starts_at, ends_at).count()
    if held:
        raise ApplicationError(
            f"{held} réservation(s) tombent pendant cette fermeture : annulez-les d'abord (les demandeurs sont prévenus)."
        )
    closure.save()
    audit.record(
        actor=actor,
        action="closure_added",
        target=resource,
        territory=resource.platform.territory,
        changes={"reason": [None, closure.reason]},
    )
    return closure


def _notify(request: AccessRequest, event: str) -> None:
    from synergies.platforms.tasks import send_request_email

    enqueue_on_commit(send_request_email, request_id=request.pk, event=event)


def _checked(uploaded_files) -> list:
    """Every file read (type, size, markings) before anything is written."""
    checked = []
    for uploaded_file in uploaded_files:
        with refused_if_invalid(field="files"):
            checked.append((uploaded_file, validate_document(uploaded_file)))
    return checked


def _attach(*, actor, access_request, checked_files, stored: list) -> None:
    for uploaded_file, kind in checked_files:
        document = RequestDocument(
            request=access_request,
            original_name=Path(uploaded_file.name).name[:255],
            content_type=kind.content_type,
            size=uploaded_file.size,
            uploaded_by=actor,
        )
        stem = slugify(Path(uploaded_file.name).stem)[:60] or "document"
        document.file.save(f"{stem}{kind.extensions[0]}", uploaded_file, save=False)
        stored.append(document.file)
        document.save()


def request_documents_add(*, actor, access_request: AccessRequest, files) -> None:
    """The requester adds documents while the request can still change (draft, information asked)."""
    if not perms.is_requester(actor, access_request):
        raise ApplicationError("Seul le demandeur ajoute des documents à sa demande.")
    if access_request.status not in (RequestStatus.DRAFT, RequestStatus.INFORMATION_REQUESTED):
        raise ApplicationError("Des documents s'ajoutent au brouillon, ou quand l'opérateur demande des informations.")
    checked = _checked(files)
    with files_removed_on_error() as stored, transaction.atomic():
        _attach(actor=actor, access_request=access_request, checked_files=checked, stored=stored)


def request_create(
    *, actor, platform: Platform, organisation, fields: dict, resources=(), submit=False, files=()
) -> AccessRequest:
    """A request in draft (or sent at once with `submit`), its documents read before anything is written."""
    checked = _checked(files)
    with files_removed_on_error() as stored, transaction.atomic():
        access_request = _request_create(
            actor=actor, platform=platform, organisation=organisation, fields=fields, resources=resources
        )
        _attach(actor=actor, access_request=access_request, checked_files=checked, stored=stored)
        if submit:
            request_transition(actor=actor, access_request=access_request, name="submit")
    return access_request


def _request_create(*, actor, platform: Platform, organisation, fields: dict, resources=()) -> AccessRequest:
    if not perms.can_request_access(actor, platform):
        raise ApplicationError("Une demande d'accès se fait au nom d'une organisation dont vous êtes membre.")
    if organisation.pk not in perms.requesting_organisation_ids(actor, platform):
        raise ApplicationError("Vous ne demandez un accès que pour une organisation dont vous êtes membre.")
    access_request = AccessRequest(platform=platform, organisation=organisation, requester=actor)
    for name in REQUEST_FIELDS:
        if name in fields:
            setattr(access_request, name, fields[name])
    _check_request(access_request, resources)
    full_clean_or_refuse(access_request)
    access_request.save()
    access_request.resources.set(resources)
    audit.record(actor=actor, action="created", target=access_request, territory=platform.territory)
    return access_request


def _check_request(access_request, resources) -> None:
    if any(r.platform_id != access_request.platform_id or r.archived_at for r in resources):
        raise ApplicationError("Une ressource choisie n'appartient pas à cette plateforme.")
    today = timezone.localdate()
    if (
        access_request.wanted_from
        and access_request.wanted_from < today
        and access_request.status == RequestStatus.DRAFT
    ):
        raise ApplicationError("La date de début souhaitée est déjà passée.")


@transaction.atomic
def request_update(*, actor, access_request: AccessRequest, fields: dict, resources=None) -> AccessRequest:
    if not perms.is_requester(actor, access_request):
        raise ApplicationError("Seul le demandeur modifie sa demande.")
    if access_request.status not in (RequestStatus.DRAFT, RequestStatus.INFORMATION_REQUESTED):
        raise ApplicationError(
            "Une demande envoyée ne se modifie plus, sauf quand l'opérateur demande des informations."
        )
    before = audit.snapshot(access_request, list(REQUEST_FIELDS))
    for name in REQUEST_FIELDS:
        if name in fields:
            setattr(access_request, name, fields[name])
    resources = list(access_request.resources.all()) if resources is None else list(resources)
    _check_request(access_request, resources)
    full_clean_or_refuse(access_request)
    access_request.save()
    access_request.resources.set(resources)
    audit.record(
        actor=actor,
        action="updated",
        target=access_request,
        territory=access_request.platform.territory,
        changes=audit.model_changes(access_request, list(REQUEST_FIELDS), before),
    )
    return access_request


def _may_take(actor, access_request, transition) -> bool:
    if transition.by == "operator":
        return perms.is_operator(actor, access_request.platform)
    return perms.is_requester(actor, access_request)


@transaction.atomic
def request_transition(*, actor, access_request: AccessRequest, name: str, message: str = "") -> AccessRequest:
    transition = TRANSITIONS.get(name)
    if transition is None or name in ("accept", "close"):
        raise ApplicationError("Action inconnue.")
    if not _may_take(actor, access_request, transition):
        raise ApplicationError(
            "Cette action revient à l'opérateur de la plateforme."
            if transition.by == "operator"
            else "Cette action revient au demandeur."
        )
    if access_request.status not in transition.sources:
        raise ApplicationError(f"Impossible depuis l'état « {access_request.get_status_display()} ».")
    message = message.strip()
    if transition.message_required and not message:
        raise ApplicationError(transition.message_required)
    previous = access_request.status
    access_request.status = transition.target
    now = timezone.now()
    if name == "submit":
        access_request.submitted_at = now
    if name == "withdraw":
        access_request.closed_at = now
    if transition.by == "operator":
        access_request.operator_message = message
        access_request.decided_by = actor
        access_request.decided_at = now
    full_clean_or_refuse(access_request)
    access_request.save()
    audit.record(
        actor=actor,
        action=f"request_{name}",
        target=access_request,
        territory=access_request.platform.territory,
        changes={"status": [previous, access_request.status]},
    )
    if access_request.status in (RequestStatus.REFUSED, RequestStatus.WITHDRAWN):
        bookings.held_bookings_settle(actor=actor, access_request=access_request)
    _notify(access_request, name)
    return access_request


@transaction.atomic
def request_accept(
    *, actor, access_request: AccessRequest, allocations: list[dict], message: str = ""
) -> AccessRequest:
    """The operator accepts, with at least one allocation: {resource, hours, valid_from, valid_until}."""
    if not perms.is_operator(actor, access_request.platform):
        raise ApplicationError("Seul l'opérateur de la plateforme accepte une demande.")
    if not can_accept(access_request.status):
        raise ApplicationError(f"Impossible depuis l'état « {access_request.get_status_display()} ».")
    if not allocations:
        raise ApplicationError("Accordez au moins une allocation : des heures sur une ressource, entre deux dates.")
    previous = access_request.status
    access_request.status = RequestStatus.ACCEPTED
    access_request.operator_message = message.strip()
    access_request.decided_by = actor
    access_request.decided_at = timezone.now()
    full_clean_or_refuse(access_request)
    access_request.save()
    seen = set()
    for wanted in allocations:
        resource = wanted["resource"]
        if resource.platform_id != access_request.platform_id or resource.archived_at:
            raise ApplicationError("Une allocation porte sur une ressource d'une autre plateforme.")
        if resource.pk in seen:
            raise ApplicationError(f"La ressource « {resource.name} » est allouée deux fois.")
        seen.add(resource.pk)
        allocation = Allocation(
            request=access_request,
            resource=resource,
            hours=wanted["hours"],
            valid_from=wanted["valid_from"],
            valid_until=wanted["valid_until"],
        )
        full_clean_or_refuse(allocation, exclude=["request"])
        if allocation.valid_until < timezone.localdate():
            raise ApplicationError("Une allocation se termine dans le passé.")
        allocation.save()
    audit.record(
        actor=actor,
        action="request_accept",
        target=access_request,
        territory=access_request.platform.territory,
        changes={"status": [previous, access_request.status]},
    )
    bookings.held_bookings_settle(actor=actor, access_request=access_request)
    _notify(access_request, "accept")
    return access_request


@transaction.atomic
def request_close(
    *, actor, access_request: AccessRequest, outcome_report: str, satisfaction: int | None, follow_up: str = ""
) -> AccessRequest:
    """The requester closes an accepted request with what was tested, how satisfied they are and what followed."""
    if not perms.is_requester(actor, access_request):
        raise ApplicationError("Le bilan est rédigé par le demandeur.")
    if not can_close(access_request.status):
        raise ApplicationError("Seule une demande acceptée se clôture avec un bilan.")
    if not outcome_report.strip():
        raise ApplicationError("Dites en quelques lignes ce qui a été testé.")
    previous = access_request.status
    access_request.status = RequestStatus.CLOSED
    access_request.outcome_report = outcome_report.strip()
    access_request.satisfaction = satisfaction
    access_request.follow_up = follow_up.strip()
    access_request.closed_at = timezone.now()
    full_clean_or_refuse(access_request)
    access_request.save()
    audit.record(
        actor=actor,
        action="request_close",
        target=access_request,
        territory=access_request.platform.territory,
        changes={"status": [previous, access_request.status]},
    )
    _notify(access_request, "close")
    return access_request
