"""Opportunities and responses through the API: the same services, selectors and permissions as the pages."""

import datetime
import math
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema, Status

from synergies.api.auth import AUTHENTICATED, OptionalAuth, request_user
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Capability, Certification, Organisation
from synergies.opportunities import perms, selectors, services
from synergies.opportunities.workflow import OPPORTUNITY_TRANSITIONS, RESPONSE_TRANSITIONS, WITHDRAW
from synergies.territories.models import Objective, Territory

router = Router(tags=["opportunités"])
MAX_PAGE_SIZE = 100


class OpportunityFilters(Schema):
    """The list page's filters, with the same names (several values: repeat the parameter)."""

    q: str = ""
    type: list[str] = []
    objectif: list[int] = []
    capacite: list[str] = []
    departement: list[str] = []
    etat: str = ""
    echeance: datetime.date | None = None
    territoire: str = ""
    page: int = 1
    page_size: int = 20


class NamedOut(Schema):
    slug: str
    name: str


class AwardOut(Schema):
    winner_name: str
    organisation_id: int | None
    amount: int | None
    awarded_on: datetime.date


class QuestionOut(Schema):
    text: str
    answer: str
    answered_at: datetime.datetime | None


class OpportunitySummaryOut(Schema):
    id: int
    title: str
    kind: str
    contract_type: str
    reserve_type: str
    open_to_military_spouses: bool
    status: str
    publisher_id: int
    publisher: str
    territory: str
    objective: int | None
    place: str
    department: str
    opens_on: datetime.date
    deadline: datetime.datetime
    url: str

    @staticmethod
    def resolve_status(opportunity):
        return opportunity.effective_status

    @staticmethod
    def resolve_publisher(opportunity):
        return opportunity.publisher.name

    @staticmethod
    def resolve_territory(opportunity):
        return opportunity.territory.code

    @staticmethod
    def resolve_objective(opportunity):
        return opportunity.objective.number if opportunity.objective_id else None

    @staticmethod
    def resolve_url(opportunity):
        return opportunity.get_absolute_url()


class OpportunityOut(OpportunitySummaryOut):
    description: str
    budget_min: int | None
    budget_max: int | None
    visibility: str
    capabilities: list[NamedOut]
    certifications: list[NamedOut]
    attachments: list[str]
    awards: list[AwardOut]
    questions: list[QuestionOut]

    @staticmethod
    def resolve_capabilities(opportunity):
        return [{"slug": c.slug, "name": c.name} for c in opportunity.capabilities.all()]

    @staticmethod
    def resolve_certifications(opportunity):
        return [{"slug": c.slug, "name": c.name} for c in opportunity.certifications.all()]

    @staticmethod
    def resolve_attachments(opportunity):
        from django.urls import reverse

        return [reverse("opportunities:attachment", kwargs={"pk": a.pk}) for a in opportunity.attachments.all()]

    @staticmethod
    def resolve_awards(opportunity):
        return list(opportunity.awards.all())

    @staticmethod
    def resolve_questions(opportunity):
        return [q for q in opportunity.questions.all() if q.answer]


class OpportunityPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OpportunitySummaryOut]


class OpportunityIn(Schema):
    territory: str  # INSEE code of the region, e.g. "53"
    publisher_id: int
    kind: str
    title: str
    description: str
    deadline: datetime.datetime
    opens_on: datetime.date | None = None
    contract_type: str = ""
    reserve_type: str = ""
    open_to_military_spouses: bool = False
    objective: int | None = None  # number of the convention objective
    place: str = ""
    department: str = ""
    budget_min: int | None = None
    budget_max: int | None = None
    visibility: str = "public"
    capabilities: list[str] = []  # slugs
    certifications: list[str] = []  # slugs
    restricted_to: list[int] = []  # organisation ids
    publish: bool = False


class OpportunityPatch(Schema):
    title: str | None = None
    description: str | None = None
    deadline: datetime.datetime | None = None
    opens_on: datetime.date | None = None
    contract_type: str | None = None
    reserve_type: str | None = None
    open_to_military_spouses: bool | None = None
    objective: int | None = None
    place: str | None = None
    department: str | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    visibility: str | None = None
    capabilities: list[str] | None = None
    certifications: list[str] | None = None


class OpportunityTransitionIn(Schema):
    action: Literal[tuple(OPPORTUNITY_TRANSITIONS)]  # type: ignore[valid-type]


class ResponseTransitionIn(Schema):
    action: Literal[(*RESPONSE_TRANSITIONS, WITHDRAW.name)]  # type: ignore[valid-type]


class ResponseIn(Schema):
    organisation_id: int | None = None
    kind: str = "interest"
    message: str
    contact_name: str
    contact_email: str
    contact_phone: str = ""


class ResponseOut(Schema):
    id: int
    opportunity_id: int
    organisation_id: int | None
    respondent: str
    kind: str
    status: str
    message: str
    contact_name: str
    contact_email: str
    contact_phone: str
    created_at: datetime.datetime
    status_changed_at: datetime.datetime

    @staticmethod
    def resolve_respondent(response):
        return response.respondent_name


def _opportunity(request, opportunity_id):
    opportunity = selectors.opportunity_for(request_user(request), opportunity_id)
    if opportunity is None:
        raise Http404
    return opportunity


def _by_slugs(model, slugs, label):
    objects = list(model.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {o.slug for o in objects})
    if unknown:
        raise ApplicationError(f"{label} inconnue(s) : {', '.join(unknown)}.")
    return objects


def _objective(territory, number):
    if number is None:
        return None
    objective = (
        Objective.objects.filter(convention__territory=territory, number=number)
        .order_by("-convention__signed_on")
        .first()
    )
    if objective is None:
        raise ApplicationError(f"La convention du territoire n'a pas d'objectif n° {number}.")
    return objective


@router.get("/opportunities", response=OpportunityPage, auth=OptionalAuth(), summary="Rechercher des opportunités")
def list_opportunities(request, filters: Query[OpportunityFilters]):
    query = selectors.OpportunityQuery.from_params(request.GET)
    if query.errors:
        raise ApplicationError(" ".join(query.errors))
    queryset = selectors.opportunity_search(request_user(request), query)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    count = queryset.count()
    page = max(1, filters.page)
    return {
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / size)),
        "results": list(queryset[(page - 1) * size : page * size]),
    }


@router.get("/opportunities/{opportunity_id}", response=OpportunityOut, auth=OptionalAuth(), summary="Une opportunité")
def get_opportunity(request, opportunity_id: int):
    return _opportunity(request, opportunity_id)


@router.post(
    "/opportunities",
    response={201: OpportunityOut},
    auth=AUTHENTICATED,
    summary="Publier une opportunité (agents défense, coordinateurs)",
)
def create_opportunity(request, payload: OpportunityIn):
    territory = Territory.objects.filter(code=payload.territory).first()
    if territory is None:
        raise ApplicationError(f"Territoire inconnu : « {payload.territory} ».")
    if not perms.can_publish(request.auth, territory):
        raise PermissionDenied
    publisher = selectors.publisher_choices(request.auth, territory).filter(pk=payload.publisher_id).first()
    if publisher is None:
        raise ApplicationError("Vous ne pouvez pas publier au nom de cette organisation.")
    data = payload.dict()
    fields = {name: data[name] for name in services.OPPORTUNITY_FIELDS if name in data and name != "objective"}
    fields["objective"] = _objective(territory, payload.objective)
    if payload.opens_on is None:
        fields.pop("opens_on")
    opportunity = services.opportunity_create(
        actor=request.auth,
        territory=territory,
        publisher=publisher,
        fields=fields,
        capabilities=_by_slugs(Capability, payload.capabilities, "Capacité"),
        certifications=_by_slugs(Certification, payload.certifications, "Certification"),
        restricted_to=list(Organisation.objects.filter(pk__in=payload.restricted_to)),
        publish=payload.publish,
    )
    return Status(201, selectors.opportunity_for(request.auth, opportunity.pk))


@router.patch(
    "/opportunities/{opportunity_id}",
    response=OpportunityOut,
    auth=AUTHENTICATED,
    summary="Modifier une opportunité (ceux qui la gèrent)",
)
def patch_opportunity(request, opportunity_id: int, payload: OpportunityPatch):
    opportunity = _opportunity(request, opportunity_id)
    if not perms.can_manage(request.auth, opportunity):
        raise PermissionDenied
    changes = payload.dict(exclude_unset=True)
    fields = {name: changes[name] for name in services.OPPORTUNITY_FIELDS if name in changes and name != "objective"}
    if "objective" in changes:
        fields["objective"] = _objective(opportunity.territory, changes["objective"])
    services.opportunity_update(
        actor=request.auth,
        opportunity=opportunity,
        fields=fields,
        capabilities=_by_slugs(Capability, changes["capabilities"], "Capacité")
        if changes.get("capabilities") is not None
        else None,
        certifications=_by_slugs(Certification, changes["certifications"], "Certification")
        if changes.get("certifications") is not None
        else None,
    )
    return selectors.opportunity_for(request.auth, opportunity_id)


@router.post(
    "/opportunities/{opportunity_id}/transitions",
    response=OpportunityOut,
    auth=AUTHENTICATED,
    summary="Publier, clôturer, classer sans suite ou annuler",
)
def transition_opportunity(request, opportunity_id: int, payload: OpportunityTransitionIn):
    opportunity = _opportunity(request, opportunity_id)
    if not perms.can_manage(request.auth, opportunity):
        raise PermissionDenied
    services.opportunity_transition(actor=request.auth, opportunity=opportunity, name=payload.action)
    return selectors.opportunity_for(request.auth, opportunity_id)


@router.get(
    "/opportunities/{opportunity_id}/responses",
    response=list[ResponseOut],
    auth=AUTHENTICATED,
    summary="Les réponses reçues (l'organisme qui publie)",
)
def list_opportunity_responses(request, opportunity_id: int):
    opportunity = _opportunity(request, opportunity_id)
    if not perms.can_review_responses(request.auth, opportunity):
        raise PermissionDenied
    return list(selectors.responses_for_review(opportunity))


@router.post(
    "/opportunities/{opportunity_id}/responses",
    response={201: ResponseOut},
    auth=AUTHENTICATED,
    summary="Répondre (au nom d'une organisation dont vous êtes membre, ou en votre nom pour une offre ou une mission)",
)
def create_response(request, opportunity_id: int, payload: ResponseIn):
    opportunity = _opportunity(request, opportunity_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ApplicationError("Organisation inconnue.")
    response = services.response_create(
        actor=request.auth,
        opportunity=opportunity,
        organisation=organisation,
        kind=payload.kind,
        message=payload.message,
        contact_name=payload.contact_name,
        contact_email=payload.contact_email,
        contact_phone=payload.contact_phone,
    )
    return Status(201, response)


@router.get("/responses", response=list[ResponseOut], auth=AUTHENTICATED, summary="Mes réponses")
def list_my_responses(request):
    return list(selectors.responses_of(request.auth))


def _response(request, response_id):
    response = selectors.response_for(request_user(request), response_id)
    if response is None:
        raise Http404
    return response


@router.get("/responses/{response_id}", response=ResponseOut, auth=AUTHENTICATED, summary="Une réponse")
def get_response(request, response_id: int):
    return _response(request, response_id)


@router.post(
    "/responses/{response_id}/transitions",
    response=ResponseOut,
    auth=AUTHENTICATED,
    summary="Faire avancer une réponse (review, shortlist, accept, decline) ou la retirer (withdraw)",
)
def transition_response(request, response_id: int, payload: ResponseTransitionIn):
    response = _response(request, response_id)
    if payload.action == WITHDRAW.name:
        return services.response_withdraw(actor=request.auth, response=response)
    if not perms.can_review_responses(request.auth, response.opportunity):
        raise PermissionDenied
    return services.response_transition(actor=request.auth, response=response, name=payload.action)
