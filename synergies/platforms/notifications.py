"""E-mails of the platforms app: every step of an access request to the other side, every booking
with its iCalendar message (REQUEST, or CANCEL when cancelled or released)."""

from synergies.accounts.models import OrganisationMembership
from synergies.accounts.selectors import acting_emails
from synergies.core import mail
from synergies.platforms import calendars
from synergies.platforms.enums import BookingStatus

# What the requester is told at each step, and what the operators are told (None: they are not).
REQUEST_SUBJECTS = {
    "submit": (None, "Nouvelle demande d'accès"),
    "study": ("Votre demande d'accès est à l'étude", None),
    "ask_information": ("L'opérateur vous demande des informations", None),
    "accept": ("Votre demande d'accès est acceptée", None),
    "refuse": ("Votre demande d'accès est refusée", None),
    "withdraw": (None, "Demande d'accès retirée"),
    "close": (None, "Bilan d'une demande d'accès"),
}


def operator_emails(platform) -> list[str]:
    return [
        *acting_emails(organisation_id=platform.operator_id, territory_id=platform.territory_id),
        platform.contact_email,
    ]


def requester_emails(access_request) -> list[str]:
    emails = [access_request.requester.email] if access_request.requester else []
    if not emails:
        emails = list(
            OrganisationMembership.objects.filter(
                organisation_id=access_request.organisation_id, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    return emails


def request_email(*, access_request, event: str) -> None:
    to_requester, to_operators = REQUEST_SUBJECTS.get(event, (None, None))
    context = {
        "access_request": access_request,
        "event": event,
        "url": mail.site_url("platforms:request", pk=access_request.pk),
    }
    title = f"{access_request.title} ({access_request.platform.name})"
    if to_requester:
        mail.send(
            subject=f"{to_requester} : {title}",
            template="platforms/email/request_requester.txt",
            context=context,
            to=requester_emails(access_request),
        )
    if to_operators:
        mail.send(
            subject=f"{to_operators} : {title}",
            template="platforms/email/request_operator.txt",
            context=context,
            to=operator_emails(access_request.platform),
        )


def booking_email(*, booking) -> None:
    cancelled = booking.status in (BookingStatus.CANCELLED, BookingStatus.RELEASED)
    method = calendars.CANCEL if cancelled else calendars.REQUEST
    subject = {
        BookingStatus.CANCELLED: "Réservation annulée",
        BookingStatus.RELEASED: "Réservation libérée faute de confirmation",
        BookingStatus.HELD: "Créneau retenu en attendant la décision",
    }.get(booking.status, "Réservation confirmée")
    mail.send(
        subject=f"{subject} : {booking.resource.name}",
        template="platforms/email/booking.txt",
        context={
            "booking": booking,
            "cancelled": cancelled,
            "url": mail.site_url("platforms:resource", pk=booking.resource_id),
        },
        to=[booking.booked_by.email] if booking.booked_by else [],
        attachments=[calendars.invitation_part(booking, method)],
    )
