"""Reads of the cohesion app, each filtered for the person who reads."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from synergies.cohesion import perms
from synergies.cohesion.enums import DOCUMENT_STATUSES_EXPECTED_FROM_CANDIDATE, FileStatus
from synergies.cohesion.models import Booklet, CandidateDocument, CandidateFile, YouthPartnership
from synergies.opportunities.enums import OpportunityKind

BOARD_PAGE_SIZE = 50


def referent_files(user):
    condition = perms.referent_file_filter(user)
    if condition is None:
        return CandidateFile.objects.none()
    return CandidateFile.objects.filter(condition)


def referent_missions(user):
    from synergies.opportunities.models import Opportunity

    condition = perms.referent_condition(user)
    if condition is None:
        return Opportunity.objects.none()
    return Opportunity.objects.filter(kind=OpportunityKind.RESERVE_MISSION).filter(condition)


def my_files(user):
    if not user.is_authenticated:
        return CandidateFile.objects.none()
    return CandidateFile.objects.filter(candidate=user).select_related("mission__publisher").order_by("-created_at")


def incomplete_annotation():
    return Exists(
        CandidateDocument.objects.filter(
            candidate_file=OuterRef("pk"), status__in=DOCUMENT_STATUSES_EXPECTED_FROM_CANDIDATE
        )
    )


def waiting_annotation():
    return Exists(CandidateDocument.objects.filter(candidate_file=OuterRef("pk"), status="waiting"))


@dataclass
class BoardQuery:
    status: str = ""
    mission: int | None = None
    incomplete: bool = False
    to_review: bool = False
    older_than_days: int | None = None
    text: str = ""

    @classmethod
    def from_params(cls, params) -> "BoardQuery":
        def number(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        status = params.get("etat", "")
        return cls(
            status=status if status in FileStatus.values else "",
            mission=number("mission"),
            incomplete=params.get("incomplet") == "1",
            to_review=params.get("a_examiner") == "1",
            older_than_days=number("depuis"),
            text=(params.get("q") or "").strip()[:80],
        )


def board(user, query: BoardQuery, now=None):
    """The referents' files, filtered; open files first, the oldest state change first."""
    now = now or timezone.now()
    files = referent_files(user).annotate(incomplete=incomplete_annotation(), to_review=waiting_annotation())
    if query.status:
        files = files.filter(status=query.status)
    else:
        files = files.filter(closed_at__isnull=True)
    if query.mission:
        files = files.filter(mission_id=query.mission)
    if query.incomplete:
        files = files.filter(incomplete=True)
    if query.to_review:
        files = files.filter(to_review=True)
    if query.older_than_days:
        files = files.filter(status_changed_at__lte=now - datetime.timedelta(days=query.older_than_days))
    if query.text:
        files = files.filter(
            Q(last_name__icontains=query.text) | Q(first_name__icontains=query.text) | Q(email__icontains=query.text)
        )
    return files.select_related("mission").order_by("status_changed_at", "id")


def board_counts(user) -> dict[str, int]:
    rows = referent_files(user).values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in FileStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


# ── Booklets, youth ──────────────────────────────────────────────────────────────────────────────


def booklets_published():
    return Booklet.objects.filter(published=True).select_related("unit", "territory")


def booklet_for(user, slug):
    booklet = Booklet.objects.select_related("unit", "territory").filter(slug=slug).first()
    if booklet is None or not (booklet.published or perms.can_edit_booklet(user, booklet)):
        return None
    return booklet


def booklets_editable(user):
    from synergies.accounts.roles import roles_of

    roles = roles_of(user)
    if not roles.is_authenticated:
        return Booklet.objects.none()
    if roles.is_admin:
        return Booklet.objects.all()
    condition = Q(territory_id__in=roles.coordinator_territory_ids) | Q(unit_id__in=roles.member_organisation_ids)
    for territory_id, organisation_id in roles.agent_pairs:
        condition |= Q(territory_id=territory_id, unit_id=organisation_id)
    return Booklet.objects.filter(condition)


def partnerships_visible_to(user):
    condition = perms.partnership_filter(user)
    if condition is None:
        return YouthPartnership.objects.none()
    return YouthPartnership.objects.filter(condition)


def youth_public_counts(territory=None, today=None) -> dict:
    """What the public sees: counts by programme and by commune, never a school's or a pupil's name."""
    today = today or timezone.localdate()
    current = YouthPartnership.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    if territory is not None:
        current = current.filter(territory=territory)
    by_programme = list(
        current.values("programme").annotate(n=Count("id"), young=Sum("young_people")).order_by("programme")
    )
    by_commune = list(
        current.exclude(commune_insee="")
        .values("commune_insee", "city", "department")
        .annotate(n=Count("id"), young=Sum("young_people"))
        .order_by("city")
    )
    return {
        "partnerships": sum(row["n"] for row in by_programme),
        "young_people": sum(row["young"] or 0 for row in by_programme),
        "by_programme": by_programme,
        "by_commune": by_commune,
    }
