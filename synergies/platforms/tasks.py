"""Background work of the platforms app: thin wrappers around services and notifications."""

from django.tasks import task

from synergies.platforms import bookings, notifications
from synergies.platforms.models import AccessRequest, Booking


@task
def send_request_email(request_id: int, event: str) -> None:
    access_request = (
        AccessRequest.objects.select_related("platform__operator", "organisation", "requester")
        .filter(pk=request_id)
        .first()
    )
    if access_request is not None:
        notifications.request_email(access_request=access_request, event=event)


@task
def send_booking_email(booking_id: int) -> None:
    booking = (
        Booking.objects.select_related("resource__platform__operator", "organisation", "booked_by")
        .filter(pk=booking_id)
        .first()
    )
    if booking is not None:
        notifications.booking_email(booking=booking)


@task
def release_unconfirmed_bookings() -> int:
    return bookings.bookings_release_unconfirmed()
