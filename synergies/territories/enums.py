from django.db import models


class PartyKind(models.TextChoices):
    REGION = "region", "Région (signataire)"
    STATE = "state", "État (signataire)"
    SUPPORT = "support", "partenaire associé"
