"""The steering of a convention through the API: structure, progress and series (public ones for
anyone), value entry and validation for coordinators."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from synergies.api.auth import AUTHENTICATED, OptionalAuth, request_user
from synergies.core.exceptions import ApplicationError
from synergies.governance import perms, selectors, services
from synergies.governance.models import Action, Indicator, IndicatorValue
from synergies.territories.models import Convention

router = Router(tags=["pilotage"])


class PointOut(Schema):
    date: datetime.date
    value: float


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    baseline: float | None
    target: float | None
    target_date: datetime.date | None
    direction: str
    computed: bool
    latest: float | None
    attainment: int | None
    series: list[PointOut]


class ActionOut(Schema):
    reference: str
    title: str
    lead: str
    status: str
    progress: int
    due_on: datetime.date | None
    late: bool


class SteeringObjectiveOut(Schema):
    number: int
    title: str
    progress: int
    actions: list[ActionOut]
    indicators: list[IndicatorOut]


class SteeringOut(Schema):
    convention: str
    public_only: bool
    objectives: list[SteeringObjectiveOut]


class ValueIn(Schema):
    value: str
    measured_on: datetime.date
    comment: str = ""
    evidence_url: str = ""


class ValueOut(Schema):
    id: int
    value: float
    measured_on: datetime.date
    status: str
    entered_party: str
    validated_party: str


class ValidationIn(Schema):
    accept: bool = True


class SteeringActionIn(Schema):
    objective: int | None = None  # number of the convention objective
    reference: str | None = None
    title: str | None = None
    description: str | None = None
    lead: str | None = None
    contributors: str | None = None
    starts_on: datetime.date | None = None
    due_on: datetime.date | None = None
    status: str | None = None
    progress: int | None = None
    is_public: bool | None = None


def _action_fields(convention, payload: SteeringActionIn) -> dict:
    fields = payload.dict(exclude_unset=True)
    if "objective" in fields:
        objective = convention.objectives.filter(number=fields["objective"]).first()
        if objective is None:
            raise ApplicationError(f"La convention n'a pas d'objectif n° {fields['objective']}.")
        fields["objective"] = objective
    return fields


def _action_out(action):
    return {
        "reference": action.reference, "title": action.title, "lead": action.lead, "status": action.status,
        "progress": action.progress, "due_on": action.due_on, "late": action.is_late,
    }  # fmt: skip


def _float(value):
    return float(value) if value is not None else None


@router.get(
    "/conventions/{slug}/steering",
    response=SteeringOut,
    auth=OptionalAuth(),
    summary="Objectifs, actions, avancement et séries des indicateurs (publics pour tous ; tout pour le pilotage)",
)
def steering(request, slug: str):
    convention = get_object_or_404(Convention.objects.select_related("territory"), slug=slug)
    user = request_user(request)
    public_only = not perms.can_view_steering(user, convention)
    objectives = []
    for view in selectors.dashboard(convention, public=public_only):
        objectives.append(
            {
                "number": view.objective.number,
                "title": view.objective.title,
                "progress": view.progress,
                "actions": [
                    {
                        "reference": a.reference,
                        "title": a.title,
                        "lead": a.lead,
                        "status": a.status,
                        "progress": a.progress,
                        "due_on": a.due_on,
                        "late": a.is_late,
                    }
                    for a in view.actions
                ],  # fmt: skip
                "indicators": [
                    {
                        "id": item.indicator.pk,
                        "code": item.indicator.code,
                        "name": item.indicator.name,
                        "unit": item.indicator.unit,
                        "baseline": _float(item.indicator.baseline),
                        "target": _float(item.indicator.target),
                        "target_date": item.indicator.target_date,
                        "direction": item.indicator.direction,
                        "computed": item.indicator.is_computed,
                        "latest": _float(item.latest.value) if item.latest else None,
                        "attainment": item.attainment,
                        "series": [{"date": v.measured_on, "value": float(v.value)} for v in item.series],
                    }
                    for item in view.indicators
                ],
            }
        )
    return {"convention": convention.slug, "public_only": public_only, "objectives": objectives}


@router.post(
    "/conventions/{slug}/actions",
    response={201: ActionOut},
    auth=AUTHENTICATED,
    summary="Créer une action (coordinateurs)",
)
def create_action(request, slug: str, payload: SteeringActionIn):
    convention = get_object_or_404(Convention.objects.select_related("territory"), slug=slug)
    if not perms.can_steer(request.auth, convention):
        raise PermissionDenied
    action = services.action_save(actor=request.auth, convention=convention, fields=_action_fields(convention, payload))
    return Status(201, _action_out(action))


@router.patch(
    "/conventions/{slug}/actions/{reference}",
    response=ActionOut,
    auth=AUTHENTICATED,
    summary="Mettre à jour une action : état, avancement, échéance… (coordinateurs)",
)
def update_action(request, slug: str, reference: str, payload: SteeringActionIn):
    convention = get_object_or_404(Convention.objects.select_related("territory"), slug=slug)
    if not perms.can_steer(request.auth, convention):
        raise PermissionDenied
    action = get_object_or_404(Action, convention=convention, reference=reference)
    fields = _action_fields(convention, payload)
    return _action_out(services.action_save(actor=request.auth, convention=convention, fields=fields, action=action))


def _value_out(entry):
    return {
        "id": entry.pk,
        "value": float(entry.value),
        "measured_on": entry.measured_on,
        "status": entry.status,
        "entered_party": entry.entered_party,
        "validated_party": entry.validated_party,
    }


@router.post(
    "/indicators/{indicator_id}/values",
    response={201: ValueOut},
    auth=AUTHENTICATED,
    summary="Saisir une valeur (coordinateurs ; à valider par l'autre partie)",
)
def create_value(request, indicator_id: int, payload: ValueIn):
    indicator = Indicator.objects.select_related("convention__territory").filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404
    if not perms.can_steer(request.auth, indicator.convention):
        raise PermissionDenied
    entry = services.value_enter(actor=request.auth, indicator=indicator, **payload.dict())
    return Status(201, _value_out(entry))


@router.post(
    "/values/{value_id}/validation",
    response=ValueOut,
    auth=AUTHENTICATED,
    summary="Valider ou refuser une valeur saisie par l'autre partie",
)
def validate_value(request, value_id: int, payload: ValidationIn):
    entry = IndicatorValue.objects.select_related("indicator__convention__territory").filter(pk=value_id).first()
    if entry is None:
        raise Http404
    if not perms.can_steer(request.auth, entry.indicator.convention):
        raise PermissionDenied
    return _value_out(services.value_validate(actor=request.auth, entry=entry, accept=payload.accept))
