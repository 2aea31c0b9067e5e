from django.db import models


class FileStatus(models.TextChoices):
    """The overall state of a reserve candidate file (see workflow.py)."""

    RECEIVED = "received", "reçue"
    PRESELECTED = "preselected", "présélectionnée"
    APPOINTMENT = "appointment", "entretien ou visite médicale planifié"
    CONTRACT = "contract", "contrat en cours"
    ACTIVE = "active", "réserviste sous contrat"
    WITHDRAWN = "withdrawn", "retirée"
    REFUSED = "refused", "refusée"


OPEN_FILE_STATUSES = (FileStatus.RECEIVED, FileStatus.PRESELECTED, FileStatus.APPOINTMENT, FileStatus.CONTRACT)
CLOSED_FILE_STATUSES = (FileStatus.ACTIVE, FileStatus.WITHDRAWN, FileStatus.REFUSED)


class ContractStatus(models.TextChoices):
    NONE = "", "pas encore de contrat"
    DRAFT = "draft", "en préparation"
    SENT = "sent", "envoyé au candidat"
    SIGNED = "signed", "signé"


class AppointmentKind(models.TextChoices):
    INTERVIEW = "interview", "entretien"
    MEDICAL = "medical", "visite médicale d'aptitude"


class DocumentStatus(models.TextChoices):
    TO_PROVIDE = "to_provide", "à fournir"
    WAITING = "waiting", "en attente de validation"
    TO_CORRECT = "to_correct", "à corriger"
    VALIDATED = "validated", "validé"
    REFUSED = "refused", "refusé"


# A file is complete when none of its documents is still expected from the candidate.
DOCUMENT_STATUSES_EXPECTED_FROM_CANDIDATE = (DocumentStatus.TO_PROVIDE, DocumentStatus.TO_CORRECT)


class CommitmentKind(models.TextChoices):
    RESERVE_CONVENTION = "reserve_convention", "convention de soutien à la réserve opérationnelle"
    DEFENCE_PARTNER_LABEL = "defence_partner_label", "label « partenaire de la défense nationale »"
    SPOUSE_PLEDGE = "spouse_pledge", "engagement pour l'emploi des conjoints de militaires"
    YOUTH_INTERNSHIPS = "youth_internships", "stages proposés aux jeunes"


class CommitmentStage(models.TextChoices):
    """Where an employer's commitment stands in the pipeline that coordinators follow."""

    INTERESTED = "interested", "intéressée"
    SIGNED = "signed", "signée ou attribuée"
    ENDED = "ended", "terminée"


class YouthProgramme(models.TextChoices):
    CDSG = "cdsg", "classe de défense et de sécurité globales"
    CADETS = "cadets", "centre de cadets de la défense"
    MILITARY_PREPARATION = "military_preparation", "préparation militaire"
    INTERNSHIPS = "internships", "stages et alternances en entreprise de défense"
    YOUTH_DAY = "youth_day", "journée de la jeunesse"


class YouthActivityKind(models.TextChoices):
    VISIT = "visit", "visite de l'unité"
    CEREMONY = "ceremony", "cérémonie"
    INTERVENTION = "intervention", "intervention en classe"
    OTHER = "other", "autre activité"


class BookletSection(models.TextChoices):
    """The sections of a welcome booklet, in the order a family reads them."""

    ARRIVAL = "arrival", "contacts d'arrivée"
    HOUSING = "housing", "logement"
    SCHOOLS = "schools", "écoles et garde d'enfants"
    HEALTH = "health", "santé"
    ASSOCIATIONS = "associations", "associations"
    SPOUSE_EMPLOYMENT = "spouse_employment", "emploi du conjoint"
    RESERVE = "reserve", "réserve"
    YOUTH = "youth", "jeunesse"
