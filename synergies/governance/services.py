"""Writes of the steering: structure, values and their two-party validation, computed values,
meetings and decisions. Each leaves an audit entry."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from synergies.core import audit
from synergies.core.documents import files_removed_on_error, validate_document
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse, refused_if_invalid
from synergies.core.tasks import enqueue_on_commit
from synergies.governance import perms, tasks
from synergies.governance.computations import COMPUTATIONS
from synergies.governance.enums import ValueStatus
from synergies.governance.models import Action, Decision, Indicator, IndicatorValue, Meeting

ACTION_FIELDS = [
    "objective", "reference", "title", "description", "lead", "lead_organisation", "contributors",
    "starts_on", "due_on", "status", "progress", "is_public",
]  # fmt: skip
INDICATOR_FIELDS = [
    "objective", "action", "code", "name", "unit", "decimals", "baseline", "target", "target_date",
    "direction", "frequency", "computation", "is_public",
]  # fmt: skip


def _require_steer(actor, convention):
    if not perms.can_steer(actor, convention):
        raise ApplicationError("Seuls les coordinateurs du territoire pilotent cette convention.")


def _check_objective(convention, objective):
    if objective is not None and objective.convention_id != convention.pk:
        raise ApplicationError("Cet objectif appartient à une autre convention.")


def _check_in_period(convention, day: datetime.date, what: str):
    if day < convention.starts_on:
        raise ApplicationError(
            f"{what} ({day:%d/%m/%Y}) précède le début de la convention ({convention.starts_on:%d/%m/%Y})."
        )
    if convention.ends_on and day > convention.ends_on:
        raise ApplicationError(f"{what} ({day:%d/%m/%Y}) suit la fin de la convention ({convention.ends_on:%d/%m/%Y}).")


@transaction.atomic
def action_save(*, actor, convention, fields: dict, action: Action | None = None, decided_by=None) -> Action:
    _require_steer(actor, convention)
    created = action is None
    action = action or Action(convention=convention, decided_by=decided_by)
    before = audit.snapshot(action, ACTION_FIELDS) if not created else {}
    for name in ACTION_FIELDS:
        if name in fields:
            setattr(action, name, fields[name])
    _check_objective(convention, action.objective)
    action_dates_check(convention, starts_on=action.starts_on, due_on=action.due_on)
    full_clean_or_refuse(action)
    action.save()
    audit.record(
        actor=actor,
        action="created" if created else "updated",
        target=action,
        territory=convention.territory,
        changes=audit.model_changes(action, ACTION_FIELDS, before) if not created else {"reference": action.reference},
    )
    return action


@transaction.atomic
def indicator_save(*, actor, convention, fields: dict, indicator: Indicator | None = None) -> Indicator:
    _require_steer(actor, convention)
    created = indicator is None
    indicator = indicator or Indicator(convention=convention)
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    _check_objective(convention, indicator.objective)
    if indicator.computation and indicator.computation not in COMPUTATIONS:
        raise ApplicationError(f"Calcul inconnu : « {indicator.computation} ».")
    if indicator.action_id and indicator.action.convention_id != convention.pk:
        raise ApplicationError("Cette action appartient à une autre convention.")
    full_clean_or_refuse(indicator)
    indicator.save()
    audit.record(
        actor=actor, action="created" if created else "updated", target=indicator, territory=convention.territory
    )
    return indicator


_NUMBER = re.compile(r"^\s*([-+]?[\d\s\u202f\u00a0.,]*\d)\s*(.*?)\s*$")


def parse_value(raw, indicator: Indicator) -> Decimal:
    """A value as people type it (« 1 234,5 », « 12 % », « 250000 € »), in the indicator's unit."""
    if isinstance(raw, (int, float, Decimal)):
        return Decimal(str(raw))
    match = _NUMBER.match(str(raw or ""))
    if not match:
        raise ApplicationError(f"« {raw} » n'est pas un nombre (exemples : 12 ; 1 234,5).")
    number, unit = match.groups()
    if unit and unit.lower() != indicator.unit.lower():
        raise ApplicationError(
            f"Unité « {unit} » inattendue : l'indicateur « {indicator.name} » se mesure en {indicator.unit}."
        )
    number = re.sub(r"[\s\u202f\u00a0]", "", number)
    if "," in number and "." in number:
        number = number.replace(".", "")
    number = number.replace(",", ".")
    try:
        return Decimal(number)
    except InvalidOperation as exc:
        raise ApplicationError(f"« {raw} » n'est pas un nombre (exemples : 12 ; 1 234,5).") from exc


def action_dates_check(convention, *, starts_on=None, due_on=None) -> None:
    """The dates of an action fall within the convention: one rule for the form, the API and the file import."""
    for day, what in ((starts_on, "Le début de l'action"), (due_on, "L'échéance de l'action")):
        if day:
            _check_in_period(convention, day, what)


def value_check(indicator: Indicator, value, measured_on: datetime.date) -> Decimal:
    """Every rule of a measured value, for typing and for the file import's preview alike: the value
    that would be stored, or ApplicationError."""
    if indicator.is_computed:
        raise ApplicationError("Cet indicateur est calculé par la plateforme : sa valeur ne se saisit pas.")
    _check_in_period(indicator.convention, measured_on, "La date de la mesure")
    if measured_on > timezone.localdate():
        raise ApplicationError(f"La date de la mesure ({measured_on:%d/%m/%Y}) est dans le futur.")
    return parse_value(value, indicator)


def _actor_party(actor, convention) -> str:
    parties = perms.parties_of(actor, convention)
    if not parties:
        if perms.can_steer(actor, convention):  # an administrator acts for no party
            return ""
        raise ApplicationError("Seuls les coordinateurs du territoire saisissent les valeurs.")
    return sorted(parties)[0]


@transaction.atomic
def value_enter(
    *,
    actor,
    indicator: Indicator,
    value,
    measured_on: datetime.date,
    comment: str = "",
    evidence_url: str = "",
    evidence_file=None,
) -> IndicatorValue:
    """A measured value, pending until a coordinator of the other party validates it."""
    convention = indicator.convention
    _require_steer(actor, convention)
    checked_value = value_check(indicator, value, measured_on)
    if evidence_file is not None:
        with refused_if_invalid(field="evidence_file"):
            validate_document(evidence_file)
    entry = IndicatorValue(
        indicator=indicator,
        value=checked_value,
        measured_on=measured_on,
        comment=comment.strip(),
        evidence_url=evidence_url.strip(),
        entered_by=actor,
        entered_party=_actor_party(actor, convention),
    )
    with files_removed_on_error() as stored:
        if evidence_file is not None:
            entry.evidence_file.save(evidence_file.name, evidence_file, save=False)
            stored.append(entry.evidence_file)
        full_clean_or_refuse(entry)
        entry.save()
    audit.record(
        actor=actor,
        action="value_entered",
        target=indicator,
        territory=convention.territory,
        changes={"value": str(entry.value), "measured_on": measured_on.isoformat(), "party": entry.entered_party},
    )
    enqueue_on_commit(tasks.send_value_to_validate_email, value_id=entry.pk)
    return entry


@transaction.atomic
def value_validate(*, actor, entry: IndicatorValue, accept: bool = True) -> IndicatorValue:
    """The other party's check: a Region value is validated by the State, and the reverse."""
    convention = entry.indicator.convention
    if refusal := perms.value_validation_refusal(actor, entry):
        raise ApplicationError(refusal)
    other = sorted(perms.parties_of(actor, convention) - {entry.entered_party})
    entry.status = ValueStatus.VALIDATED if accept else ValueStatus.REJECTED
    entry.validated_by = actor
    entry.validated_party = other[0]
    entry.validated_at = timezone.now()
    full_clean_or_refuse(entry)
    entry.save()
    audit.record(
        actor=actor,
        action="value_validated" if accept else "value_rejected",
        target=entry.indicator,
        territory=convention.territory,
        changes={
            "value": str(entry.value),
            "measured_on": entry.measured_on.isoformat(),
            "party": entry.validated_party,
        },
    )
    return entry


def indicators_compute(*, day: datetime.date | None = None) -> int:
    """Store today's value of every computed indicator (the scheduled task). One value per day:
    a second run the same day updates it. Returns the number of values written."""
    day = day or timezone.localdate()
    written = 0
    for indicator in Indicator.objects.exclude(computation="").select_related("convention__territory"):
        computation = COMPUTATIONS.get(indicator.computation)
        value = computation.compute(indicator.convention, day) if computation else None
        if value is None:
            continue
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            measured_on=day,
            is_computed=True,
            defaults={"value": value, "status": ValueStatus.VALIDATED, "validated_at": timezone.now()},
        )
        written += 1
    return written


@transaction.atomic
def narratives_save(*, actor, convention, start: datetime.date, end: datetime.date, texts: dict) -> int:
    """The coordinators' introduction of each objective for the report of one period: {objective: text};
    an empty text removes it. Returns the number of introductions kept."""
    from synergies.governance.models import ReportNarrative

    _require_steer(actor, convention)
    if end < start:
        raise ApplicationError("La fin de la période précède son début.")
    kept = 0
    for objective, text in texts.items():
        _check_objective(convention, objective)
        text = (text or "").strip()
        key = {"convention": convention, "objective": objective, "period_start": start, "period_end": end}
        if not text:
            ReportNarrative.objects.filter(**key).delete()
            continue
        narrative = ReportNarrative.objects.filter(**key).first() or ReportNarrative(**key)
        narrative.text, narrative.updated_by = text, actor
        full_clean_or_refuse(narrative, exclude=["convention", "objective", "updated_by"])
        narrative.save()
        kept += 1
    audit.record(
        actor=actor,
        action="report_narratives_saved",
        target=convention,
        territory=convention.territory,
        changes={"period": [None, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"]},
    )
    return kept


def month_ends(start: datetime.date, until: datetime.date) -> list[datetime.date]:
    """The last day of every month from `start`'s month to the month before `until`'s."""
    days, year, month = [], start.year, start.month
    while (year, month) < (until.year, until.month):
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        days.append(following - datetime.timedelta(days=1))
        year, month = following.year, following.month
    return days


def indicators_history_fill(*, today: datetime.date | None = None) -> int:
    """A computed indicator keeps a monthly history from the platform's own dated records: the value at
    the end of every past month since the convention's start, computed once (the scheduled task).
    Returns the number of values written."""
    today = today or timezone.localdate()
    written = 0
    for indicator in Indicator.objects.exclude(computation="").select_related("convention__territory"):
        computation = COMPUTATIONS.get(indicator.computation)
        if computation is None:
            continue
        convention = indicator.convention
        until = min(today, convention.ends_on) if convention.ends_on else today
        known = set(indicator.values.filter(is_computed=True).values_list("measured_on", flat=True))
        for day in month_ends(convention.starts_on, until):
            if day in known:
                continue
            value = computation.compute(convention, day)
            if value is None:
                continue
            IndicatorValue.objects.create(
                indicator=indicator,
                measured_on=day,
                is_computed=True,
                value=value,
                status=ValueStatus.VALIDATED,
                validated_at=timezone.now(),
            )
            written += 1
    return written


@transaction.atomic
def meeting_save(*, actor, convention, fields: dict, meeting: Meeting | None = None) -> Meeting:
    _require_steer(actor, convention)
    created = meeting is None
    meeting = meeting or Meeting(convention=convention)
    for name in ("kind", "held_on", "participants", "agenda", "minutes"):
        if name in fields:
            setattr(meeting, name, fields[name])
    _check_in_period(convention, meeting.held_on, "La date de la réunion")
    full_clean_or_refuse(meeting)
    meeting.save()
    audit.record(
        actor=actor, action="created" if created else "updated", target=meeting, territory=convention.territory
    )
    return meeting


@transaction.atomic
def decision_create(*, actor, meeting: Meeting, text: str, new_action: dict | None = None) -> Decision:
    """A decision of a committee; it may create an action, which the next meeting follows up."""
    convention = meeting.convention
    _require_steer(actor, convention)
    decision = Decision(meeting=meeting, text=text.strip())
    full_clean_or_refuse(decision)
    decision.save()
    if new_action:
        action_save(actor=actor, convention=convention, fields=new_action, decided_by=decision)
    audit.record(actor=actor, action="decision_recorded", target=meeting, territory=convention.territory)
    return decision
