from django.db import models


class OrganisationKind(models.TextChoices):
    """Values are the vocabulary of every exchange format (imports, exports, API, CLI)."""

    COMPANY = "entreprise", "entreprise"
    LABORATORY = "laboratoire", "laboratoire"
    SCHOOL = "etablissement_enseignement", "établissement d'enseignement"
    CLUSTER = "pole_cluster", "pôle ou cluster"
    MILITARY_UNIT = "unite_militaire", "unité militaire"
    STATE_SERVICE = "service_etat", "service de l'État"
    ASSOCIATION = "association", "association"
    LOCAL_AUTHORITY = "collectivite", "collectivité"


KIND_LABELS = dict(OrganisationKind.choices)

# Who answers a subcontracting or research need: not the buyers (units, State services, local
# authorities) nor the clusters, which gather suppliers but do not deliver.
SUPPLIER_KINDS = (
    OrganisationKind.COMPANY,
    OrganisationKind.LABORATORY,
    OrganisationKind.SCHOOL,
    OrganisationKind.ASSOCIATION,
)


class OrganisationSource(models.TextChoices):
    SIRENE = "sirene", "registre SIRENE"
    CURATED = "liste", "liste importée"
    MANUAL = "saisie", "saisie"
    DEMO = "demo", "démonstration"
