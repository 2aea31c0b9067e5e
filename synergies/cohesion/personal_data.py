"""The cohesion app's part of a person's data (see core.personal_data), and its retention.

- A candidate file closes (active, refused, withdrawn): its documents are deleted at once (reserve.py).
  SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS later, the person's name, e-mail, phone and birth date are
  erased: what stays (mission, states, dates) is what the convention's indicators count.
- A spouse's profile not updated for SYNERGIES_RETENTION_SPOUSE_PROFILE_DAYS is deleted.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from synergies.cohesion.enums import FileStatus
from synergies.cohesion.models import ArrivalPlan, CandidateFile, SpouseProfile
from synergies.core import audit, personal_data

ERASED_NAME = "Candidat anonymisé"


def _collect(user) -> dict:
    return {
        "candidate_files": [
            {
                "mission": f.mission.title,
                "first_name": f.first_name,
                "last_name": f.last_name,
                "email": f.email,
                "phone": f.phone,
                "birth_date": f.birth_date.isoformat() if f.birth_date else None,
                "status": f.status,
                "contract": f.contract_status,
                "employer": str(f.employer or ""),
                "documents": [{"name": d.name, "status": d.status, "file": d.original_name} for d in f.documents.all()],
                "created_at": f.created_at.isoformat(),
            }
            for f in CandidateFile.objects.filter(candidate=user).select_related("mission", "employer")
        ],
        "spouse_profile": [
            {
                "display_name": p.display_name,
                "skills": p.skills,
                "wanted_departments": p.wanted_departments,
                "available_on": p.available_on.isoformat() if p.available_on else None,
                "wanted_contracts": p.wanted_contracts,
            }
            for p in SpouseProfile.objects.filter(user=user)
        ],
        "arrival_plans": [
            {"booklet": p.booklet.title, "arrival_on": p.arrival_on.isoformat()}
            for p in ArrivalPlan.objects.filter(user=user).select_related("booklet")
        ],
    }


def _anonymise(files) -> int:
    count = 0
    for candidate_file in files:
        for document in candidate_file.documents.exclude(file=""):
            name, storage = document.file.name, document.file.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        candidate_file.documents.update(file="", original_name="", comment="")
        candidate_file.first_name, candidate_file.last_name = ERASED_NAME, ""
        candidate_file.email = f"anonyme-{candidate_file.pk}@invalid"
        candidate_file.phone, candidate_file.birth_date, candidate_file.reason = "", None, ""
        candidate_file.appointment_place = ""
        candidate_file.candidate, candidate_file.employer, candidate_file.anonymised = None, None, True
        candidate_file.save()
        count += 1
    return count


@transaction.atomic
def apply_retention(*, now=None) -> dict:
    """Applied daily by the scheduler."""
    now = now or timezone.now()
    files_limit = now - datetime.timedelta(days=settings.SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS)
    files = _anonymise(CandidateFile.objects.filter(closed_at__lt=files_limit, anonymised=False).select_for_update())
    profiles_limit = now - datetime.timedelta(days=settings.SYNERGIES_RETENTION_SPOUSE_PROFILE_DAYS)
    profiles, _ = SpouseProfile.objects.filter(updated_at__lt=profiles_limit).delete()
    if files or profiles:
        audit.record(
            actor=None,
            action="cohesion_retention_applied",
            changes={"candidate_files": files, "spouse_profiles": profiles},
        )
    return {"candidate_files": files, "spouse_profiles": profiles}


def _erase(user) -> None:
    """A deleted account: its open files are withdrawn, every file of the person anonymised, the
    profile and arrival plans deleted."""
    now = timezone.now()
    mine = CandidateFile.objects.filter(candidate=user)
    mine.filter(closed_at__isnull=True).update(status=FileStatus.WITHDRAWN, status_changed_at=now, closed_at=now)
    _anonymise(mine)
    SpouseProfile.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register("cohesion", _collect, erase=_erase)
