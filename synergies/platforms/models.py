"""Technology and test platforms of a territory, their bookable resources, access requests and bookings.

Times are stored in UTC and shown in Europe/Paris; a resource's opening hours are local wall-clock
hours, so a booking across the DST change keeps its local hours.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel
from synergies.core.visibility import Visibility
from synergies.platforms.enums import (
    HOLDING_STATUSES,
    WEEKDAY_NAMES,
    BookingStatus,
    RequestStatus,
    ResourceKind,
    UserCategory,
)


class PlatformQuerySet(models.QuerySet):
    def for_territory(self, territory):
        return self.filter(territory=territory)

    def published(self):
        return self.filter(is_published=True)


class Platform(TimeStampedModel):
    """A technology or test platform, run by an operating organisation of the directory."""

    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="platforms"
    )
    operator = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation opératrice",
        on_delete=models.PROTECT,
        related_name="operated_platforms",
    )
    name = models.CharField("nom", max_length=200, validators=[validate_no_marking])
    summary = models.CharField("en une phrase", max_length=300, validators=[validate_no_marking])
    description = models.TextField("description", validators=[validate_no_marking])
    capabilities = models.ManyToManyField(
        "directory.Capability", verbose_name="capacités", blank=True, related_name="platforms"
    )
    conditions = models.TextField("conditions d'utilisation", blank=True, validators=[validate_no_marking])
    prerequisites = models.TextField(
        "prérequis",
        blank=True,
        validators=[validate_no_marking],
        help_text="Habilitation déclarée, formation, consignes de sécurité, nationalité ou contrôle export…",
    )
    requires_clearance = models.BooleanField("habilitation déclarée exigée", default=False)
    trl_min = models.PositiveSmallIntegerField("TRL minimal", null=True, blank=True)
    trl_max = models.PositiveSmallIntegerField("TRL maximal", null=True, blank=True)
    contact_email = models.EmailField("e-mail de contact")
    contact_phone = models.CharField(
        "téléphone de contact", max_length=30, blank=True, validators=[validate_no_marking]
    )
    website = models.URLField("site web", blank=True)
    city = models.CharField("commune", max_length=100, blank=True, validators=[validate_no_marking])
    department = models.CharField("département", max_length=3, blank=True, db_index=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    visibility = models.CharField("visibilité", max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    restricted_to = models.ManyToManyField(
        "directory.Organisation", verbose_name="organisations désignées", blank=True, related_name="+"
    )
    is_published = models.BooleanField("publiée", default=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    search_document = models.TextField("document de recherche", blank=True, editable=False)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = "plateforme technologique"
        verbose_name_plural = "plateformes technologiques"
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl_min__isnull=True) | Q(trl_max__isnull=True) | Q(trl_min__lte=F("trl_max")),
                name="platform_trl_range",
                violation_error_message="Le TRL minimal dépasse le TRL maximal.",
            ),
            models.CheckConstraint(
                condition=(Q(trl_min__isnull=True) | Q(trl_min__gte=1, trl_min__lte=9))
                & (Q(trl_max__isnull=True) | Q(trl_max__gte=1, trl_max__lte=9)),
                name="platform_trl_scale",
                violation_error_message="Un TRL va de 1 à 9.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("platforms:detail", kwargs={"pk": self.pk})

    @property
    def trl_label(self) -> str:
        if self.trl_min and self.trl_max:
            return f"TRL {self.trl_min} à {self.trl_max}"
        if self.trl_min:
            return f"à partir du TRL {self.trl_min}"
        if self.trl_max:
            return f"jusqu'au TRL {self.trl_max}"
        return ""


def photo_path(instance, filename):
    return f"plateformes/photos/{timezone.now():%Y/%m}/{filename}"


class PlatformPhoto(TimeStampedModel):
    """A photo of a platform, re-encoded on upload (core.images) and served by a view that checks the
    platform's visibility."""

    platform = models.ForeignKey(Platform, verbose_name="plateforme", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("photo", upload_to=photo_path)
    content_type = models.CharField("type", max_length=40)
    alt_text = models.CharField(
        "description de la photo",
        max_length=200,
        validators=[validate_no_marking],
        help_text="Ce que montre la photo, pour les personnes qui ne la voient pas.",
    )

    class Meta:
        verbose_name = "photo de plateforme"
        verbose_name_plural = "photos de plateforme"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.alt_text


class Tariff(models.Model):
    platform = models.ForeignKey(Platform, verbose_name="plateforme", on_delete=models.CASCADE, related_name="tariffs")
    category = models.CharField("catégorie d'utilisateur", max_length=16, choices=UserCategory.choices)
    text = models.CharField(
        "tarif indicatif",
        max_length=200,
        validators=[validate_no_marking],
        help_text="Par exemple « 900 € HT / jour ».",
    )

    class Meta:
        verbose_name = "tarif indicatif"
        verbose_name_plural = "tarifs indicatifs"
        ordering = ["platform", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "category"],
                name="tariff_one_per_category",
                violation_error_message="Un seul tarif par catégorie d'utilisateur.",
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()} : {self.text}"


class ResourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Resource(TimeStampedModel):
    """What is booked: a basin, a chamber, a test bench, a cyber range, a machine. Its rules are the
    operator's: slot length, opening hours (local time), lead time, cancellation deadline, capacity."""

    platform = models.ForeignKey(
        Platform, verbose_name="plateforme", on_delete=models.PROTECT, related_name="resources"
    )
    name = models.CharField("nom", max_length=200, validators=[validate_no_marking])
    kind = models.CharField("type", max_length=16, choices=ResourceKind.choices)
    description = models.TextField("description", blank=True, validators=[validate_no_marking])
    capacity = models.PositiveSmallIntegerField(
        "capacité", default=1, help_text="Nombre de réservations simultanées possibles."
    )
    slot_min_minutes = models.PositiveIntegerField("durée minimale d'un créneau (minutes)", default=60)
    slot_max_minutes = models.PositiveIntegerField("durée maximale d'un créneau (minutes)", default=480)
    opens_at = models.TimeField("ouverture (heure locale)", default="08:00")
    closes_at = models.TimeField("fermeture (heure locale)", default="18:00")
    # ISO weekdays, 1 = Monday … 7 = Sunday.
    open_weekdays = models.CharField("jours d'ouverture", max_length=7, default="12345")
    lead_time_hours = models.PositiveIntegerField("délai de prévenance (heures)", default=24)
    cancellation_deadline_hours = models.PositiveIntegerField("annulation possible jusqu'à (heures avant)", default=48)
    confirmation_grace_minutes = models.PositiveIntegerField(
        "confirmation de présence attendue dans les (minutes après le début)",
        null=True,
        blank=True,
        help_text="Vide : pas de confirmation attendue. Sinon, un créneau non confirmé à temps est libéré.",
    )
    self_service = models.BooleanField(
        "en libre-service pour les personnes formées",
        default=False,
        help_text="Une personne dont la formation est enregistrée réserve sans demande d'accès.",
    )
    pending_requests_hold_slots = models.BooleanField(
        "une demande en cours retient ses créneaux",
        default=False,
        help_text="Affiché au demandeur : sinon, les créneaux ne sont retenus qu'après acceptation.",
    )
    archived_at = models.DateTimeField("archivée le", null=True, blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["platform", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="resource_capacity_positive",
                violation_error_message="La capacité est d'au moins une réservation.",
            ),
            models.CheckConstraint(
                condition=Q(slot_min_minutes__gte=15) & Q(slot_min_minutes__lte=F("slot_max_minutes")),
                name="resource_slot_bounds",
                violation_error_message="La durée minimale d'un créneau (15 minutes au moins) dépasse la durée maximale.",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")),
                name="resource_opening_hours",
                violation_error_message="L'heure d'ouverture doit précéder l'heure de fermeture.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.platform.name})"

    def get_absolute_url(self):
        return reverse("platforms:resource", kwargs={"pk": self.pk})

    @property
    def weekdays(self) -> set[int]:
        return {int(c) for c in self.open_weekdays if c.isdigit()}

    @property
    def weekdays_label(self) -> str:
        return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays)) or "aucun jour"


class Closure(models.Model):
    """A maintenance or closure block: nothing is booked on the resource during it."""

    resource = models.ForeignKey(Resource, verbose_name="ressource", on_delete=models.CASCADE, related_name="closures")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    reason = models.CharField("motif", max_length=200, validators=[validate_no_marking])

    class Meta:
        verbose_name = "fermeture"
        verbose_name_plural = "fermetures"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="closure_ends_after_start",
                violation_error_message="La fin de la fermeture doit suivre son début.",
            )
        ]

    def __str__(self):
        return self.reason


class Training(models.Model):
    """A person trained on a resource: they may book it in self-service."""

    resource = models.ForeignKey(Resource, verbose_name="ressource", on_delete=models.CASCADE, related_name="trainings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="platform_trainings"
    )
    trained_on = models.DateField("formée le")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "formation"
        verbose_name_plural = "formations"
        constraints = [models.UniqueConstraint(fields=["resource", "person"], name="training_once_per_person")]

    def __str__(self):
        return f"{self.person} — {self.resource}"


class AccessRequestQuerySet(models.QuerySet):
    def to_decide(self):
        return self.filter(
            status__in=[RequestStatus.SUBMITTED, RequestStatus.FEASIBILITY, RequestStatus.INFORMATION_REQUESTED]
        )


class AccessRequest(TimeStampedModel):
    """A member of an organisation asks for access to a platform for a project (workflow.py)."""

    platform = models.ForeignKey(
        Platform, verbose_name="plateforme", on_delete=models.PROTECT, related_name="access_requests"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation demandeuse",
        on_delete=models.PROTECT,
        related_name="platform_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandeur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField("projet", max_length=200, validators=[validate_no_marking])
    description = models.TextField(
        "ce que vous voulez tester", validators=[validate_no_marking], help_text="Objectif, objet testé, besoins."
    )
    resources = models.ManyToManyField(Resource, verbose_name="ressources souhaitées", blank=True, related_name="+")
    wanted_from = models.DateField("à partir du", null=True, blank=True)
    wanted_until = models.DateField("jusqu'au", null=True, blank=True)
    duration_days = models.PositiveSmallIntegerField("durée souhaitée (jours)", null=True, blank=True)
    people = models.TextField(
        "personnes qui viendront", blank=True, validators=[validate_no_marking], help_text="Noms et fonctions."
    )
    status = models.CharField(
        "état", max_length=24, choices=RequestStatus.choices, default=RequestStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField("envoyée le", null=True, blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    operator_message = models.TextField(
        "message de l'opérateur", blank=True, validators=[validate_no_marking]
    )  # the reason of a refusal, the information asked for, or a word with the acceptance
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)
    outcome_report = models.TextField("ce qui a été testé", blank=True, validators=[validate_no_marking])
    satisfaction = models.PositiveSmallIntegerField("satisfaction (1 à 5)", null=True, blank=True)
    follow_up = models.TextField("suites", blank=True, validators=[validate_no_marking])

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'accès"
        verbose_name_plural = "demandes d'accès"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wanted_from__isnull=True)
                | Q(wanted_until__isnull=True)
                | Q(wanted_from__lte=F("wanted_until")),
                name="access_request_dates",
                violation_error_message="La date de fin souhaitée précède la date de début.",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="access_request_satisfaction_scale",
                violation_error_message="La satisfaction se note de 1 à 5.",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.platform.name}"

    def get_absolute_url(self):
        return reverse("platforms:request", kwargs={"pk": self.pk})


def request_document_path(instance, filename):
    return f"plateformes/{timezone.now():%Y/%m}/{filename}"


class RequestDocument(TimeStampedModel):
    """A file of an access request (a test plan, a drawing): served only through a view that checks
    permission, read for protective markings like every document."""

    request = models.ForeignKey(
        AccessRequest, verbose_name="demande", on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField("fichier", upload_to=request_document_path)
    original_name = models.CharField("nom du fichier déposé", max_length=255)
    content_type = models.CharField("type", max_length=120)
    size = models.PositiveBigIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "document de demande"
        verbose_name_plural = "documents de demande"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class Allocation(models.Model):
    """What an accepted request may use: hours on a resource between two dates."""

    request = models.ForeignKey(
        AccessRequest, verbose_name="demande", on_delete=models.CASCADE, related_name="allocations"
    )
    resource = models.ForeignKey(
        Resource, verbose_name="ressource", on_delete=models.PROTECT, related_name="allocations"
    )
    hours = models.PositiveIntegerField("heures accordées")
    valid_from = models.DateField("valable du")
    valid_until = models.DateField("au")

    class Meta:
        verbose_name = "allocation"
        verbose_name_plural = "allocations"
        ordering = ["resource__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "resource"],
                name="allocation_one_per_resource",
                violation_error_message="Une seule allocation par ressource et par demande.",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__lte=F("valid_until")),
                name="allocation_dates",
                violation_error_message="La fin de validité précède son début.",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=1), name="allocation_hours", violation_error_message="Au moins une heure."
            ),
        ]

    def __str__(self):
        return f"{self.resource.name} : {self.hours} h"


def minutes_between(starts_at, ends_at) -> int:
    return int((ends_at - starts_at).total_seconds() // 60)


def _new_uid() -> str:
    return uuid.uuid4().hex


class BookingQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(status__in=HOLDING_STATUSES)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Booking(TimeStampedModel):
    """A slot on a resource. `seat` is which of the resource's `capacity` places it takes: two holding
    bookings never share a seat at the same time (on PostgreSQL an exclusion constraint over
    (resource, seat, time range) holds it; see migration 0002 and bookings.py)."""

    resource = models.ForeignKey(Resource, verbose_name="ressource", on_delete=models.PROTECT, related_name="bookings")
    seat = models.PositiveSmallIntegerField("place", default=1)
    allocation = models.ForeignKey(
        Allocation,
        verbose_name="allocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    # A slot held while its access request is being decided (resources whose operator allows it).
    held_for = models.ForeignKey(
        AccessRequest,
        verbose_name="retenu pour la demande",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="held_bookings",
    )
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réservé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField("début", db_index=True)
    ends_at = models.DateTimeField("fin")
    status = models.CharField(
        "état", max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED, db_index=True
    )
    # iCalendar identity (RFC 5545): one UID for the booking's life, SEQUENCE bumped on every change.
    uid = models.CharField("identifiant de calendrier", max_length=64, unique=True, default=_new_uid, editable=False)
    sequence = models.PositiveIntegerField("version de calendrier", default=0, editable=False)
    used_minutes = models.PositiveIntegerField("utilisation réelle (minutes)", null=True, blank=True)
    use_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisation notée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    cancellation_reason = models.CharField(
        "motif d'annulation", max_length=200, blank=True, validators=[validate_no_marking]
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = "réservation"
        verbose_name_plural = "réservations"
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["resource", "starts_at"], name="booking_resource_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message="La fin du créneau doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(seat__gte=1), name="booking_seat_positive", violation_error_message="Place invalide."
            ),
        ]

    def __str__(self):
        return f"{self.resource.name}, {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration_minutes(self) -> int:
        return minutes_between(self.starts_at, self.ends_at)

    @property
    def counted_minutes(self) -> int:
        """What the booking counts for in usage figures: the use recorded, else the time booked."""
        return self.used_minutes if self.used_minutes is not None else self.duration_minutes

    @property
    def holds_slot(self) -> bool:
        return self.status in HOLDING_STATUSES
