from django.db import models
from django.urls import reverse

from synergies.core.models import TimeStampedModel
from synergies.directory.enums import OrganisationKind


class OrganisationQuerySet(models.QuerySet):
    def for_territory(self, territory):
        return self.filter(territory=territory)


class Organisation(TimeStampedModel):
    """An actor of the regional defence ecosystem (an establishment, for companies)."""

    name = models.CharField("nom", max_length=255)
    kind = models.CharField("type", max_length=32, choices=OrganisationKind.choices)
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="organisations"
    )
    siret = models.CharField("SIRET", max_length=14, unique=True, null=True, blank=True)
    ref = models.CharField("référence d'import", max_length=64, unique=True, null=True, blank=True)
    commune_insee = models.CharField("commune (code INSEE)", max_length=5, blank=True)
    city = models.CharField("commune", max_length=100, blank=True)
    department = models.CharField("département", max_length=3, blank=True)
    website = models.URLField("site web", blank=True)
    description = models.TextField("présentation", blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:members", kwargs={"pk": self.pk})
