from django.db import models

# ISO weekdays (1 = Monday), as a resource's opening days are stored.
WEEKDAY_NAMES = {1: "lundi", 2: "mardi", 3: "mercredi", 4: "jeudi", 5: "vendredi", 6: "samedi", 7: "dimanche"}


class ResourceKind(models.TextChoices):
    BASIN = "basin", "bassin"
    CHAMBER = "chamber", "chambre ou caisson d'essai"
    TEST_BENCH = "test_bench", "banc d'essai"
    CYBER_RANGE = "cyber_range", "cyber range"
    MACHINE = "machine", "machine ou équipement"
    LABORATORY = "laboratory", "laboratoire"
    OTHER = "other", "autre"


class UserCategory(models.TextChoices):
    """The categories of user an operator gives an indicative tariff for."""

    SME = "sme", "PME et ETI"
    LAB = "lab", "laboratoire ou école"
    LARGE_COMPANY = "large_company", "grande entreprise"
    STATE = "state", "services de l'État"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    SUBMITTED = "submitted", "envoyée"
    FEASIBILITY = "feasibility", "étude de faisabilité"
    INFORMATION_REQUESTED = "information_requested", "informations demandées"
    ACCEPTED = "accepted", "acceptée"
    REFUSED = "refused", "refusée"
    WITHDRAWN = "withdrawn", "retirée"
    CLOSED = "closed", "clôturée"


class BookingStatus(models.TextChoices):
    HELD = "held", "retenu (demande en cours)"
    BOOKED = "booked", "réservé"
    CHECKED_IN = "checked_in", "présence confirmée"
    USED = "used", "utilisation enregistrée"
    NO_SHOW = "no_show", "absence"
    RELEASED = "released", "libéré (non confirmé)"
    CANCELLED = "cancelled", "annulé"


# The bookings that hold their slot (the database's exclusion constraint uses the same list).
HOLDING_STATUSES = (BookingStatus.HELD, BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.USED)
# The bookings that draw on an allocation's hours.
CONSUMING_STATUSES = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.USED, BookingStatus.NO_SHOW)
