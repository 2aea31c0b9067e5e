from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from synergies.accounts.enums import Party
from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel
from synergies.governance.enums import (
    ActionStatus,
    Direction,
    Frequency,
    Lead,
    MeetingKind,
    ValueStatus,
)


class Action(TimeStampedModel):
    convention = models.ForeignKey("territories.Convention", on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        "territories.Objective", verbose_name="objectif", on_delete=models.PROTECT, related_name="actions"
    )
    reference = models.CharField("référence", max_length=20)
    title = models.CharField("intitulé", max_length=255, validators=[validate_no_marking])
    description = models.TextField("description", blank=True, validators=[validate_no_marking])
    lead = models.CharField("pilote", max_length=16, choices=Lead.choices)
    lead_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation pilote",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contributors = models.CharField("contributeurs", max_length=500, blank=True, validators=[validate_no_marking])
    starts_on = models.DateField("début", null=True, blank=True)
    due_on = models.DateField("échéance", null=True, blank=True)
    status = models.CharField("état", max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    is_public = models.BooleanField("publiée sur la page publique", default=False)
    decided_by = models.ForeignKey(
        "governance.Decision",
        verbose_name="décision d'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "actions"
        ordering = ["objective__number", "reference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "reference"],
                name="unique_action_reference",
                violation_error_message="Une action de cette convention porte déjà cette référence.",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="action_progress_percent",
                violation_error_message="L'avancement est un pourcentage entre 0 et 100.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__isnull=True) | Q(due_on__gte=models.F("starts_on")),
                name="action_dates_ordered",
                violation_error_message="L'échéance précède le début de l'action.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def is_late(self) -> bool:
        return (
            self.due_on is not None
            and self.due_on < timezone.localdate()
            and self.status not in (ActionStatus.DONE, ActionStatus.ABANDONED)
        )


class Indicator(TimeStampedModel):
    convention = models.ForeignKey("territories.Convention", on_delete=models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(
        "territories.Objective", verbose_name="objectif", on_delete=models.PROTECT, related_name="indicators"
    )
    action = models.ForeignKey(
        Action, verbose_name="action", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    code = models.SlugField("code", max_length=60)
    name = models.CharField("intitulé", max_length=255, validators=[validate_no_marking])
    unit = models.CharField("unité", max_length=30, validators=[validate_no_marking])
    decimals = models.PositiveSmallIntegerField("décimales", default=0)
    baseline = models.DecimalField("valeur de départ", max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("cible", max_digits=16, decimal_places=2, null=True, blank=True)
    target_date = models.DateField("date de la cible", null=True, blank=True)
    direction = models.CharField("sens souhaité", max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    frequency = models.CharField("fréquence", max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    computation = models.CharField(
        "calcul automatique", max_length=60, blank=True, help_text="Vide : valeur saisie et validée par l'autre partie."
    )
    is_public = models.BooleanField("publié sur la page publique", default=False)

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["objective__number", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "code"],
                name="unique_indicator_code",
                violation_error_message="Un indicateur de cette convention porte déjà ce code.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)


class IndicatorValue(TimeStampedModel):
    """One measure of an indicator. An entered value counts once a coordinator of the other party
    has validated it; a computed one counts at once. Values are never overwritten: the series is
    the history."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField("valeur", max_digits=16, decimal_places=2)
    measured_on = models.DateField("date de la mesure")
    comment = models.TextField("commentaire", blank=True, validators=[validate_no_marking])
    evidence_url = models.URLField("justificatif (lien)", blank=True)
    evidence_file = models.FileField("justificatif (fichier)", upload_to="pilotage/%Y/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_party = models.CharField("partie qui saisit", max_length=10, blank=True)
    status = models.CharField("état", max_length=10, choices=ValueStatus.choices, default=ValueStatus.PENDING)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_party = models.CharField("partie qui valide", max_length=10, blank=True)
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    is_computed = models.BooleanField("calculée", default=False)

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["indicator", "measured_on", "id"]
        indexes = [models.Index(fields=["indicator", "status", "measured_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(is_computed=True) | ~Q(validated_party=models.F("entered_party")),
                name="value_validated_by_the_other_party",
                violation_error_message="Une valeur est validée par un coordinateur de l'autre partie.",
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"

    @property
    def entered_party_label(self) -> str:
        return Party(self.entered_party).label if self.entered_party else ""

    @property
    def validated_party_label(self) -> str:
        return Party(self.validated_party).label if self.validated_party else ""


class ReportNarrative(TimeStampedModel):
    """The coordinators' own words introducing an objective in the annual report of one period."""

    convention = models.ForeignKey(
        "territories.Convention", verbose_name="convention", on_delete=models.CASCADE, related_name="narratives"
    )
    objective = models.ForeignKey(
        "territories.Objective", verbose_name="objectif", on_delete=models.CASCADE, related_name="narratives"
    )
    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    text = models.TextField("introduction", validators=[validate_no_marking])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="écrite par", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "introduction du rapport"
        verbose_name_plural = "introductions du rapport"
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "objective", "period_start", "period_end"],
                name="report_narrative_once_per_period",
                violation_error_message="Cet objectif a déjà son introduction pour cette période.",
            )
        ]

    def __str__(self):
        return f"{self.objective} — {self.period_start:%d/%m/%Y} au {self.period_end:%d/%m/%Y}"


class Meeting(TimeStampedModel):
    convention = models.ForeignKey("territories.Convention", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("instance", max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField("date")
    participants = models.TextField("participants", blank=True, validators=[validate_no_marking])
    agenda = models.TextField("ordre du jour", blank=True, validators=[validate_no_marking])
    minutes = models.TextField("relevé de conclusions", blank=True, validators=[validate_no_marking])

    class Meta:
        verbose_name = "réunion"
        verbose_name_plural = "réunions"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"


class Decision(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("décision", validators=[validate_no_marking])

    class Meta:
        verbose_name = "décision"
        verbose_name_plural = "décisions"
        ordering = ["meeting", "id"]

    def __str__(self):
        return self.text[:80]


class SteeringImport(TimeStampedModel):
    """A bulk update read from a CSV/XLSX file, shown as a preview before anything is written."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "à confirmer"
        DONE = "done", "appliqué"

    convention = models.ForeignKey("territories.Convention", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("contenu", max_length=10)  # "actions" or "values"
    file_name = models.CharField("fichier", max_length=255)
    rows = models.JSONField("lignes lues", default=list)
    errors = models.JSONField("erreurs", default=list)
    notes = models.JSONField("remarques sur le fichier", default=list, blank=True)  # e.g. converted from Windows-1252
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "import de pilotage"
        verbose_name_plural = "imports de pilotage"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
