"""Reads of the steering: dashboard figures, series, follow-up of decisions, comparison."""

from dataclasses import dataclass, field
from decimal import Decimal

from synergies.governance.enums import ActionStatus, Direction, ValueStatus
from synergies.governance.models import Action, Decision, Indicator, IndicatorValue, Meeting


@dataclass
class IndicatorView:
    indicator: Indicator
    series: list  # validated values, oldest first
    latest: IndicatorValue | None
    pending: int = 0

    @property
    def attainment(self) -> int | None:
        """How far the latest value has gone from the baseline toward the target, in %."""
        target, latest = self.indicator.target, self.latest
        if target is None or latest is None:
            return None
        start = self.indicator.baseline if self.indicator.baseline is not None else Decimal(0)
        if target == start:
            return 100 if latest.value == target else 0
        share = (latest.value - start) / (target - start) * 100
        return max(0, min(999, int(share)))

    @property
    def on_track(self) -> bool | None:
        if self.latest is None or self.indicator.target is None:
            return None
        if self.indicator.direction == Direction.INCREASE:
            return self.latest.value >= self.indicator.target
        return self.latest.value <= self.indicator.target


@dataclass
class ObjectiveView:
    objective: object
    actions: list = field(default_factory=list)
    indicators: list = field(default_factory=list)

    @property
    def progress(self) -> int:
        counted = [a for a in self.actions if a.status != ActionStatus.ABANDONED]
        return round(sum(a.progress for a in counted) / len(counted)) if counted else 0

    @property
    def late(self) -> list:
        return [a for a in self.actions if a.is_late]


@dataclass(frozen=True)
class Point:
    """One validated value of a series: what charts, dashboards and the API read (no model instance:
    a five-year monthly series of 80 indicators is 4,800 rows)."""

    pk: int
    measured_on: object
    value: Decimal


def indicator_views(indicators, *, with_pending: bool) -> list[IndicatorView]:
    indicators = list(indicators)
    series: dict[int, list[Point]] = {i.pk: [] for i in indicators}
    pending: dict[int, int] = dict.fromkeys(series, 0)
    rows = IndicatorValue.objects.filter(indicator__in=list(series)).order_by("indicator", "measured_on", "id")
    for pk, indicator_id, measured_on, value, status in rows.values_list(
        "pk", "indicator_id", "measured_on", "value", "status"
    ):
        if status == ValueStatus.VALIDATED:
            series[indicator_id].append(Point(pk, measured_on, value))
        elif status == ValueStatus.PENDING:
            pending[indicator_id] += 1
    return [
        IndicatorView(i, series[i.pk], series[i.pk][-1] if series[i.pk] else None, pending[i.pk] if with_pending else 0)
        for i in indicators
    ]


def dashboard(convention, *, public: bool = False, objective_number=None, lead: str = "") -> list[ObjectiveView]:
    """Per objective: its actions (filtered), its indicators with their validated series."""
    actions = Action.objects.filter(convention=convention).select_related("lead_organisation")
    indicators = Indicator.objects.filter(convention=convention)
    if public:
        actions = actions.filter(is_public=True)
        indicators = indicators.filter(is_public=True)
    if lead:
        actions = actions.filter(lead=lead)
    objectives = convention.objectives.all()
    if objective_number:
        objectives = objectives.filter(number=objective_number)
    by_objective = {o.pk: ObjectiveView(o) for o in objectives}
    for action in actions:
        if action.objective_id in by_objective:
            by_objective[action.objective_id].actions.append(action)
    for view in indicator_views(indicators, with_pending=not public):
        if view.indicator.objective_id in by_objective:
            by_objective[view.indicator.objective_id].indicators.append(view)
    return list(by_objective.values())


def recent_decisions(convention, limit: int = 10):
    return (
        Decision.objects.filter(meeting__convention=convention)
        .select_related("meeting")
        .prefetch_related("actions")
        .order_by("-meeting__held_on", "-id")[:limit]
    )


def previous_meeting(meeting):
    return (
        Meeting.objects.filter(convention=meeting.convention, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-id")
        .prefetch_related("decisions__actions")
        .first()
    )


def pending_values(convention):
    return IndicatorValue.objects.filter(indicator__convention=convention, status=ValueStatus.PENDING).select_related(
        "indicator", "entered_by"
    )


def comparison(conventions):
    """Indicators shared by code across conventions: code → {name, unit, decimals, views: {convention:
    IndicatorView}} (latest value, series, target and attainment of each convention)."""
    rows: dict[str, dict] = {}
    for convention in conventions:
        for view in indicator_views(Indicator.objects.filter(convention=convention), with_pending=False):
            indicator = view.indicator
            row = rows.setdefault(
                indicator.code,
                {"name": indicator.name, "unit": indicator.unit, "decimals": indicator.decimals, "views": {}},
            )
            row["views"][convention.pk] = view
    return rows


def values_to_validate(user, convention):
    """The pending values of `convention` that `user` may validate (perms.value_validation_refusal, as a query)."""
    from synergies.governance import perms
    from synergies.governance.enums import ValueStatus
    from synergies.governance.models import IndicatorValue

    parties = perms.parties_of(user, convention)
    if not parties:
        return IndicatorValue.objects.none()
    pending = IndicatorValue.objects.filter(indicator__convention=convention, status=ValueStatus.PENDING).exclude(
        entered_by=user
    )
    return pending.exclude(entered_party__in=parties) if len(parties) == 1 else pending
