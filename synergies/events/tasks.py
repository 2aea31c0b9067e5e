"""Background work of the events app: thin wrappers around services and notifications."""

from django.tasks import task

from synergies.events import notifications, personal_data, services
from synergies.events.enums import RegistrationStatus
from synergies.events.models import Event, Registration

_RELATED = ("event__organiser", "event__territory", "registered_by", "organisation")


@task
def send_registration_email(registration_id: int, event: str) -> None:
    registration = Registration.objects.select_related(*_RELATED).filter(pk=registration_id).first()
    if registration is not None:
        notifications.registration_email(registration=registration, step=event)


@task
def send_event_change_emails(event_id: int, change: str) -> None:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    status = RegistrationStatus.CANCELLED if change == "cancelled" else RegistrationStatus.CONFIRMED
    for registration in event.registrations.filter(status=status).select_related(*_RELATED):
        notifications.event_change_email(registration=registration, change=change)


@task
def send_reminder_email(registration_id: int, days_before: int) -> None:
    registration = Registration.objects.select_related(*_RELATED).filter(pk=registration_id).first()
    if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
        notifications.reminder_email(registration=registration, days_before=days_before)


@task
def send_survey_email(registration_id: int) -> None:
    registration = Registration.objects.select_related(*_RELATED).filter(pk=registration_id).first()
    if registration is not None:
        notifications.survey_email(registration=registration)


@task
def send_surveys() -> int:
    return services.surveys_send()


@task
def expire_offers() -> int:
    return services.offers_expire()


@task
def send_reminders() -> int:
    return services.reminders_send()


@task
def apply_retention() -> int:
    return personal_data.registrations_anonymise()


@task
def send_meeting_email(meeting_id: int, step: str) -> None:
    from synergies.events.models import MeetingRequest

    meeting = (
        MeetingRequest.objects.select_related("event__organiser", "requester", "requested", "slot")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is not None:
        notifications.meeting_email(meeting=meeting, step=step)


@task
def expire_meeting_requests() -> int:
    from synergies.events import meetings

    return meetings.meeting_requests_expire()
