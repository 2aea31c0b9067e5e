from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel
from synergies.core.visibility import Visibility
from synergies.territories.enums import PartyKind


class TerritoryQuerySet(models.QuerySet):
    def with_convention(self):
        return self.filter(conventions__isnull=False).distinct()


class Territory(TimeStampedModel):
    """A region (INSEE code) with which the ministry may sign a convention."""

    code = models.CharField("code INSEE de la région", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    slug = models.SlugField("identifiant d'URL", max_length=100, unique=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("territories:detail", kwargs={"slug": self.slug})

    @cached_property
    def department_codes(self) -> set[str]:
        return set(self.departments.values_list("code", flat=True))

    @property
    def current_convention(self):
        return self.conventions.order_by("-signed_on").first()


class Department(models.Model):
    code = models.CharField("code", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    territory = models.ForeignKey(
        Territory, verbose_name="territoire", on_delete=models.CASCADE, related_name="departments"
    )

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Convention(TimeStampedModel):
    territory = models.ForeignKey(
        Territory, verbose_name="territoire", on_delete=models.PROTECT, related_name="conventions"
    )
    slug = models.SlugField("identifiant d'URL", max_length=120, unique=True)
    title = models.CharField("intitulé", max_length=255, validators=[validate_no_marking])
    summary = models.TextField("présentation", blank=True, validators=[validate_no_marking])
    signed_on = models.DateField("date de signature")
    signed_at_place = models.CharField("lieu de signature", max_length=100, blank=True)
    starts_on = models.DateField("début de la période")
    ends_on = models.DateField("fin de la période", null=True, blank=True)
    period_note = models.CharField(
        "précision sur la période", max_length=255, blank=True, validators=[validate_no_marking]
    )
    source_url = models.URLField("source publique", blank=True)

    class Meta:
        verbose_name = "convention armées–territoire"
        verbose_name_plural = "conventions armées–territoire"
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="convention_period_ordered",
                violation_error_message="La fin de la période doit suivre son début.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("territories:convention", kwargs={"slug": self.slug})


class ConventionParty(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField("qualité", max_length=16, choices=PartyKind.choices)
    name = models.CharField("nom", max_length=255)
    represented_by = models.CharField("représenté par", max_length=255, blank=True)
    role = models.CharField("rôle dans la convention", max_length=255, blank=True, validators=[validate_no_marking])
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "partie à la convention"
        verbose_name_plural = "parties à la convention"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Objective(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=255, validators=[validate_no_marking])
    short_title = models.CharField("intitulé court", max_length=80, validators=[validate_no_marking])
    description = models.TextField("ce que l'objectif couvre", blank=True, validators=[validate_no_marking])
    themes = models.JSONField("axes", default=list, blank=True)

    class Meta:
        verbose_name = "objectif de la convention"
        verbose_name_plural = "objectifs de la convention"
        ordering = ["convention", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="unique_objective_number",
                violation_error_message="Cette convention a déjà un objectif portant ce numéro.",
            )
        ]

    def __str__(self):
        return f"Objectif {self.number} — {self.short_title}"


class ConventionDocumentQuerySet(models.QuerySet):
    def for_convention(self, convention):
        return self.filter(convention=convention)


class ConventionDocument(TimeStampedModel):
    """A non-classified document of the convention (signed text, minutes…), shown by visibility."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="documents")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+", editable=False)
    title = models.CharField("titre", max_length=255, validators=[validate_no_marking])
    file = models.FileField("fichier", upload_to="conventions/%Y/%m/")
    original_name = models.CharField("nom du fichier déposé", max_length=255)
    content_type = models.CharField("type", max_length=120)
    size = models.PositiveBigIntegerField("taille (octets)")
    visibility = models.CharField("visibilité", max_length=16, choices=Visibility.choices, default=Visibility.PARTNERS)
    restricted_to = models.ManyToManyField(
        "directory.Organisation", verbose_name="organisations désignées", blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ConventionDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document de la convention"
        verbose_name_plural = "documents de la convention"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.territory_id = self.convention.territory_id
        super().save(*args, **kwargs)
