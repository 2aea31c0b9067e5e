"""Writes of the reserve: a mission's document checklist and age range, candidate files and their
documents, reminders, the closing of a file (its documents deleted then).

Every transition is one of workflow.py; every step leaves an audit entry and tells the candidate by
e-mail (notifications.py, sent once the write is committed)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from synergies.cohesion import perms
from synergies.cohesion.enums import DOCUMENT_STATUSES_EXPECTED_FROM_CANDIDATE, DocumentStatus, FileStatus
from synergies.cohesion.models import CandidateDocument, CandidateFile, MissionTerms, RequiredDocument
from synergies.cohesion.workflow import (
    CLOSING_STATUSES,
    DOCUMENT_TRANSITIONS,
    FILE_TRANSITIONS,
    REFERENT,
)
from synergies.core import audit
from synergies.core.documents import files_removed_on_error, validate_document
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse, refused_if_invalid
from synergies.core.tasks import enqueue_on_commit
from synergies.opportunities.enums import OpportunityKind

# The checklist a mission starts with, until its unit changes it.
DEFAULT_CHECKLIST = (
    ("Pièce d'identité", "Carte nationale d'identité ou passeport en cours de validité, en PDF."),
    ("Justificatif de domicile", "De moins de trois mois."),
    ("Certificat de participation à la JDC", "Journée défense et citoyenneté (ou attestation de recensement)."),
    ("Curriculum vitae", ""),
)
REMINDER_INTERVAL = datetime.timedelta(hours=24)


def _notify(candidate_file: CandidateFile, step: str, **extra) -> None:
    from synergies.cohesion.tasks import send_file_email

    enqueue_on_commit(send_file_email, file_id=candidate_file.pk, step=step, **extra)


def _check_reserve_mission(mission) -> None:
    if mission.kind != OpportunityKind.RESERVE_MISSION:
        raise ApplicationError("Seules les missions de réserve reçoivent des dossiers de candidature.")


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# ── The mission's checklist ──────────────────────────────────────────────────────────────────────


def mission_terms(mission) -> MissionTerms:
    """The mission's age range (the default one, unsaved, until the unit sets it)."""
    return getattr(mission, "reserve_terms", None) or MissionTerms(mission=mission)


def checklist_of(mission) -> list:
    """The documents the mission asks for (the default checklist until the unit sets one)."""
    documents = list(mission.required_documents.all())
    if documents:
        return documents
    return [
        RequiredDocument(mission=mission, name=name, help_text=help_text, position=i)
        for i, (name, help_text) in enumerate(DEFAULT_CHECKLIST)
    ]


@transaction.atomic
def checklist_save(*, actor, mission, documents: list[tuple[str, str]], minimum_age: int, maximum_age: int | None):
    """Replace the mission's checklist and age range. Open files keep the documents they were asked."""
    _check_reserve_mission(mission)
    if not perms.is_referent(actor, mission):
        raise ApplicationError("Seule l'unité qui publie la mission fixe les pièces demandées.")
    documents = [(name.strip(), (help_text or "").strip()) for name, help_text in documents if name and name.strip()]
    if not documents:
        raise ApplicationError("Demandez au moins une pièce.")
    if len({name.casefold() for name, _ in documents}) != len(documents):
        raise ApplicationError("Une même pièce est demandée deux fois.")
    terms = mission_terms(mission)
    terms.minimum_age, terms.maximum_age = minimum_age, maximum_age
    full_clean_or_refuse(terms, exclude=["mission"])
    terms.save()
    mission.required_documents.all().delete()
    for position, (name, help_text) in enumerate(documents):
        document = RequiredDocument(mission=mission, name=name, help_text=help_text, position=position)
        full_clean_or_refuse(document, exclude=["mission"])
        document.save()
    audit.record(
        actor=actor,
        action="reserve_checklist_saved",
        target=mission,
        territory=mission.territory,
        changes={"documents": [None, [name for name, _ in documents]], "ages": [None, [minimum_age, maximum_age]]},
    )
    return terms


# ── Candidate files ──────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def file_create(
    *,
    actor,
    mission,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    conditions_confirmed: bool,
    phone: str = "",
    employer=None,
    now=None,
) -> CandidateFile:
    """A person applies: the public criteria confirmed (only that statement is kept, as a date), the
    age checked against the mission's range, one open file per person and mission."""
    now = now or timezone.now()
    _check_reserve_mission(mission)
    if not getattr(actor, "is_authenticated", False):
        raise ApplicationError(
            "Connectez-vous pour déposer une candidature : vous suivrez votre dossier depuis votre compte."
        )
    if not mission.is_open:
        raise ApplicationError("Cette mission ne reçoit plus de candidatures.")
    if not conditions_confirmed:
        raise ApplicationError(
            "Cochez « Je remplis les conditions » après avoir lu les conditions d'accès à la réserve."
        )
    if birth_date is None:
        raise ApplicationError("La date de naissance est obligatoire : elle permet de vérifier l'âge demandé.")
    terms = mission_terms(mission)
    age = age_on(birth_date, timezone.localdate(now))
    if age < terms.minimum_age:
        raise ApplicationError(f"Cette mission est ouverte à partir de {terms.minimum_age} ans (vous avez {age} ans).")
    if terms.maximum_age and age > terms.maximum_age:
        raise ApplicationError(f"Cette mission est ouverte jusqu'à {terms.maximum_age} ans (vous avez {age} ans).")
    if (
        CandidateFile.objects.filter(mission=mission, candidate=actor)
        .exclude(status__in=[FileStatus.WITHDRAWN, FileStatus.REFUSED])
        .exists()
    ):
        raise ApplicationError("Vous avez déjà un dossier de candidature pour cette mission.")
    candidate_file = CandidateFile(
        mission=mission,
        candidate=actor,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=actor.email,
        phone=(phone or "").strip(),
        birth_date=birth_date,
        conditions_confirmed_at=now,
        status_changed_at=now,
        employer=employer,
    )
    full_clean_or_refuse(candidate_file, exclude=["candidate", "mission", "employer"])
    try:
        with transaction.atomic():
            candidate_file.save()
    except IntegrityError as exc:
        raise ApplicationError("Vous avez déjà un dossier de candidature pour cette mission.") from exc
    CandidateDocument.objects.bulk_create(
        CandidateDocument(candidate_file=candidate_file, name=d.name, help_text=d.help_text, position=d.position)
        for d in checklist_of(mission)
    )
    audit.record(actor=actor, action="candidate_file_created", target=candidate_file, territory=mission.territory)
    _notify(candidate_file, "created")
    return candidate_file


@transaction.atomic
def employer_set(*, actor, candidate_file: CandidateFile, employer) -> CandidateFile:
    """The candidate names their employer (a directory organisation), or stops naming it (None)."""
    if not perms.is_candidate(actor, candidate_file):
        raise ApplicationError("Seul le candidat indique son employeur.")
    before = candidate_file.employer_id
    candidate_file.employer = employer
    candidate_file.save(update_fields=["employer", "updated_at"])
    audit.record(
        actor=actor,
        action="candidate_employer_set",
        target=candidate_file,
        territory=candidate_file.mission.territory,
        changes={"employer": [before, employer.pk if employer else None]},
    )
    return candidate_file


def _close(candidate_file: CandidateFile, now) -> None:
    """A closed file keeps no document: the files are deleted from the storage, the rows keep their
    names and states for the history."""
    candidate_file.closed_at = now
    for document in candidate_file.documents.exclude(file=""):
        name, storage = document.file.name, document.file.storage
        document.file = ""
        document.save(update_fields=["file", "updated_at"])
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


@transaction.atomic
def file_transition(
    *,
    actor,
    candidate_file: CandidateFile,
    name: str,
    reason: str = "",
    appointment_kind: str = "",
    appointment_at: datetime.datetime | None = None,
    appointment_place: str = "",
    now=None,
) -> CandidateFile:
    transition = FILE_TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError("Action inconnue.")
    now = now or timezone.now()
    candidate_file = (
        CandidateFile.objects.select_for_update().select_related("mission__territory").get(pk=candidate_file.pk)
    )
    allowed = (
        perms.is_referent(actor, candidate_file.mission)
        if transition.by == REFERENT
        else perms.is_candidate(actor, candidate_file)
    )
    if not allowed:
        raise ApplicationError(
            "Seuls les référents de l'unité décident d'une candidature."
            if transition.by == REFERENT
            else "Seul le candidat agit ainsi sur son dossier."
        )
    if candidate_file.status not in transition.sources or (
        transition.contract_sources and candidate_file.contract_status not in transition.contract_sources
    ):
        raise ApplicationError(f"Impossible depuis l'état « {candidate_file.get_status_display()} » de ce dossier.")
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise ApplicationError(transition.reason_required)
    if transition.needs_complete_documents:
        pending = candidate_file.documents.exclude(status=DocumentStatus.VALIDATED).values_list("name", flat=True)
        if pending:
            raise ApplicationError(
                "Toutes les pièces doivent être validées avant le contrat ; reste : " + ", ".join(pending) + "."
            )
    changes = {}
    if transition.needs_appointment:
        if not appointment_kind or appointment_at is None:
            raise ApplicationError("Indiquez la nature et la date du rendez-vous.")
        if appointment_at <= now:
            raise ApplicationError("La date du rendez-vous est passée.")
        candidate_file.appointment_kind, candidate_file.appointment_at = appointment_kind, appointment_at
        candidate_file.appointment_place = (appointment_place or "").strip()
        changes["appointment"] = [None, f"{appointment_kind} {appointment_at.isoformat()}"]
    before = candidate_file.status
    if transition.target != before:
        candidate_file.status, candidate_file.status_changed_at = transition.target, now
        changes["status"] = [before, transition.target]
    if transition.contract_target is not None:
        changes["contract"] = [candidate_file.contract_status, transition.contract_target]
        candidate_file.contract_status = transition.contract_target
        if transition.contract_target == "sent":
            candidate_file.contract_sent_at = now
        if transition.contract_target == "signed":
            candidate_file.contract_signed_at = now
    if reason:
        candidate_file.reason = reason
        changes["reason"] = [None, reason]
    full_clean_or_refuse(candidate_file, exclude=["candidate", "mission", "employer"])
    if transition.target in CLOSING_STATUSES:
        _close(candidate_file, now)
    candidate_file.save()
    audit.record(
        actor=actor,
        action=f"candidate_file_{name}",
        target=candidate_file,
        territory=candidate_file.mission.territory,
        changes=changes,
    )
    _notify(candidate_file, name)
    return candidate_file


# ── Documents ────────────────────────────────────────────────────────────────────────────────────


def _open_file_or_refuse(document: CandidateDocument) -> CandidateFile:
    candidate_file = document.candidate_file
    if not candidate_file.is_open:
        raise ApplicationError("Ce dossier est clos : ses pièces ne changent plus.")
    return candidate_file


@transaction.atomic
def document_upload(*, actor, document: CandidateDocument, uploaded_file, now=None) -> CandidateDocument:
    """The candidate provides a piece (again, when it was sent back): checked for its type, size and
    markings, stored privately under a random name; the previous file is deleted."""
    now = now or timezone.now()
    document = (
        CandidateDocument.objects.select_for_update().select_related("candidate_file__mission").get(pk=document.pk)
    )
    candidate_file = _open_file_or_refuse(document)
    if not perms.is_candidate(actor, candidate_file):
        raise ApplicationError("Seul le candidat dépose les pièces de son dossier.")
    if document.status not in DOCUMENT_TRANSITIONS["upload"].sources:
        raise ApplicationError(f"Cette pièce est « {document.get_status_display()} » : elle ne se dépose plus.")
    with refused_if_invalid(field="file"):
        kind = validate_document(uploaded_file)
    previous = document.file.name if document.file else ""
    with files_removed_on_error() as stored:
        document.file.save(uploaded_file.name, uploaded_file, save=False)
        stored.append(document.file)
        document.original_name = uploaded_file.name[:255]
        document.content_type, document.size = kind.content_type, uploaded_file.size
        before = document.status
        document.status, document.uploaded_at, document.reviewed_at = DocumentStatus.WAITING, now, None
        document.save()
        audit.record(
            actor=actor,
            action="candidate_document_uploaded",
            target=candidate_file,
            territory=candidate_file.mission.territory,
            changes={"document": [None, document.name], "status": [before, document.status]},
        )
    if previous:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return document


@transaction.atomic
def document_review(*, actor, document: CandidateDocument, name: str, comment: str = "", now=None) -> CandidateDocument:
    transition = DOCUMENT_TRANSITIONS.get(name)
    if transition is None or transition.by != REFERENT:
        raise ApplicationError("Action inconnue.")
    now = now or timezone.now()
    document = (
        CandidateDocument.objects.select_for_update()
        .select_related("candidate_file__mission__territory")
        .get(pk=document.pk)
    )
    candidate_file = _open_file_or_refuse(document)
    if not perms.is_referent(actor, candidate_file.mission):
        raise ApplicationError("Seuls les référents de l'unité examinent les pièces.")
    if document.status not in transition.sources:
        raise ApplicationError(f"Impossible depuis l'état « {document.get_status_display()} » de cette pièce.")
    comment = (comment or "").strip()
    if transition.comment_required and not comment:
        raise ApplicationError(transition.comment_required)
    before = document.status
    document.status, document.reviewed_at = transition.target, now
    document.comment = comment
    full_clean_or_refuse(document, exclude=["candidate_file", "file"])
    document.save()
    audit.record(
        actor=actor,
        action=f"candidate_document_{name}",
        target=candidate_file,
        territory=candidate_file.mission.territory,
        changes={"document": [None, document.name], "status": [before, document.status]},
    )
    if name in ("send_back", "refuse"):
        _notify(candidate_file, f"document_{name}", document_id=document.pk)
    return document


def is_incomplete(candidate_file) -> bool:
    return candidate_file.documents.filter(status__in=DOCUMENT_STATUSES_EXPECTED_FROM_CANDIDATE).exists()


@transaction.atomic
def reminders_send(*, actor, files, now=None) -> int:
    """One click: remind each candidate whose open file still lacks a piece, at most once a day."""
    now = now or timezone.now()
    sent = 0
    for candidate_file in files:
        if not perms.is_referent(actor, candidate_file.mission):
            raise ApplicationError("Seuls les référents de l'unité relancent ses candidats.")
        if not candidate_file.is_open or not is_incomplete(candidate_file) or candidate_file.anonymised:
            continue
        if candidate_file.reminded_at and now - candidate_file.reminded_at < REMINDER_INTERVAL:
            continue
        candidate_file.reminded_at = now
        candidate_file.save(update_fields=["reminded_at", "updated_at"])
        audit.record(
            actor=actor,
            action="candidate_file_reminded",
            target=candidate_file,
            territory=candidate_file.mission.territory,
        )
        _notify(candidate_file, "reminder")
        sent += 1
    return sent


def retention_days() -> int:
    return settings.SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS
