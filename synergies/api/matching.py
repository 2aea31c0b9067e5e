"""Matching through the API: free-text match, matches of an opportunity, opportunities of an organisation."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema

from synergies.api.auth import AUTHENTICATED
from synergies.core.exceptions import ApplicationError
from synergies.directory import perms as directory_perms
from synergies.directory.models import Organisation
from synergies.directory.taxonomy import Vocabulary
from synergies.matching import perms, services
from synergies.matching.filters import parse_filters
from synergies.opportunities import perms as opportunity_perms
from synergies.opportunities import selectors as opportunity_selectors

router = Router(tags=["rapprochement"])
MAX_LIMIT = 100


class MatchFilters(Schema):
    department: list[str] = []
    certifications: list[str] = []
    kind: list[str] = []


class MatchIn(Schema):
    text: str
    filters: MatchFilters = MatchFilters()
    limit: int = 20


class MatchOut(Schema):
    organisation_id: int
    ref: str
    siret: str
    name: str
    score: float
    why: str
    weak: bool = Field(description="une piste faible : rien ne dépasse le seuil de pertinence pour elle")
    url: str


class OpportunityMatchOut(Schema):
    opportunity_id: int
    title: str
    kind: str
    deadline: str
    score: float
    url: str


def _out(matches):
    return [
        {
            "organisation_id": m.organisation.pk,
            "ref": m.organisation.ref or "",
            "siret": m.organisation.siret or "",
            "name": m.organisation.name,
            "score": m.score,
            "why": m.why,
            "weak": not m.strong,
            "url": m.organisation.get_absolute_url(),
        }
        for m in matches
    ]


@router.post("/match", response=list[MatchOut], auth=AUTHENTICATED, summary="Trouver des compétences (texte libre)")
def match(request, payload: MatchIn):
    if not perms.can_search_capabilities(request.auth):
        raise PermissionDenied
    try:
        filters, _ = parse_filters(payload.filters.dict(), Vocabulary())
        matches = services.match_text(payload.text, filters=filters, limit=max(1, min(payload.limit, MAX_LIMIT)))
    except (ValueError, services.EmptyNeed) as exc:
        raise ApplicationError(str(exc)) from exc
    return _out(matches)


@router.get(
    "/opportunities/{opportunity_id}/matches",
    response=list[MatchOut],
    auth=AUTHENTICATED,
    summary="Organisations qui pourraient répondre (ceux qui gèrent l'opportunité)",
)
def opportunity_matches(request, opportunity_id: int, limit: int = 10):
    opportunity = opportunity_selectors.opportunity_for(request.auth, opportunity_id)
    if opportunity is None:
        raise Http404
    if not opportunity_perms.can_manage(request.auth, opportunity):
        raise PermissionDenied
    return _out(services.organisations_for_opportunity(opportunity, limit=max(1, min(limit, MAX_LIMIT))))


@router.get(
    "/organisations/{organisation_id}/opportunities",
    response=list[OpportunityMatchOut],
    auth=AUTHENTICATED,
    summary="Opportunités pour une organisation (ses membres, les coordinateurs)",
)
def organisation_opportunities(request, organisation_id: int, limit: int = 10):
    organisation = Organisation.objects.not_merged().filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    if not directory_perms.can_edit_profile(request.auth, organisation):
        raise PermissionDenied
    visible = opportunity_selectors.opportunities_visible_to(request.auth).open()
    matches = services.opportunities_for_organisation(organisation, visible, limit=max(1, min(limit, MAX_LIMIT)))
    return [
        {
            "opportunity_id": m.opportunity.pk,
            "title": m.opportunity.title,
            "kind": m.opportunity.kind,
            "deadline": m.opportunity.deadline.isoformat(),
            "score": m.score,
            "url": m.opportunity.get_absolute_url(),
        }
        for m in matches
    ]
