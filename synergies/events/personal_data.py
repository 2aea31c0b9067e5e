"""The events app's part of a person's data (see core.personal_data), and its retention: a
registration keeps the person's name, e-mail, answers and comment until
SYNERGIES_RETENTION_EVENT_REGISTRATION_DAYS after its event, then only what the convention's
indicators count (organisation, state, presence)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from synergies.core import audit, personal_data
from synergies.events.enums import ACTIVE_STATUSES, RegistrationStatus
from synergies.events.models import Registration

ERASED_NAME = "Participant anonymisé"


def _registrations(user) -> list[dict]:
    return [
        {
            "event": r.event.title,
            "starts_at": r.event.starts_at.isoformat(),
            "name": r.name,
            "email": r.email,
            "organisation": str(r.organisation or ""),
            "status": r.status,
            "answers": r.answers,
            "consent_to_publish": r.consent_to_publish,
            "attendance": r.attendance,
            "satisfaction": r.satisfaction,
            "feedback": r.feedback,
            "created_at": r.created_at.isoformat(),
        }
        for r in Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email)).select_related(
            "event", "organisation"
        )
    ]


def _anonymise(registrations) -> int:
    count = 0
    for registration in registrations:
        registration.name = ERASED_NAME
        registration.email = f"anonyme-{registration.pk}@invalid"
        registration.user = None
        registration.answers = {}
        registration.feedback = ""
        registration.consent_to_publish = False
        registration.save(
            update_fields=["name", "email", "user", "answers", "feedback", "consent_to_publish", "updated_at"]
        )
        count += 1
    return count


@transaction.atomic
def registrations_anonymise(*, now=None) -> int:
    """Retention, applied daily by the scheduler."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.SYNERGIES_RETENTION_EVENT_REGISTRATION_DAYS)
    count = _anonymise(Registration.objects.filter(event__ends_at__lt=limit).exclude(name=ERASED_NAME))
    if count:
        audit.record(actor=None, action="event_registrations_anonymised", changes={"registrations": count})
    return count


def _erase(user) -> None:
    """A deleted account: its coming registrations are withdrawn (their seats go to the waiting list),
    and every registration of the person keeps only what the indicators count."""
    from synergies.events.services import offer_free_seats

    mine = Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))
    coming = mine.filter(status__in=ACTIVE_STATUSES, event__ends_at__gt=timezone.now()).select_related("event")
    events = {r.event for r in coming}
    coming.update(status=RegistrationStatus.WITHDRAWN, offer_expires_at=None)
    _anonymise(mine)
    for event in events:
        offer_free_seats(event)


def register() -> None:
    personal_data.register("events", _registrations, erase=_erase)
