"""Objective 4 of the convention: everything around the reserve missions and the offers open to
military spouses that opportunities already hold (DESIGN.md: never a second copy of them).

- Reserve: the documents a mission asks for, the candidate files and their documents.
- Partner employers: the commitments an organisation of the directory records.
- Youth: partnerships between schools and units, and their activities.
- Military families: welcome booklets per unit, arrival checklists, spouses' profiles and hires.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from synergies.cohesion.enums import (
    AppointmentKind,
    BookletSection,
    CommitmentKind,
    CommitmentStage,
    ContractStatus,
    DocumentStatus,
    FileStatus,
    YouthActivityKind,
    YouthProgramme,
)
from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel

# ── Reserve ──────────────────────────────────────────────────────────────────────────────────────


class MissionTerms(models.Model):
    """What a reserve mission asks of its candidates beyond its text: the age range (public criteria)."""

    mission = models.OneToOneField(
        "opportunities.Opportunity", verbose_name="mission", on_delete=models.CASCADE, related_name="reserve_terms"
    )
    minimum_age = models.PositiveSmallIntegerField(
        "âge minimal", default=17, validators=[MinValueValidator(16), MaxValueValidator(70)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        "âge maximal", null=True, blank=True, validators=[MinValueValidator(17), MaxValueValidator(72)]
    )

    class Meta:
        verbose_name = "conditions de la mission"
        verbose_name_plural = "conditions des missions"
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum_age__isnull=True) | Q(maximum_age__gte=models.F("minimum_age")),
                name="mission_terms_age_range",
                violation_error_message="L'âge maximal est inférieur à l'âge minimal.",
            )
        ]

    def __str__(self):
        return f"Conditions — {self.mission}"


class RequiredDocument(models.Model):
    """One line of a mission's document checklist."""

    mission = models.ForeignKey(
        "opportunities.Opportunity", verbose_name="mission", on_delete=models.CASCADE, related_name="required_documents"
    )
    name = models.CharField("pièce demandée", max_length=120, validators=[validate_no_marking])
    help_text = models.CharField("précision", max_length=300, blank=True, validators=[validate_no_marking])
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "pièce demandée"
        verbose_name_plural = "pièces demandées"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "name"],
                name="one_required_document_name_per_mission",
                violation_error_message="Cette pièce est déjà demandée pour la mission.",
            )
        ]

    def __str__(self):
        return self.name


class CandidateFile(TimeStampedModel):
    """A person's application to a reserve mission, handled by the publishing unit's referents only.

    Holds the minimum: who (name, e-mail, birth date for the age range), the statement « je remplis
    les conditions » as a date, the states. Its documents are deleted when it closes; the person's
    data is erased SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS after it closed (personal_data.py)."""

    mission = models.ForeignKey(
        "opportunities.Opportunity", verbose_name="mission", on_delete=models.PROTECT, related_name="candidate_files"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="candidat",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate_files",
    )
    first_name = models.CharField("prénom", max_length=80, validators=[validate_no_marking])
    last_name = models.CharField("nom", max_length=80, validators=[validate_no_marking])
    email = models.EmailField("e-mail")
    phone = models.CharField("téléphone", max_length=30, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    conditions_confirmed_at = models.DateTimeField("conditions déclarées remplies le")
    status = models.CharField(
        "état", max_length=16, choices=FileStatus.choices, default=FileStatus.RECEIVED, db_index=True
    )
    status_changed_at = models.DateTimeField("état modifié le", default=timezone.now)
    reason = models.TextField("motif", blank=True, validators=[validate_no_marking])
    appointment_kind = models.CharField("rendez-vous", max_length=16, choices=AppointmentKind.choices, blank=True)
    appointment_at = models.DateTimeField("date du rendez-vous", null=True, blank=True)
    appointment_place = models.CharField(
        "lieu du rendez-vous", max_length=200, blank=True, validators=[validate_no_marking]
    )
    contract_status = models.CharField(
        "contrat d'engagement", max_length=8, choices=ContractStatus.choices, blank=True, default=ContractStatus.NONE
    )
    contract_sent_at = models.DateTimeField("contrat envoyé le", null=True, blank=True)
    contract_signed_at = models.DateTimeField("contrat signé le", null=True, blank=True)
    # The employer, only when the candidate agrees to name it (a directory organisation).
    employer = models.ForeignKey(
        "directory.Organisation",
        verbose_name="employeur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reservist_files",
    )
    reminded_at = models.DateTimeField("dernière relance le", null=True, blank=True)
    closed_at = models.DateTimeField("clos le", null=True, blank=True, db_index=True)
    anonymised = models.BooleanField("anonymisé", default=False)

    class Meta:
        verbose_name = "dossier de candidature"
        verbose_name_plural = "dossiers de candidature"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["mission", "status", "status_changed_at"]),
            models.Index(fields=["status", "status_changed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "candidate"],
                condition=Q(candidate__isnull=False) & ~Q(status__in=["withdrawn", "refused"]),
                name="one_open_candidate_file_per_mission",
                violation_error_message="Vous avez déjà un dossier de candidature pour cette mission.",
            )
        ]

    def __str__(self):
        # No name here: this text is also the audit journal's, which outlives the file's retention.
        return f"Candidature n° {self.pk} — {self.mission}"

    def get_absolute_url(self):
        return reverse("cohesion:file", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def candidate_document_path(instance, filename):
    # A random name: the stored name says nothing of the person.
    return f"reserve/{timezone.now():%Y/%m}/{secrets.token_hex(12)}"


class CandidateDocument(TimeStampedModel):
    """One piece of a candidate file: its state, the file while the candidate file is open."""

    candidate_file = models.ForeignKey(
        CandidateFile, verbose_name="dossier", on_delete=models.CASCADE, related_name="documents"
    )
    name = models.CharField("pièce", max_length=120)
    help_text = models.CharField("précision", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    status = models.CharField(
        "état", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.TO_PROVIDE, db_index=True
    )
    comment = models.TextField("commentaire du référent", blank=True, validators=[validate_no_marking])
    file = models.FileField("fichier", upload_to=candidate_document_path, blank=True)
    original_name = models.CharField("nom du fichier déposé", max_length=255, blank=True)
    content_type = models.CharField("type", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("taille (octets)", null=True, blank=True)
    uploaded_at = models.DateTimeField("déposé le", null=True, blank=True)
    reviewed_at = models.DateTimeField("examiné le", null=True, blank=True)

    class Meta:
        verbose_name = "pièce du dossier"
        verbose_name_plural = "pièces du dossier"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


# ── Partner employers ────────────────────────────────────────────────────────────────────────────


class EmployerCommitment(TimeStampedModel):
    """What an organisation of the directory commits to for reservists, spouses or young people.

    The directory's badges (labels) follow from the commitments in force (employers.py)."""

    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name="employeur", on_delete=models.CASCADE, related_name="commitments"
    )
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("engagement", max_length=24, choices=CommitmentKind.choices)
    stage = models.CharField(
        "étape", max_length=12, choices=CommitmentStage.choices, default=CommitmentStage.INTERESTED, db_index=True
    )
    signed_on = models.DateField("signée ou attribuée le", null=True, blank=True)
    valid_until = models.DateField("à renouveler le", null=True, blank=True, db_index=True)
    days_granted = models.PositiveSmallIntegerField(
        "jours accordés au-delà du minimum légal", null=True, blank=True, validators=[MaxValueValidator(365)]
    )
    reactivity_clause = models.BooleanField("clause de réactivité", default=False)
    places = models.PositiveSmallIntegerField("places proposées par an", null=True, blank=True)
    note = models.TextField("précisions", blank=True, validators=[validate_no_marking])
    renewal_reminded_at = models.DateTimeField("rappel de renouvellement envoyé le", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "engagement d'employeur"
        verbose_name_plural = "engagements d'employeurs"
        ordering = ["organisation__name", "kind", "-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(valid_until__gt=models.F("signed_on")),
                name="commitment_dates_in_order",
                violation_error_message="La date de renouvellement précède la date de signature.",
            ),
            models.CheckConstraint(
                condition=~Q(stage="signed") | Q(signed_on__isnull=False),
                name="signed_commitment_has_date",
                violation_error_message="Un engagement signé a une date de signature.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.organisation}"

    def in_force(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.stage == CommitmentStage.SIGNED and (self.valid_until is None or self.valid_until >= today)


class SpouseHire(models.Model):
    """A hire of a military spouse reported by the employer: counted, never named."""

    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name="employeur", on_delete=models.CASCADE, related_name="spouse_hires"
    )
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="+"
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        verbose_name="offre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spouse_hires",
    )
    hired_on = models.DateField("embauche le")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "embauche de conjoint"
        verbose_name_plural = "embauches de conjoints"
        ordering = ["-hired_on", "-id"]

    def __str__(self):
        return f"Embauche du {self.hired_on:%d/%m/%Y} — {self.organisation}"


class SpouseProfile(TimeStampedModel):
    """A military spouse's profile, seen only by the employers that pledged to hire spouses; the
    person withdraws it (deletes it) at any time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="spouse_profile"
    )
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="+"
    )
    display_name = models.CharField("nom affiché", max_length=120, validators=[validate_no_marking])
    skills = models.TextField("compétences et expérience", max_length=2000, validators=[validate_no_marking])
    wanted_departments = models.CharField("départements recherchés", max_length=60, blank=True)
    available_on = models.DateField("disponible à partir du", null=True, blank=True)
    wanted_contracts = models.CharField(
        "contrats recherchés", max_length=60, blank=True, validators=[validate_no_marking]
    )

    class Meta:
        verbose_name = "profil de conjoint"
        verbose_name_plural = "profils de conjoints"
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.display_name


# ── Youth ────────────────────────────────────────────────────────────────────────────────────────


class YouthPartnership(TimeStampedModel):
    """A youth programme run by a school and a sponsoring unit (or a unit alone, or a company)."""

    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.CharField("dispositif", max_length=24, choices=YouthProgramme.choices)
    name = models.CharField("intitulé", max_length=200, validators=[validate_no_marking])
    school = models.ForeignKey(
        "directory.Organisation",
        verbose_name="établissement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="youth_partnerships_as_school",
    )
    unit = models.ForeignKey(
        "directory.Organisation",
        verbose_name="unité ou organisation marraine",
        on_delete=models.PROTECT,
        related_name="youth_partnerships_as_unit",
    )
    commune_insee = models.CharField("commune (code INSEE)", max_length=5, blank=True)
    city = models.CharField("commune", max_length=100, blank=True)
    department = models.CharField("département", max_length=3, blank=True, db_index=True)
    started_on = models.DateField("début")
    ended_on = models.DateField("fin", null=True, blank=True)
    young_people = models.PositiveIntegerField("jeunes concernés", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "partenariat jeunesse"
        verbose_name_plural = "partenariats jeunesse"
        ordering = ["-started_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="youth_partnership_dates_in_order",
                violation_error_message="La fin précède le début.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cohesion:partnership", kwargs={"pk": self.pk})


class YouthActivity(models.Model):
    partnership = models.ForeignKey(
        YouthPartnership, verbose_name="partenariat", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField("activité", max_length=16, choices=YouthActivityKind.choices)
    held_on = models.DateField("date")
    young_people = models.PositiveIntegerField("jeunes présents", default=0)
    note = models.CharField("précisions", max_length=300, blank=True, validators=[validate_no_marking])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "activité jeunesse"
        verbose_name_plural = "activités jeunesse"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"


# ── Military families ────────────────────────────────────────────────────────────────────────────


class Booklet(TimeStampedModel):
    """The welcome booklet of a unit or a garrison: what a family arriving needs to know."""

    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "directory.Organisation", verbose_name="unité", on_delete=models.PROTECT, related_name="booklets"
    )
    slug = models.SlugField("adresse", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200, validators=[validate_no_marking])
    garrison = models.CharField("garnison", max_length=100, validators=[validate_no_marking])
    introduction = models.TextField("mot d'accueil", blank=True, validators=[validate_no_marking])
    published = models.BooleanField("publié", default=False)

    class Meta:
        verbose_name = "livret d'accueil"
        verbose_name_plural = "livrets d'accueil"
        ordering = ["garrison", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cohesion:booklet", kwargs={"slug": self.slug})


class BookletBlock(TimeStampedModel):
    """A block of a booklet. Organisations it points to come from the directory and are shown live,
    so that a change there shows in every booklet. Past its review date, it is flagged to its owner."""

    booklet = models.ForeignKey(Booklet, verbose_name="livret", on_delete=models.CASCADE, related_name="blocks")
    section = models.CharField("rubrique", max_length=24, choices=BookletSection.choices)
    title = models.CharField("titre", max_length=200, validators=[validate_no_marking])
    body = models.TextField("texte", blank=True, validators=[validate_no_marking])
    organisations = models.ManyToManyField(
        "directory.Organisation", verbose_name="organisations de l'annuaire", blank=True, related_name="booklet_blocks"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="responsable", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_by = models.DateField("à relire avant le")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    review_reminded_at = models.DateTimeField("relance de relecture le", null=True, blank=True)

    class Meta:
        verbose_name = "bloc de livret"
        verbose_name_plural = "blocs de livret"
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["review_by"])]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.review_by < timezone.localdate()


class ChecklistItem(models.Model):
    """A step of the arrival checklist, dated relative to the arrival (negative: before it)."""

    booklet = models.ForeignKey(Booklet, verbose_name="livret", on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField("étape", max_length=200, validators=[validate_no_marking])
    days_from_arrival = models.SmallIntegerField(
        "jours par rapport à l'arrivée", default=0, validators=[MinValueValidator(-365), MaxValueValidator(365)]
    )
    section = models.CharField("rubrique", max_length=24, choices=BookletSection.choices, blank=True)

    class Meta:
        verbose_name = "étape d'arrivée"
        verbose_name_plural = "étapes d'arrivée"
        ordering = ["days_from_arrival", "id"]

    def __str__(self):
        return self.label


class ArrivalPlan(TimeStampedModel):
    """A person's own arrival checklist: the date of arrival and the steps done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arrival_plans")
    booklet = models.ForeignKey(Booklet, on_delete=models.CASCADE, related_name="+")
    arrival_on = models.DateField("date d'arrivée")
    done = models.ManyToManyField(ChecklistItem, blank=True, related_name="+")

    class Meta:
        verbose_name = "liste d'arrivée"
        verbose_name_plural = "listes d'arrivée"
        constraints = [models.UniqueConstraint(fields=["user", "booklet"], name="one_arrival_plan_per_booklet")]

    def __str__(self):
        return f"Arrivée le {self.arrival_on:%d/%m/%Y}"
