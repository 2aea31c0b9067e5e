"""E-mails of the cohesion app. A candidate hears of every step of their file; the referents hear of a
new file. No e-mail carries a document or a birth date: the link leads to the file, behind login."""

from synergies.accounts.selectors import acting_emails
from synergies.cohesion.enums import DOCUMENT_STATUSES_EXPECTED_FROM_CANDIDATE
from synergies.core import mail

SUBJECTS = {
    "created": "Candidature reçue",
    "preselect": "Votre candidature est présélectionnée",
    "plan_appointment": "Rendez-vous pour votre candidature",
    "prepare_contract": "Votre contrat d'engagement est en préparation",
    "send_contract": "Votre contrat d'engagement est prêt à signer",
    "sign_contract": "Contrat d'engagement signé",
    "activate": "Bienvenue dans la réserve",
    "refuse": "Votre candidature n'est pas retenue",
    "withdraw": "Candidature retirée",
    "document_send_back": "Une pièce de votre dossier est à corriger",
    "document_refuse": "Une pièce de votre dossier est refusée",
    "reminder": "Des pièces manquent à votre dossier",
}


def _calendar_parts(candidate_file, step: str) -> list:
    """The appointment in the person's calendar: REQUEST when planned, CANCEL when the file closes before it."""
    from django.utils import timezone

    from synergies.cohesion import calendars

    if step == "plan_appointment" and candidate_file.appointment_at:
        return [calendars.appointment_part(candidate_file, calendars.REQUEST)]
    if (
        step in ("refuse", "withdraw")
        and candidate_file.appointment_at
        and candidate_file.appointment_at > timezone.now()
    ):
        return [calendars.appointment_part(candidate_file, calendars.CANCEL)]
    return []


def file_email(*, candidate_file, step: str, document_id: int | None = None) -> None:
    mission = candidate_file.mission
    context = {
        "file": candidate_file,
        "mission": mission,
        "step": step,
        "document": candidate_file.documents.filter(pk=document_id).first() if document_id else None,
        "expected": candidate_file.documents.filter(status__in=DOCUMENT_STATUSES_EXPECTED_FROM_CANDIDATE),
        "url": mail.site_url("cohesion:file", pk=candidate_file.pk),
    }
    mail.send(
        subject=f"{SUBJECTS[step]} : {mission.title}",
        template="cohesion/email/file.txt",
        context=context,
        to=[candidate_file.email],
        attachments=_calendar_parts(candidate_file, step),
    )
    if step == "created":
        mail.send(
            subject=f"Nouvelle candidature : {mission.title}",
            template="cohesion/email/file_referents.txt",
            context={**context, "url": mail.site_url("cohesion:board")},
            to=acting_emails(organisation_id=mission.publisher_id, territory_id=mission.territory_id),
        )
