from django.db import models


class OrganisationRole(models.TextChoices):
    MEMBER = "member", "membre"
    ADMIN = "admin", "administrateur de l'organisation"


class TerritoryRoleKind(models.TextChoices):
    DEFENCE_AGENT = "defence_agent", "agent défense"
    COORDINATOR = "coordinator", "coordinateur du territoire"


class Party(models.TextChoices):
    """The two signatories of a convention, between which indicator values are cross-validated."""

    REGION = "region", "Région"
    STATE = "state", "État (ministère des Armées)"


class InvitationKind(models.TextChoices):
    ORGANISATION = "organisation", "membre d'une organisation"
    TERRITORY = "territory", "rôle dans un territoire"
