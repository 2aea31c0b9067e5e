from django.db import models
from django.urls import reverse

from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel
from synergies.core.visibility import Visibility
from synergies.directory import reference
from synergies.directory.enums import OrganisationKind, OrganisationSource


class CapabilityDomain(models.Model):
    """A domain of the defence capability taxonomy (naval, cyber, AI and data…)."""

    slug = models.SlugField("identifiant", max_length=64, unique=True)
    name = models.CharField("nom", max_length=100)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "domaine de capacité"
        verbose_name_plural = "domaines de capacité"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Capability(models.Model):
    domain = models.ForeignKey(
        CapabilityDomain, verbose_name="domaine", on_delete=models.CASCADE, related_name="capabilities"
    )
    slug = models.SlugField("identifiant", max_length=64, unique=True)
    name = models.CharField("nom", max_length=150)
    synonyms = models.JSONField("synonymes", default=list, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "capacité"
        verbose_name_plural = "capacités"
        ordering = ["domain__position", "position", "name"]

    def __str__(self):
        return self.name


class Certification(models.Model):
    """A qualification buyers ask for (ISO 9001, EN 9100, PASSI…)."""

    slug = models.SlugField("identifiant", max_length=64, unique=True)
    name = models.CharField("nom", max_length=100)
    description = models.CharField("description", max_length=200, blank=True)
    aliases = models.JSONField("autres graphies", default=list, blank=True)

    class Meta:
        verbose_name = "certification"
        verbose_name_plural = "certifications"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Label(models.Model):
    """A recognition shown on a profile, e.g. « partenaire de la défense nationale »."""

    slug = models.SlugField("identifiant", max_length=64, unique=True)
    name = models.CharField("nom", max_length=150)
    description = models.CharField("description", max_length=300, blank=True)

    class Meta:
        verbose_name = "label"
        verbose_name_plural = "labels"
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def for_territory(self, territory):
        return self.filter(territory=territory)

    def not_merged(self):
        """Organisations that were not folded into another (a merged one only redirects)."""
        return self.filter(merged_into__isnull=True)

    def active(self):
        """Not merged and not closed: the organisations the directory, matching and indicators count."""
        return self.not_merged().filter(is_closed=False)


class Organisation(TimeStampedModel):
    """An actor of the regional defence ecosystem (an establishment, for companies).

    Fields under « SIRENE » are owned by the SIRENE import and refreshed by it; every other field is
    curated (by the organisation's members or the coordinators) and never overwritten by an import.
    """

    name = models.CharField("nom", max_length=255, validators=[validate_no_marking])
    kind = models.CharField("type", max_length=32, choices=OrganisationKind.choices)
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="organisations"
    )
    source = models.CharField(
        "origine", max_length=16, choices=OrganisationSource.choices, default=OrganisationSource.MANUAL
    )
    siret = models.CharField("SIRET", max_length=14, unique=True, null=True, blank=True)
    ref = models.CharField("référence d'import", max_length=64, unique=True, null=True, blank=True)
    # --- SIRENE
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True)
    legal_name = models.CharField("dénomination de l'unité légale", max_length=255, blank=True)
    acronym = models.CharField("sigle", max_length=50, blank=True)
    naf_code = models.CharField("code NAF", max_length=6, blank=True, db_index=True)
    headcount_band = models.CharField("tranche d'effectif", max_length=2, blank=True, db_index=True)
    headcount_year = models.PositiveSmallIntegerField("année de l'effectif", null=True, blank=True)
    category = models.CharField("catégorie d'entreprise", max_length=3, blank=True)
    legal_category = models.CharField("catégorie juridique", max_length=4, blank=True)
    is_headquarters = models.BooleanField("siège", null=True, blank=True)
    is_employer = models.BooleanField("employeur", null=True, blank=True)
    founded_on = models.DateField("date de création", null=True, blank=True)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune_insee = models.CharField("commune (code INSEE)", max_length=5, blank=True, db_index=True)
    city = models.CharField("commune", max_length=100, blank=True)
    department = models.CharField("département", max_length=3, blank=True, db_index=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    is_closed = models.BooleanField("fermé", default=False)
    sirene_hash = models.CharField("empreinte SIRENE", max_length=32, blank=True, editable=False)
    sirene_synced_at = models.DateTimeField("dernière mise à jour SIRENE", null=True, blank=True)
    # --- curated
    website = models.URLField("site web", blank=True)
    description = models.TextField("présentation", blank=True, validators=[validate_no_marking])
    defence_experience = models.TextField("expérience défense", blank=True, validators=[validate_no_marking])
    has_clearance = models.BooleanField(
        "habilitation déclarée", null=True, blank=True, help_text="Déclaration oui/non, sans aucun détail."
    )
    capabilities = models.ManyToManyField(
        Capability, verbose_name="capacités", blank=True, related_name="organisations"
    )
    keywords = models.JSONField("mots-clés", default=list, blank=True)
    labels = models.ManyToManyField(Label, verbose_name="labels", blank=True, related_name="organisations")
    merged_into = models.ForeignKey(
        "self", verbose_name="fusionnée dans", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    # Stems of every searchable text (see core/text.py), indexed by FTS5 / PostgreSQL full text.
    search_document = models.TextField("document de recherche", blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], name="directory_org_name_id"),
            models.Index(fields=["territory", "is_closed", "name", "id"], name="directory_org_list"),
            # The default page (open, not merged, by name): read in index order, even deep pages.
            models.Index(fields=["is_closed", "merged_into", "name", "id"], name="directory_org_open_by_name"),
            # Covering index of the filters and facets: counts read this narrow index, not the wide rows.
            models.Index(
                fields=[
                    "is_closed",
                    "merged_into",
                    "territory",
                    "department",
                    "kind",
                    "headcount_band",
                    "category",
                    "naf_code",
                    "commune_insee",
                    "has_clearance",
                ],
                name="directory_org_facets",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:detail", kwargs={"pk": self.pk})

    @property
    def naf_label(self):
        return reference.naf_label(self.naf_code)

    @property
    def headcount_label(self):
        return reference.headcount_bands().get(self.headcount_band, "")

    @property
    def category_label(self):
        return reference.company_categories().get(self.category, "")


class OrganisationCertification(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="certifications")
    certification = models.ForeignKey(Certification, verbose_name="certification", on_delete=models.PROTECT)
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    scope = models.CharField("périmètre", max_length=200, blank=True, validators=[validate_no_marking])

    class Meta:
        verbose_name = "certification d'une organisation"
        verbose_name_plural = "certifications des organisations"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "certification"], name="directory_org_cert_unique")
        ]

    def __str__(self):
        return f"{self.certification} — {self.organisation}"


class Contact(TimeStampedModel):
    """A person to reach at an organisation; who sees it follows its visibility level."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField("nom", max_length=150, validators=[validate_no_marking])
    role = models.CharField("fonction", max_length=150, blank=True, validators=[validate_no_marking])
    email = models.EmailField("adresse e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    visibility = models.CharField(
        "visibilité", max_length=16, choices=Visibility.choices, default=Visibility.REGISTERED
    )

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class ImportRun(TimeStampedModel):
    """One run of an import (SIRENE or a curated list), from the command line or a coordinator's page."""

    class Kind(models.TextChoices):
        SIRENE = "sirene", "registre SIRENE"
        ORGANISATIONS = "organisations", "liste d'organisations"

    class Status(models.TextChoices):
        QUEUED = "queued", "en attente"
        RUNNING = "running", "en cours"
        DONE = "done", "terminé"
        FAILED = "failed", "échec"

    kind = models.CharField("type", max_length=16, choices=Kind.choices)
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.CASCADE, related_name="import_runs"
    )
    started_by = models.ForeignKey(
        "accounts.User", verbose_name="lancé par", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("état", max_length=8, choices=Status.choices, default=Status.QUEUED)
    dry_run = models.BooleanField("simulation", default=False)
    parameters = models.JSONField("paramètres", default=dict, blank=True)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    phase = models.CharField("étape", max_length=200, blank=True)
    report = models.JSONField("compte rendu", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.created_at:%d/%m/%Y %H:%M}"


class ProfileClaim(TimeStampedModel):
    """A person asking to manage an existing profile; approved by a coordinator when the e-mail
    domain does not already prove the link."""

    class Status(models.TextChoices):
        PENDING = "pending", "en attente"
        APPROVED = "approved", "acceptée"
        REFUSED = "refused", "refusée"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="profile_claims")
    message = models.TextField("message au coordinateur", blank=True, validators=[validate_no_marking])
    status = models.CharField("état", max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="décidée par"
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "revendication de profil"
        verbose_name_plural = "revendications de profil"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="directory_one_pending_claim_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


class OrganisationRequest(TimeStampedModel):
    """A person whose organisation is missing from the directory asks for its creation; a coordinator of
    the territory creates it (the person becomes its administrator) or refuses with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", "en attente"
        APPROVED = "approved", "acceptée"
        REFUSED = "refused", "refusée"

    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="organisation_requests")
    name = models.CharField("nom de l'organisation", max_length=255, validators=[validate_no_marking])
    kind = models.CharField("type", max_length=32, choices=OrganisationKind.choices)
    siret = models.CharField("SIRET (si elle en a un)", max_length=14, blank=True)
    city = models.CharField("commune", max_length=100, validators=[validate_no_marking])
    website = models.URLField("site web", blank=True)
    message = models.TextField("message au coordinateur", blank=True, validators=[validate_no_marking])
    status = models.CharField("état", max_length=8, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField("motif du refus", max_length=300, blank=True, validators=[validate_no_marking])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation créée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="décidée par"
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "demande de création d'organisation"
        verbose_name_plural = "demandes de création d'organisation"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} (demande n° {self.pk})"


class DirectoryVersion(models.Model):
    """One row whose number changes with every write on the directory: the key of cached facet
    counts, shared by every process (web servers and the tasks worker)."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "version de l'annuaire"

    def __str__(self):
        return str(self.version)
