"""The opportunities app's part of a person's data download (see core.personal_data)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from synergies.accounts.services import DELETED_ACCOUNT_LABEL
from synergies.core import audit, personal_data
from synergies.opportunities.models import Question, Response, SavedSearch


def _opportunities(user) -> dict:
    return {
        "responses": [
            {
                "opportunity": r.opportunity.title,
                "organisation": str(r.organisation or ""),
                "kind": r.kind,
                "message": r.message,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "contact_phone": r.contact_phone,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in Response.objects.filter(author=user).select_related("opportunity", "organisation")
        ],
        "questions": [
            {"opportunity": q.opportunity.title, "text": q.text, "answer": q.answer}
            for q in Question.objects.filter(asked_by=user).select_related("opportunity")
        ],
        "saved_searches": [
            {"name": s.name, "params": s.params, "frequency": s.frequency, "is_active": s.is_active}
            for s in SavedSearch.objects.filter(user=user)
        ],
    }


ERASED_CONTACT_NAME = DELETED_ACCOUNT_LABEL
ERASED_CONTACT_EMAIL = "compte-supprime@invalid"


def _delete_with_files(responses) -> int:
    count = 0
    for response in responses.prefetch_related("attachments"):
        for attachment in response.attachments.all():
            attachment.file.delete(save=False)
        response.delete()
        count += 1
    return count


@transaction.atomic
def personal_responses_expire(*, now=None) -> int:
    """Retention: personal responses (offers, reserve missions) and their files go
    SYNERGIES_RETENTION_PERSONAL_RESPONSE_DAYS after their opportunity's deadline."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.SYNERGIES_RETENTION_PERSONAL_RESPONSE_DAYS)
    count = _delete_with_files(Response.objects.filter(organisation__isnull=True, opportunity__deadline__lt=limit))
    if count:
        audit.record(actor=None, action="personal_responses_expired", changes={"responses": count})
    return count


def _erase(user) -> None:
    """Personal responses (offers, reserve missions) are the person's own: deleted with their files.
    An organisation's response stays with the organisation; where its contact was the person, the
    contact is anonymised."""
    responses = Response.objects.filter(author=user)
    _delete_with_files(responses.filter(organisation__isnull=True))
    responses.filter(contact_email__iexact=user.email).update(
        contact_name=ERASED_CONTACT_NAME, contact_email=ERASED_CONTACT_EMAIL, contact_phone=""
    )
    SavedSearch.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register("opportunities", _opportunities, erase=_erase)
