"""Cohesion through the API: reserve candidate files (the candidate's, the referents' board), their
transitions and documents; employers' commitments; youth counts and partnerships; booklets; spouses'
profiles for pledged employers — with the same services, selectors and permissions as the pages."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from synergies.api.auth import AUTHENTICATED, OptionalAuth, request_user
from synergies.cohesion import api_engagement, employers, perms, reserve, selectors, spouses
from synergies.cohesion.models import CandidateDocument, CandidateFile
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Organisation
from synergies.opportunities.enums import OpportunityKind
from synergies.opportunities.selectors import opportunity_for

router = Router(tags=["cohésion : réserve, employeurs, jeunesse, familles"])
MAX_PAGE_SIZE = 200


class DocumentOut(Schema):
    id: int
    name: str
    help_text: str
    status: str
    comment: str
    file_name: str
    uploaded_at: datetime.datetime | None

    @staticmethod
    def resolve_file_name(document):
        return document.original_name if document.file else ""


class CandidateFileOut(Schema):
    id: int
    mission_id: int
    mission_title: str
    first_name: str
    last_name: str
    email: str
    status: str
    status_changed_at: datetime.datetime
    contract_status: str
    appointment_kind: str
    appointment_at: datetime.datetime | None
    reason: str
    employer_id: int | None
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    documents: list[DocumentOut]

    @staticmethod
    def resolve_mission_title(candidate_file):
        return candidate_file.mission.title

    @staticmethod
    def resolve_documents(candidate_file):
        return list(candidate_file.documents.all())


class BoardFilters(Schema):
    """The board's filters, with the page's names."""

    etat: str = ""
    mission: str = ""
    incomplet: str = ""
    a_examiner: str = ""
    depuis: str = ""
    q: str = ""
    page: int = 1
    page_size: int = 50


class BoardPage(Schema):
    count: int
    page: int
    results: list[CandidateFileOut]


class ApplyIn(Schema):
    first_name: str
    last_name: str
    birth_date: datetime.date
    phone: str = ""
    conditions_confirmed: bool
    employer_id: int | None = None


class FileTransitionIn(Schema):
    action: str
    reason: str = ""
    appointment_kind: str = ""
    appointment_at: datetime.datetime | None = None
    appointment_place: str = ""


class DocumentReviewIn(Schema):
    action: str
    comment: str = ""


def _file(request, file_id) -> CandidateFile:
    candidate_file = CandidateFile.objects.select_related("mission__territory").filter(pk=file_id).first()
    if candidate_file is None or not perms.can_view_file(request.auth, candidate_file):
        raise Http404
    return candidate_file


@router.get(
    "/reserve-files", response=list[CandidateFileOut], auth=AUTHENTICATED, summary="Mes candidatures à la réserve"
)
def list_my_reserve_files(request):
    return list(selectors.my_files(request.auth).prefetch_related("documents")[:500])


@router.get(
    "/reserve-files/board", response=BoardPage, auth=AUTHENTICATED, summary="Les dossiers de mes missions (référents)"
)
def reserve_board(request, filters: Query[BoardFilters]):
    if not selectors.referent_missions(request.auth).exists():
        raise PermissionDenied
    query = selectors.BoardQuery.from_params(filters.dict())
    files = selectors.board(request.auth, query).prefetch_related("documents")
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = max(1, filters.page)
    return {"count": files.count(), "page": page, "results": list(files[(page - 1) * size : page * size])}


@router.get(
    "/reserve-files/{file_id}", response=CandidateFileOut, auth=AUTHENTICATED, summary="Un dossier de candidature"
)
def get_reserve_file(request, file_id: int):
    return _file(request, file_id)


@router.post(
    "/reserve-missions/{mission_id}/files",
    response={201: CandidateFileOut},
    auth=AUTHENTICATED,
    summary="Candidater à une mission",
)
def apply_to_reserve_mission(request, mission_id: int, payload: ApplyIn):
    mission = opportunity_for(request.auth, mission_id)
    if mission is None or mission.kind != OpportunityKind.RESERVE_MISSION:
        raise Http404
    employer = None
    if payload.employer_id is not None:
        employer = Organisation.objects.filter(pk=payload.employer_id).first()
        if employer is None:
            raise ApplicationError("Employeur inconnu de l'annuaire.")
    candidate_file = reserve.file_create(
        actor=request.auth,
        mission=mission,
        first_name=payload.first_name,
        last_name=payload.last_name,
        birth_date=payload.birth_date,
        phone=payload.phone,
        employer=employer,
        conditions_confirmed=payload.conditions_confirmed,
    )
    return Status(201, candidate_file)


@router.post(
    "/reserve-files/{file_id}/transition",
    response=CandidateFileOut,
    auth=AUTHENTICATED,
    summary="Faire avancer un dossier",
)
def transition_reserve_file(request, file_id: int, payload: FileTransitionIn):
    candidate_file = _file(request, file_id)
    return reserve.file_transition(
        actor=request.auth, candidate_file=candidate_file, name=payload.action, **payload.dict(exclude={"action"})
    )


def _document(request, document_id) -> CandidateDocument:
    document = (
        CandidateDocument.objects.select_related("candidate_file__mission__territory").filter(pk=document_id).first()
    )
    if document is None or not perms.can_view_file(request.auth, document.candidate_file):
        raise Http404
    return document


@router.post(
    "/reserve-documents/{document_id}/upload",
    response=DocumentOut,
    auth=AUTHENTICATED,
    summary="Déposer une pièce (candidat)",
)
def upload_reserve_document(request, document_id: int, file: File[UploadedFile]):
    return reserve.document_upload(actor=request.auth, document=_document(request, document_id), uploaded_file=file)


@router.post(
    "/reserve-documents/{document_id}/review",
    response=DocumentOut,
    auth=AUTHENTICATED,
    summary="Examiner une pièce (référents)",
)
def review_reserve_document(request, document_id: int, payload: DocumentReviewIn):
    return reserve.document_review(
        actor=request.auth, document=_document(request, document_id), name=payload.action, comment=payload.comment
    )


@router.get(
    "/reserve-missions/api-engagement", auth=OptionalAuth(), summary="Les missions publiques au format d'API Engagement"
)
def reserve_api_engagement_feed(request):
    return {"ok": True, "data": [api_engagement.mission(m) for m in api_engagement.missions()]}


# ── Employers ────────────────────────────────────────────────────────────────────────────────────


class CommitmentOut(Schema):
    id: int
    organisation_id: int
    kind: str
    stage: str
    signed_on: datetime.date | None
    valid_until: datetime.date | None
    days_granted: int | None
    reactivity_clause: bool
    places: int | None


class CommitmentIn(Schema):
    kind: str
    stage: str = "interested"
    signed_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    days_granted: int | None = None
    reactivity_clause: bool = False
    places: int | None = None
    note: str = ""


@router.get(
    "/employers/{organisation_id}/commitments",
    response=list[CommitmentOut],
    auth=OptionalAuth(),
    summary="Les engagements d'un employeur (en vigueur ; tous pour l'organisation et les coordinateurs)",
)
def list_commitments(request, organisation_id: int):
    organisation = get_object_or_404(Organisation.objects.active(), pk=organisation_id)
    commitments = organisation.commitments.all()
    if not perms.can_record_commitment(request_user(request), organisation):
        commitments = employers.in_force(commitments)
    return list(commitments)


@router.post(
    "/employers/{organisation_id}/commitments",
    response={201: CommitmentOut},
    auth=AUTHENTICATED,
    summary="Enregistrer un engagement",
)
def create_commitment(request, organisation_id: int, payload: CommitmentIn):
    organisation = get_object_or_404(Organisation.objects.active(), pk=organisation_id)
    return Status(201, employers.commitment_save(actor=request.auth, organisation=organisation, fields=payload.dict()))


# ── Youth, booklets, spouses ─────────────────────────────────────────────────────────────────────


@router.get("/youth/counts", auth=OptionalAuth(), summary="Partenariats jeunesse : les chiffres publics")
def youth_public_counts(request):
    counts = selectors.youth_public_counts()
    return {
        "partnerships": counts["partnerships"],
        "young_people": counts["young_people"],
        "by_programme": [
            {"programme": r["programme"], "partnerships": r["n"], "young_people": r["young"] or 0}
            for r in counts["by_programme"]
        ],
        "by_commune": [
            {"commune": r["commune_insee"], "name": r["city"], "partnerships": r["n"], "young_people": r["young"] or 0}
            for r in counts["by_commune"]
        ],
    }


class PartnershipOut(Schema):
    id: int
    programme: str
    name: str
    unit_id: int
    school_id: int | None
    commune_insee: str
    started_on: datetime.date
    ended_on: datetime.date | None
    young_people: int


@router.get(
    "/youth/partnerships", response=list[PartnershipOut], auth=AUTHENTICATED, summary="Mes partenariats jeunesse"
)
def list_youth_partnerships(request):
    return list(selectors.partnerships_visible_to(request.auth).order_by("-started_on")[:500])


class BlockOut(Schema):
    section: str
    title: str
    body: str
    review_by: datetime.date
    updated_at: datetime.datetime
    organisations: list[dict]

    @staticmethod
    def resolve_organisations(block):
        return [{"id": o.pk, "name": o.name, "city": o.city, "website": o.website} for o in block.organisations.all()]


class BookletOut(Schema):
    slug: str
    title: str
    garrison: str
    unit_id: int
    introduction: str
    blocks: list[BlockOut]

    @staticmethod
    def resolve_blocks(booklet):
        return list(booklet.blocks.prefetch_related("organisations").order_by("section", "position", "id"))


@router.get("/booklets/{slug}", response=BookletOut, auth=OptionalAuth(), summary="Un livret d'accueil")
def get_booklet(request, slug: str):
    booklet = selectors.booklet_for(request_user(request), slug)
    if booklet is None:
        raise Http404
    return booklet


class SpouseProfileOut(Schema):
    display_name: str
    skills: str
    wanted_departments: str
    available_on: datetime.date | None
    wanted_contracts: str
    email: str

    @staticmethod
    def resolve_email(profile):
        return profile.user.email


@router.get(
    "/spouse-profiles",
    response=list[SpouseProfileOut],
    auth=AUTHENTICATED,
    summary="Profils de conjoints (employeurs engagés)",
)
def list_spouse_profiles(request):
    if not spouses.pledged_territory_ids_for(request.auth):
        raise PermissionDenied
    return list(spouses.profiles_visible_to(request.auth).select_related("user")[:500])
