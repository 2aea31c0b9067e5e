from django.db import models


class OpportunityKind(models.TextChoices):
    SUBCONTRACTING = "subcontracting", "besoin de sous-traitance"
    RESEARCH = "research", "besoin de recherche et d'innovation"
    CALL_FOR_PROJECTS = "call_for_projects", "appel à projets"
    COLLABORATIVE_PROJECT = "collaborative_project", "projet collaboratif cherchant des partenaires"
    RECRUITMENT = "recruitment", "offre de recrutement"
    RESERVE_MISSION = "reserve_mission", "mission de réserve"


# Kinds on which organisations look for partners and apply together.
PARTNERING_KINDS = frozenset({OpportunityKind.CALL_FOR_PROJECTS, OpportunityKind.COLLABORATIVE_PROJECT})
# Needs of the defence that suppliers answer (subcontracting, research and innovation).
NEED_KINDS = frozenset({OpportunityKind.SUBCONTRACTING, OpportunityKind.RESEARCH})
# Kinds to which a person answers for themself (a candidate), not on behalf of an organisation.
PERSONAL_KINDS = frozenset({OpportunityKind.RECRUITMENT, OpportunityKind.RESERVE_MISSION})


class ContractType(models.TextChoices):
    JOB = "job", "emploi"
    INTERNSHIP = "internship", "stage"
    APPRENTICESHIP = "apprenticeship", "alternance"


class ReserveType(models.TextChoices):
    OPERATIONAL = "operational", "réserve opérationnelle"
    CITIZEN = "citizen", "réserve citoyenne"


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    PUBLISHED = "published", "publiée"
    CLOSED = "closed", "clôturée"
    AWARDED = "awarded", "attribuée"
    NO_FOLLOW_UP = "no_follow_up", "sans suite"
    CANCELLED = "cancelled", "annulée"


class ResponseKind(models.TextChoices):
    INTEREST = "interest", "manifestation d'intérêt"
    APPLICATION = "application", "candidature"


class ResponseStatus(models.TextChoices):
    RECEIVED = "received", "reçue"
    UNDER_REVIEW = "under_review", "en cours d'examen"
    SHORTLISTED = "shortlisted", "présélectionnée"
    ACCEPTED = "accepted", "retenue"
    DECLINED = "declined", "non retenue"
    WITHDRAWN = "withdrawn", "retirée"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "chaque jour"
    WEEKLY = "weekly", "chaque semaine"
