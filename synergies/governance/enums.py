from django.db import models


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "prévue"
    IN_PROGRESS = "in_progress", "en cours"
    DONE = "done", "réalisée"
    ABANDONED = "abandoned", "abandonnée"


class Lead(models.TextChoices):
    """Who leads an action: a party, a ministry body in support, or a partner organisation."""

    REGION = "region", "Région"
    STATE = "state", "ministère des Armées"
    DGA = "dga", "DGA"
    AID = "aid", "AID"
    COMCYBER = "comcyber", "COMCYBER"
    PARTNER = "partner", "organisation partenaire"


class Direction(models.TextChoices):
    INCREASE = "increase", "à la hausse"
    DECREASE = "decrease", "à la baisse"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "mensuelle"
    QUARTERLY = "quarterly", "trimestrielle"
    YEARLY = "yearly", "annuelle"


class ValueStatus(models.TextChoices):
    PENDING = "pending", "à valider"
    VALIDATED = "validated", "validée"
    REJECTED = "rejected", "refusée"


class MeetingKind(models.TextChoices):
    STEERING = "steering", "comité de pilotage (COPIL)"
    TECHNICAL = "technical", "comité technique"
