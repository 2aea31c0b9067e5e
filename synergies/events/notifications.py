"""E-mails of the events app: each step of a registration to the person registered (and to whoever
registered them), with the iCalendar message that keeps their calendar right: REQUEST when the seat is
theirs (again after a change of the event), CANCEL when it is not any more."""

from synergies.accounts.selectors import acting_emails
from synergies.core import mail
from synergies.events import calendars, selectors
from synergies.events.enums import RegistrationStatus as S

# Subject of the e-mail to the person at each step (by the registration's state after it).
SUBJECTS = {
    S.CONFIRMED: "Inscription confirmée",
    S.PENDING: "Inscription reçue, en attente de validation",
    S.WAITLISTED: "Vous êtes en liste d'attente",
    S.OFFERED: "Une place se libère pour vous",
    S.REFUSED: "Inscription refusée",
    S.WITHDRAWN: "Désinscription enregistrée",
    S.OFFER_EXPIRED: "La place proposée est passée à la personne suivante",
    S.CANCELLED: "Événement annulé",
}


def _method(registration) -> str | None:
    if registration.status == S.CONFIRMED:
        return calendars.REQUEST
    if registration.status in (S.WITHDRAWN, S.CANCELLED):
        return calendars.CANCEL
    return None


def organiser_emails(event) -> list[str]:
    return [*acting_emails(organisation_id=event.organiser_id, territory_id=event.territory_id), event.contact_email]


def _person_emails(registration) -> list[str]:
    emails = [registration.email]
    if registration.registered_by_id and registration.registered_by.email != registration.email:
        emails.append(registration.registered_by.email)
    return emails


def registration_email(*, registration, step: str) -> None:
    event = registration.event
    method = _method(registration)
    context = {
        "registration": registration,
        "event": event,
        "step": step,
        "waiting_rank": selectors.waiting_rank(registration),
        "url": mail.site_url("events:registration", token=registration.token),
    }
    mail.send(
        subject=f"{SUBJECTS[registration.status]} : {event.title}",
        template="events/email/registration.txt",
        context=context,
        to=_person_emails(registration),
        reply_to=[event.contact_email],
        attachments=[calendars.invitation_part(registration, method)] if method else [],
    )
    if step == "created" and registration.status == S.PENDING:
        mail.send(
            subject=f"Inscription à valider : {event.title}",
            template="events/email/to_validate.txt",
            context={**context, "url": mail.site_url("events:manage", pk=event.pk)},
            to=organiser_emails(event),
        )


def event_change_email(*, registration, change: str) -> None:
    event = registration.event
    method = calendars.CANCEL if change == "cancelled" else calendars.REQUEST
    subject = "Événement annulé" if change == "cancelled" else "Événement modifié"
    mail.send(
        subject=f"{subject} : {event.title}",
        template="events/email/event_change.txt",
        context={
            "registration": registration,
            "event": event,
            "change": change,
            "url": mail.site_url("events:registration", token=registration.token),
        },
        to=_person_emails(registration),
        reply_to=[event.contact_email],
        attachments=[calendars.invitation_part(registration, method)],
    )


def survey_email(*, registration) -> None:
    event = registration.event
    mail.send(
        subject=f"Votre avis sur « {event.title} »",
        template="events/email/survey.txt",
        context={
            "registration": registration,
            "event": event,
            "url": mail.site_url("events:registration", token=registration.token),
        },
        to=[registration.email],
        reply_to=[event.contact_email],
    )


def reminder_email(*, registration, days_before: int) -> None:
    """The reminder carries the person's B2B meetings placed so far (time, table, whom)."""
    event = registration.event
    meetings = (
        event.meetings.involving(registration)
        .filter(status="accepted", slot__isnull=False)
        .select_related("requester", "requested", "slot")
        .order_by("slot__starts_at")
    )
    mail.send(
        subject=f"Rappel, J-{days_before} : {event.title}",
        template="events/email/reminder.txt",
        context={
            "registration": registration,
            "event": event,
            "meetings": [(m, m.requested if m.requester_id == registration.pk else m.requester) for m in meetings],
            "days_before": days_before,
            "url": mail.site_url("events:registration", token=registration.token),
        },
        to=_person_emails(registration),
        reply_to=[event.contact_email],
    )


# Who is told what about a meeting request, at each step: (to the person asked, to the requester).
MEETING_SUBJECTS = {
    "requested": ("Demande de rendez-vous", None),
    "accepted": (None, "Rendez-vous accepté"),
    "declined": (None, "Rendez-vous décliné"),
    "expired": ("Demande de rendez-vous expirée", "Demande de rendez-vous expirée sans réponse"),
    "withdrawn": ("Demande de rendez-vous retirée", None),
    "cancelled": ("Rendez-vous annulé", "Rendez-vous annulé"),
    "scheduled": ("Rendez-vous placé", "Rendez-vous placé"),
    "unscheduled": ("Rendez-vous retiré du planning", "Rendez-vous retiré du planning"),
}


def meeting_email(*, meeting, step: str) -> None:
    to_requested, to_requester = MEETING_SUBJECTS[step]
    method = {"scheduled": calendars.REQUEST, "cancelled": calendars.CANCEL, "unscheduled": calendars.CANCEL}.get(step)
    context = {
        "meeting": meeting,
        "event": meeting.event,
        "step": step,
        "url": mail.site_url("events:meetings", pk=meeting.event_id),
    }
    for subject, person in ((to_requested, meeting.requested), (to_requester, meeting.requester)):
        if subject:
            mail.send(
                subject=f"{subject} : {meeting.event.title}",
                template="events/email/meeting.txt",
                context={**context, "person": person},
                to=[person.email],
                attachments=[calendars.meeting_invitation_part(meeting, method)] if method else [],
            )
