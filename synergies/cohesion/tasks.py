"""Background work of the cohesion app: thin wrappers around services and notifications."""

from django.tasks import task

from synergies.cohesion import notifications
from synergies.cohesion.models import CandidateFile


@task
def send_file_email(file_id: int, step: str, document_id: int | None = None) -> None:
    candidate_file = CandidateFile.objects.select_related("mission").filter(pk=file_id, anonymised=False).first()
    if candidate_file is not None:
        notifications.file_email(candidate_file=candidate_file, step=step, document_id=document_id)


@task
def apply_retention() -> None:
    from synergies.cohesion import personal_data

    personal_data.apply_retention()


@task
def send_review_reminders() -> None:
    from synergies.cohesion import booklets, employers

    booklets.review_reminders_send()
    employers.renewal_reminders_send()
