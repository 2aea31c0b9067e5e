"""How the audit journal shows platforms, resources, access requests and bookings (see core.journal)."""

from synergies.core import journal
from synergies.core.visibility import Visibility
from synergies.platforms import perms
from synergies.platforms.enums import BookingStatus, RequestStatus
from synergies.platforms.models import AccessRequest, Booking, Platform, Resource


def _visible_platform_ids(user, ids):
    from synergies.platforms.selectors import platforms_visible_to

    return {
        str(pk)
        for pk in platforms_visible_to(user).filter(pk__in=journal.numeric_ids(ids)).values_list("pk", flat=True)
    }


def _visible_resource_ids(user, ids):
    from synergies.platforms.selectors import platforms_visible_to

    resources = Resource.objects.filter(
        pk__in=journal.numeric_ids(ids), platform__in=platforms_visible_to(user).values("pk")
    )
    return {str(pk) for pk in resources.values_list("pk", flat=True)}


def _visible_request_ids(user, ids):
    requests = AccessRequest.objects.filter(pk__in=journal.numeric_ids(ids)).select_related("platform")
    return {str(r.pk) for r in requests if perms.can_view_request(user, r)}


def _visible_booking_ids(user, ids):
    bookings = Booking.objects.filter(pk__in=journal.numeric_ids(ids)).select_related("resource__platform")
    return {str(b.pk) for b in bookings if perms.can_view_booking(user, b)}


def register_policies() -> None:
    journal.register(Platform, journal.JournalPolicy(visible_ids=_visible_platform_ids))
    journal.register(Resource, journal.JournalPolicy(visible_ids=_visible_resource_ids))
    journal.register(
        AccessRequest,
        journal.JournalPolicy(visible_ids=_visible_request_ids, masked_label="demande d'accès (confidentielle)"),
    )
    journal.register(
        Booking, journal.JournalPolicy(visible_ids=_visible_booking_ids, masked_label="réservation (confidentielle)")
    )


def register_labels() -> None:
    journal.register_labels(
        actions={
            "archived": "archivage",
            "photo_added": "photo ajoutée",
            "photo_removed": "photo retirée",
            "closure_added": "fermeture programmée",
            "training_recorded": "formation enregistrée",
            "request_submit": "demande d'accès envoyée",
            "request_study": "demande d'accès mise à l'étude",
            "request_ask_information": "informations demandées au demandeur",
            "request_accept": "demande d'accès acceptée",
            "request_refuse": "demande d'accès refusée",
            "request_withdraw": "demande d'accès retirée",
            "request_close": "demande d'accès clôturée avec un bilan",
            "booking_created": "réservation",
            "booking_cancelled": "réservation annulée",
            "booking_confirmed": "créneau retenu confirmé par l'acceptation",
            "booking_checked_in": "présence confirmée",
            "booking_use_recorded": "utilisation enregistrée",
            "booking_released": "réservation libérée faute de confirmation",
        },
        changes={
            "starts_at": "début",
            "ends_at": "fin",
            "used_minutes": "minutes utilisées",
            "reason": "motif",
            "person": "personne",
        },
        values={
            "status": {
                **{s.value: s.label for s in RequestStatus if s.value not in ("draft", "closed", "withdrawn")},
                **{s.value: s.label for s in BookingStatus if s.value != "cancelled"},
            },
            "visibility": dict(Visibility.choices),
        },
    )
