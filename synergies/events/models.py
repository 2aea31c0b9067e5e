"""Events of a territory (conferences, forums, job datings, youth days…), their registrations with
moderation and a waiting list, reminders and check-in.

Times are stored in UTC and shown in Europe/Paris.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel
from synergies.core.visibility import Visibility
from synergies.events.enums import (
    ACTIVE_STATUSES,
    OPEN_MEETING_STATUSES,
    SEAT_STATUSES,
    Attendance,
    EventKind,
    ItemKind,
    MeetingFollowUp,
    MeetingOutcome,
    MeetingStatus,
    RegistrationStatus,
)

# Check-in codes avoid the letters and digits people confuse when they type them (O/0, I/1).
CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHECKIN_CODE_LENGTH = 8


def new_uid() -> str:
    return uuid.uuid4().hex


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def for_territory(self, territory):
        return self.filter(territory=territory)


class Event(TimeStampedModel):
    """An event organised by an organisation of the directory (or the territory's coordinators)."""

    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="events"
    )
    organiser = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation organisatrice",
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    objective = models.ForeignKey(
        "territories.Objective",
        verbose_name="objectif de la convention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    kind = models.CharField("type", max_length=24, choices=EventKind.choices)
    title = models.CharField("titre", max_length=200, validators=[validate_no_marking])
    summary = models.CharField("en une phrase", max_length=300, validators=[validate_no_marking])
    description = models.TextField("programme et description", validators=[validate_no_marking])
    venue = models.CharField(
        "lieu", max_length=200, blank=True, validators=[validate_no_marking], help_text="Salle, site, adresse."
    )
    city = models.CharField("commune", max_length=100, blank=True, validators=[validate_no_marking])
    department = models.CharField("département", max_length=3, blank=True, db_index=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    online_url = models.URLField("lien de la visioconférence", blank=True)
    starts_at = models.DateTimeField("début", db_index=True)
    ends_at = models.DateTimeField("fin")
    capacity = models.PositiveIntegerField(
        "nombre de places", null=True, blank=True, help_text="Vide : sans limite de places."
    )
    per_organisation_cap = models.PositiveSmallIntegerField(
        "personnes au plus par organisation", null=True, blank=True, help_text="Vide : sans limite."
    )
    reserved_sme_seats = models.PositiveIntegerField(
        "places réservées aux PME du territoire",
        default=0,
        help_text="Jusqu'à la fin des inscriptions, ces places ne vont qu'aux PME du territoire.",
    )
    registration_opens_at = models.DateTimeField(
        "ouverture des inscriptions", null=True, blank=True, help_text="Vide : dès la publication."
    )
    registration_closes_at = models.DateTimeField(
        "fin des inscriptions", null=True, blank=True, help_text="Vide : jusqu'au début de l'événement."
    )
    moderated = models.BooleanField(
        "inscriptions validées par l'organisateur",
        default=False,
        help_text="Chaque inscription attend votre validation ; sinon elle est confirmée d'emblée.",
    )
    questions = models.TextField(
        "questions aux inscrits",
        blank=True,
        validators=[validate_no_marking],
        help_text="Une question par ligne (cinq au plus), par exemple « Régime alimentaire ».",
    )
    contact_email = models.EmailField("e-mail de contact")
    visibility = models.CharField("visibilité", max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    restricted_to = models.ManyToManyField(
        "directory.Organisation", verbose_name="organisations désignées", blank=True, related_name="+"
    )
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    cancellation_reason = models.CharField(
        "motif d'annulation", max_length=300, blank=True, validators=[validate_no_marking]
    )
    meetings_open = models.BooleanField(
        "rendez-vous d'affaires entre participants",
        default=False,
        help_text="Les participants confirmés publient offres et demandes et se donnent rendez-vous.",
    )
    meeting_request_hours = models.PositiveSmallIntegerField(
        "une demande de rendez-vous sans réponse expire après (heures)", default=72
    )
    max_open_meeting_requests = models.PositiveSmallIntegerField(
        "demandes de rendez-vous en attente au plus par participant", default=20
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    # iCalendar: SEQUENCE bumped on every change that attendees must see (times, place, cancellation).
    uid = models.CharField("identifiant de calendrier", max_length=64, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField("version de calendrier", default=0, editable=False)
    changed_at = models.DateTimeField("dernier changement annoncé", null=True, blank=True, editable=False)
    survey_sent_at = models.DateTimeField(
        "questionnaire de satisfaction envoyé le", null=True, blank=True, editable=False
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="La fin de l'événement doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=F("registration_closes_at")),
                name="event_registration_window",
                violation_error_message="Les inscriptions doivent ouvrir avant de fermer.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message="Un événement limité a au moins une place.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True, reserved_sme_seats=0) | Q(reserved_sme_seats__lte=F("capacity")),
                name="event_reserved_seats_within_capacity",
                violation_error_message="Les places réservées aux PME ne peuvent dépasser le nombre de places.",
            ),
            models.CheckConstraint(
                condition=Q(per_organisation_cap__isnull=True) | Q(per_organisation_cap__gte=1),
                name="event_per_organisation_cap_positive",
                violation_error_message="Le plafond par organisation est d'au moins une personne.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def place_label(self) -> str:
        place = ", ".join(p for p in (self.venue, self.city) if p)
        if self.online_url:
            return f"{place} et en ligne" if place else "en ligne"
        return place


class EventSession(models.Model):
    """A part of the event with its own seats (a workshop, a visit in small groups): people choose the
    sessions they attend when they register."""

    event = models.ForeignKey(Event, verbose_name="événement", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField("intitulé", max_length=200, validators=[validate_no_marking])
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    capacity = models.PositiveIntegerField("places", null=True, blank=True, help_text="Vide : sans limite.")

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"
        ordering = ["starts_at", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_session_ends_after_start",
                violation_error_message="La fin de la session doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_session_capacity_positive",
                violation_error_message="Une session limitée a au moins une place.",
            ),
        ]

    def __str__(self):
        from django.utils import timezone

        return f"{self.title} ({timezone.localtime(self.starts_at):%H:%M}–{timezone.localtime(self.ends_at):%H:%M})"


class ReminderRule(models.Model):
    """« J-7 », « J-1 »: a reminder sent `days_before` the start to those registered before that time."""

    event = models.ForeignKey(Event, verbose_name="événement", on_delete=models.CASCADE, related_name="reminder_rules")
    days_before = models.PositiveSmallIntegerField("jours avant le début")

    class Meta:
        verbose_name = "règle de rappel"
        verbose_name_plural = "règles de rappel"
        ordering = ["-days_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "days_before"],
                name="reminder_rule_once",
                violation_error_message="Ce rappel existe déjà pour cet événement.",
            ),
            models.CheckConstraint(
                condition=Q(days_before__gte=1, days_before__lte=60),
                name="reminder_rule_range",
                violation_error_message="Un rappel part de 1 à 60 jours avant l'événement.",
            ),
        ]

    def __str__(self):
        return f"J-{self.days_before}"


class RegistrationQuerySet(models.QuerySet):
    def holding_seat(self):
        return self.filter(status__in=SEAT_STATUSES)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("position", "created_at", "id")


class Registration(TimeStampedModel):
    """One person's registration to an event (workflow.py). With an account, or by a link carrying
    `token` for those without one."""

    event = models.ForeignKey(Event, verbose_name="événement", on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="inscrit par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField("nom et prénom", max_length=150, validators=[validate_no_marking])
    email = models.EmailField("e-mail")
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    status = models.CharField(
        "état", max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING, db_index=True
    )
    # Order in the waiting list (smaller first); the organiser may move someone, with a reason.
    position = models.PositiveIntegerField("rang en liste d'attente", null=True, blank=True)
    offer_expires_at = models.DateTimeField("proposition valable jusqu'au", null=True, blank=True)
    answers = models.JSONField("réponses aux questions", default=dict, blank=True)
    consent_to_publish = models.BooleanField("accepte de figurer sur la liste publique des participants", default=False)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("motif", max_length=300, blank=True, validators=[validate_no_marking])
    token = models.CharField("clé de gestion", max_length=64, unique=True, default=new_token, editable=False)
    checkin_code = models.CharField("code d'accueil", max_length=16, default=new_checkin_code, editable=False)
    sessions = models.ManyToManyField(EventSession, verbose_name="sessions", blank=True, related_name="registrations")
    unavailable_slots = models.ManyToManyField(
        "events.MeetingSlot", verbose_name="créneaux indisponibles", blank=True, related_name="+"
    )
    attendance = models.CharField(
        "présence", max_length=8, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    checked_in_at = models.DateTimeField("accueilli le", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("satisfaction (1 à 5)", null=True, blank=True)
    feedback = models.TextField("commentaire", blank=True, validators=[validate_no_marking])
    # iCalendar: this registration's own UID; its SEQUENCE is the event's plus this one (bumped on each of
    # its steps), so that it only grows.
    uid = models.CharField("identifiant de calendrier", max_length=64, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField("version de calendrier", default=0, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="registration_once_per_person",
                violation_error_message="Cette personne est déjà inscrite à cet événement.",
            ),
            models.UniqueConstraint(
                fields=["event", "checkin_code"],
                name="registration_checkin_code_unique",
                violation_error_message="Code d'accueil déjà pris.",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="registration_satisfaction_scale",
                violation_error_message="La satisfaction se note de 1 à 5.",
            ),
        ]

    def __str__(self):
        # No name here: this is what the audit journal keeps, beyond the registration's retention.
        return f"Inscription n° {self.pk} — {self.event.title}"

    def get_absolute_url(self):
        return reverse("events:registration", kwargs={"token": self.token})

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class ReminderDelivery(models.Model):
    """A reminder sent: a rule reaches each registration once, whatever the scheduler does."""

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="deliveries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        constraints = [models.UniqueConstraint(fields=["rule", "registration"], name="reminder_delivered_once")]

    def __str__(self):
        return f"{self.rule} — inscription n° {self.registration_id}"


class MeetingSlot(models.Model):
    """A slot of the event's meeting blocks, with the number of tables it offers."""

    event = models.ForeignKey(Event, verbose_name="événement", on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    tables = models.PositiveSmallIntegerField("tables")

    class Meta:
        verbose_name = "créneau de rendez-vous"
        verbose_name_plural = "créneaux de rendez-vous"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_slot_ends_after_start",
                violation_error_message="La fin du créneau doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(tables__gte=1), name="meeting_slot_tables", violation_error_message="Au moins une table."
            ),
            models.UniqueConstraint(
                fields=["event", "starts_at"],
                name="meeting_slot_once",
                violation_error_message="Un créneau commence déjà à cette heure.",
            ),
        ]

    def __str__(self):
        from django.utils import timezone

        return f"{timezone.localtime(self.starts_at):%d/%m %H:%M}–{timezone.localtime(self.ends_at):%H:%M}"


class MarketplaceItem(TimeStampedModel):
    """An offer or a request a participant publishes on the event's meeting marketplace."""

    registration = models.ForeignKey(
        Registration, verbose_name="participant", on_delete=models.CASCADE, related_name="marketplace_items"
    )
    kind = models.CharField("type", max_length=24, choices=ItemKind.choices)
    title = models.CharField("titre", max_length=200, validators=[validate_no_marking])
    description = models.TextField("description", validators=[validate_no_marking])
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name="opportunité liée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "offre ou demande"
        verbose_name_plural = "offres et demandes"
        ordering = ["kind", "title", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.title}"


class MeetingRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_MEETING_STATUSES)

    def involving(self, registration):
        return self.filter(Q(requester=registration) | Q(requested=registration))


class MeetingRequest(TimeStampedModel):
    """A participant asks another for a meeting; once accepted, the scheduler (or the organiser) gives it
    a slot and a table. Outcomes are reported after the meeting and about six months later."""

    event = models.ForeignKey(Event, verbose_name="événement", on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(
        Registration, verbose_name="demandeur", on_delete=models.CASCADE, related_name="meetings_asked"
    )
    requested = models.ForeignKey(
        Registration, verbose_name="participant sollicité", on_delete=models.CASCADE, related_name="meetings_received"
    )
    note = models.TextField("message", blank=True, validators=[validate_no_marking])
    status = models.CharField(
        "état", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PENDING, db_index=True
    )
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    decided_at = models.DateTimeField("répondue le", null=True, blank=True)
    proposed_slot = models.ForeignKey(
        MeetingSlot,
        verbose_name="créneau proposé",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    slot = models.ForeignKey(
        MeetingSlot, verbose_name="créneau", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    table = models.PositiveSmallIntegerField("table", null=True, blank=True)
    placed_by_hand = models.BooleanField("placé par l'organisateur", default=False)
    outcome = models.CharField("bilan", max_length=24, choices=MeetingOutcome.choices, blank=True)
    outcome_at = models.DateTimeField("bilan noté le", null=True, blank=True)
    follow_up = models.CharField("suites à six mois", max_length=16, choices=MeetingFollowUp.choices, blank=True)
    follow_up_at = models.DateTimeField("suites notées le", null=True, blank=True)
    uid = models.CharField("identifiant de calendrier", max_length=64, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField("version de calendrier", default=0, editable=False)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "rendez-vous d'affaires"
        verbose_name_plural = "rendez-vous d'affaires"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("requested")),
                name="meeting_not_with_oneself",
                violation_error_message="On ne se demande pas un rendez-vous à soi-même.",
            ),
            models.UniqueConstraint(
                fields=["requester", "requested"],
                condition=Q(status__in=OPEN_MEETING_STATUSES),
                name="meeting_request_once",
                violation_error_message="Une demande de rendez-vous est déjà en cours avec ce participant.",
            ),
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(slot__isnull=False, table__isnull=False),
                name="meeting_table_once_per_slot",
                violation_error_message="Cette table est déjà prise à ce créneau.",
            ),
        ]

    def __str__(self):
        return f"Rendez-vous n° {self.pk} — {self.event.title}"
