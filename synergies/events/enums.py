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
