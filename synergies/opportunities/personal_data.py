"""The opportunities app's part of a person's data download (see core.personal_data)."""

from synergies.core import personal_data
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


ERASED_CONTACT_NAME = "compte supprimé"
ERASED_CONTACT_EMAIL = "compte-supprime@invalid"


def _erase(user) -> None:
    """Personal responses (offers, reserve missions) are the person's own: deleted with their files.
    An organisation's response stays with the organisation; where its contact was the person, the
    contact is anonymised."""
    responses = Response.objects.filter(author=user)
    for response in responses.filter(organisation__isnull=True).prefetch_related("attachments"):
        for attachment in response.attachments.all():
            attachment.file.delete(save=False)
        response.delete()
    responses.filter(contact_email__iexact=user.email).update(
        contact_name=ERASED_CONTACT_NAME, contact_email=ERASED_CONTACT_EMAIL, contact_phone=""
    )
    SavedSearch.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register("opportunities", _opportunities, erase=_erase)
