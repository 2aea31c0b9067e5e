from django.db import models


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "conférence"
    FORUM = "forum", "forum"
    BUSINESS_MEETINGS = "business_meetings", "rendez-vous d'affaires"
    JOB_DATING = "job_dating", "job dating"
    RESERVE_INFORMATION = "reserve_information", "information sur la réserve"
    YOUTH_DAY = "youth_day", "journée jeunesse"
    SITE_VISIT = "site_visit", "visite de site"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "en attente de validation"
    CONFIRMED = "confirmed", "confirmée"
    WAITLISTED = "waitlisted", "en liste d'attente"
    OFFERED = "offered", "place proposée"
    REFUSED = "refused", "refusée"
    WITHDRAWN = "withdrawn", "retirée"
    OFFER_EXPIRED = "offer_expired", "proposition expirée"
    CANCELLED = "cancelled", "événement annulé"


class Attendance(models.TextChoices):
    UNKNOWN = "", "non relevée"
    PRESENT = "present", "présent"
    ABSENT = "absent", "absent"
    EXCUSED = "excused", "excusé"


# Registrations that take a seat: a pending one too, so that validating it never overfills the event.
SEAT_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
# Registrations still alive (one per person and event among these).
ACTIVE_STATUSES = (*SEAT_STATUSES, RegistrationStatus.WAITLISTED)


class ItemKind(models.TextChoices):
    """The profile types of the Enterprise Europe Network's brokerage events."""

    BUSINESS_OFFER = "business_offer", "offre commerciale"
    BUSINESS_REQUEST = "business_request", "demande commerciale"
    TECHNOLOGY_OFFER = "technology_offer", "offre de technologie"
    TECHNOLOGY_REQUEST = "technology_request", "demande de technologie"
    RESEARCH_REQUEST = "research_request", "recherche de partenaire R&D"


OFFER_KINDS = (ItemKind.BUSINESS_OFFER, ItemKind.TECHNOLOGY_OFFER)
REQUEST_KINDS = (ItemKind.BUSINESS_REQUEST, ItemKind.TECHNOLOGY_REQUEST, ItemKind.RESEARCH_REQUEST)


class MeetingStatus(models.TextChoices):
    PENDING = "pending", "en attente de réponse"
    ACCEPTED = "accepted", "acceptée"
    DECLINED = "declined", "déclinée"
    EXPIRED = "expired", "expirée sans réponse"
    CANCELLED = "cancelled", "annulée"


class MeetingOutcome(models.TextChoices):
    """Right after the meeting."""

    TOOK_PLACE = "took_place", "a eu lieu"
    DID_NOT_TAKE_PLACE = "did_not_take_place", "n'a pas eu lieu"
    INSUFFICIENT_INTEREST = "insufficient_interest", "intérêt insuffisant"
    POSSIBLE_COOPERATION = "possible_cooperation", "coopération possible"


class MeetingFollowUp(models.TextChoices):
    """About six months later."""

    NONE = "none", "pas de suite"
    USEFUL_CONTACT = "useful_contact", "contact utile"
    NEGOTIATION = "negotiation", "négociation engagée"
    AGREEMENT = "agreement", "accord conclu"


OPEN_MEETING_STATUSES = (MeetingStatus.PENDING, MeetingStatus.ACCEPTED)
