"""Bulk update of a convention's steering from a CSV (UTF-8, « ; » or « , ») or XLSX file.

Two layouts, told apart by their header (docs/formats/steering-import.md):
- actions: reference, etat, avancement[, echeance, intitule] — updates existing actions;
- valeurs: indicateur, date, valeur[, commentaire] — new values of entered indicators (pending the
  other party's validation, as when typed in).
Everything is read and checked first (preview); the confirmation writes all rows or none.
"""

import datetime

from django.db import transaction

from synergies.core import tables
from synergies.core.exceptions import ApplicationError
from synergies.core.marking import find_marking, marking_message
from synergies.governance import services
from synergies.governance.enums import ActionStatus
from synergies.governance.models import Action, Indicator, SteeringImport

ACTION_COLUMNS = {"reference", "etat", "avancement"}
VALUE_COLUMNS = {"indicateur", "date", "valeur"}
STATUS_BY_LABEL = {label.lower(): value for value, label in ActionStatus.choices} | {v: v for v in ActionStatus.values}
MAX_ROWS = 5000


def _table(uploaded) -> tables.Table:
    if not uploaded.name.lower().endswith((".csv", ".xlsx")):
        raise ApplicationError("Seuls les fichiers .csv et .xlsx sont acceptés.")
    table = tables.read_table(uploaded.read(), uploaded.name, max_rows=MAX_ROWS)
    table.header = [name.lower() for name in table.header]
    table.rows = [(line, {name.lower(): value for name, value in row.items()}) for line, row in table.rows]
    return table


def _no_marking(row: dict, *columns: str) -> None:
    for column in columns:
        if label := find_marking(row.get(column, "")):
            raise ApplicationError(marking_message(label, where=f"La colonne « {column} »"))


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ApplicationError(f"date « {text} » invalide (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)")


def _check_action(convention, row) -> dict:
    reference = str(row.get("reference", "")).strip()
    action = Action.objects.filter(convention=convention, reference=reference).first()
    if action is None:
        raise ApplicationError(f"action inconnue « {reference} »")
    status = STATUS_BY_LABEL.get(str(row.get("etat", "")).strip().lower())
    if status is None:
        raise ApplicationError(f"état « {row.get('etat')} » inconnu ({', '.join(ActionStatus.labels)})")
    try:
        progress = int(str(row.get("avancement", "")).replace("%", "").strip())
    except ValueError as exc:
        raise ApplicationError(f"avancement « {row.get('avancement')} » : un entier entre 0 et 100") from exc
    if not 0 <= progress <= 100:
        raise ApplicationError(f"avancement {progress} : un entier entre 0 et 100")
    _no_marking(row, "intitule")
    change = {"reference": reference, "status": status, "progress": progress}
    if str(row.get("echeance", "")).strip():
        due_on = _date(row["echeance"])
        services.action_dates_check(convention, due_on=due_on)
        change["due_on"] = due_on.isoformat()
    if str(row.get("intitule", "")).strip():
        change["title"] = str(row["intitule"]).strip()
    return change


def _check_value(convention, row) -> dict:
    code = str(row.get("indicateur", "")).strip()
    indicator = Indicator.objects.filter(convention=convention, code=code).first()
    if indicator is None:
        raise ApplicationError(f"indicateur inconnu « {code} »")
    day = _date(row.get("date", ""))
    value = services.value_check(indicator, row.get("valeur", ""), day)
    _no_marking(row, "commentaire")
    return {
        "indicator": code,
        "date": day.isoformat(),
        "value": str(value),
        "comment": str(row.get("commentaire", "")).strip(),
    }


def import_prepare(*, actor, convention, uploaded) -> SteeringImport:
    """Read and check every row; write only the preview."""
    if not services.perms.can_steer(actor, convention):
        raise ApplicationError("Seuls les coordinateurs du territoire importent des mises à jour.")
    table = _table(uploaded)
    columns = set(table.header)
    if ACTION_COLUMNS <= columns:
        kind, check = "actions", _check_action
    elif VALUE_COLUMNS <= columns:
        kind, check = "values", _check_value
    else:
        raise ApplicationError(
            "En-tête non reconnu : attendu « reference ; etat ; avancement » (actions) "
            "ou « indicateur ; date ; valeur » (valeurs)."
        )
    rows, errors = [], []
    for line, row in table.rows:
        try:
            rows.append(check(convention, row))
        except ApplicationError as exc:
            errors.append(f"Ligne {line} : {exc.message}")
    return SteeringImport.objects.create(
        convention=convention,
        kind=kind,
        file_name=uploaded.name[:255],
        rows=rows,
        errors=errors,
        notes=table.notes,
        created_by=actor,
    )


@transaction.atomic
def import_confirm(*, actor, run: SteeringImport) -> int:
    """Apply every row of a checked import, or none."""
    if run.status != SteeringImport.Status.PREVIEW:
        raise ApplicationError("Cet import a déjà été appliqué.")
    if run.errors:
        raise ApplicationError("Corrigez les erreurs du fichier et déposez-le à nouveau : rien n'a été écrit.")
    convention = run.convention
    for row in run.rows:
        if run.kind == "actions":
            action = Action.objects.get(convention=convention, reference=row["reference"])
            fields = {"status": row["status"], "progress": row["progress"]}
            if "due_on" in row:
                fields["due_on"] = datetime.date.fromisoformat(row["due_on"])
            if "title" in row:
                fields["title"] = row["title"]
            services.action_save(actor=actor, convention=convention, fields=fields, action=action)
        else:
            services.value_enter(
                actor=actor,
                indicator=Indicator.objects.get(convention=convention, code=row["indicator"]),
                value=row["value"],
                measured_on=datetime.date.fromisoformat(row["date"]),
                comment=row["comment"],
            )
    run.status = SteeringImport.Status.DONE
    run.save(update_fields=["status", "updated_at"])
    return len(run.rows)
