"""How the audit journal shows events and registrations (see core.journal)."""

from synergies.core import journal
from synergies.core.visibility import Visibility
from synergies.events import perms
from synergies.events.enums import Attendance, RegistrationStatus
from synergies.events.models import Event, Registration


def _visible_event_ids(user, ids):
    from synergies.events.selectors import events_visible_to

    return {
        str(pk) for pk in events_visible_to(user).filter(pk__in=journal.numeric_ids(ids)).values_list("pk", flat=True)
    }


def _visible_registration_ids(user, ids):
    registrations = Registration.objects.filter(pk__in=journal.numeric_ids(ids)).select_related("event__territory")
    return {str(r.pk) for r in registrations if perms.can_view_registration(user, r)}


def register_policies() -> None:
    journal.register(Event, journal.JournalPolicy(visible_ids=_visible_event_ids))
    journal.register(
        Registration,
        journal.JournalPolicy(visible_ids=_visible_registration_ids, masked_label="inscription (confidentielle)"),
    )


def register_labels() -> None:
    journal.register_labels(
        actions={
            "published": "publication",
            "cancelled": "annulation",
            "registration_created": "inscription",
            "registration_confirm": "inscription validée",
            "registration_refuse": "inscription refusée",
            "registration_accept_offer": "place acceptée",
            "registration_decline_offer": "place laissée",
            "registration_withdraw": "désinscription",
            "registration_offered": "place proposée (liste d'attente)",
            "registration_offer_expired": "proposition de place expirée",
            "registration_checked_in": "accueil",
            "attendance_marked": "présence relevée",
            "waitlist_moved": "liste d'attente réordonnée",
            "event_registrations_anonymised": "inscriptions anonymisées (durée de conservation)",
        },
        changes={
            "reason": "motif",
            "registrations": "inscriptions",
            "position": "rang",
            "attendance": "présence",
            "starts_at": "début",
            "ends_at": "fin",
        },
        values={
            "status": {
                s.value: s.label for s in RegistrationStatus if s.value in ("waitlisted", "offered", "offer_expired")
            },
            "attendance": {a.value: a.label for a in Attendance if a.value},
            "visibility": dict(Visibility.choices),
        },
    )
