"""Bulk update of a convention's steering from a CSV (UTF-8, « ; » or « , ») or XLSX file.

Two layouts, told apart by their header (docs/formats/steering-import.md):
- actions: reference, etat, avancement[, echeance, intitule] — updates existing actions;
- valeurs: indicateur, date, valeur[, commentaire] — new values of entered indicators (pending the
  other party's validation, as when typed in).
Everything is read and checked first (preview); the confirmation writes all rows or none.
"""

import csv
import datetime
import io

from django.db import transaction

from synergies.core.exceptions import ApplicationError
from synergies.governance import services
from synergies.governance.enums import ActionStatus
from synergies.governance.models import Action, Indicator, SteeringImport

ACTION_COLUMNS = {"reference", "etat", "avancement"}
VALUE_COLUMNS = {"indicateur", "date", "valeur"}
STATUS_BY_LABEL = {label.lower(): value for value, label in ActionStatus.choices} | {v: v for v in ActionStatus.values}
MAX_ROWS = 5000


def _table(uploaded) -> list[dict]:
    name = uploaded.name.lower()
    data = uploaded.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ApplicationError("Le classeur XLSX est illisible ou endommagé.") from exc
        rows = [[("" if c is None else c) for c in row] for row in sheet.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ApplicationError("Le fichier CSV doit être encodé en UTF-8.") from exc
        dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=dialect))
    else:
        raise ApplicationError("Seuls les fichiers .csv et .xlsx sont acceptés.")
    if not rows:
        raise ApplicationError("Le fichier est vide.")
    header = [str(h).strip().lower() for h in rows[0]]
    if len(rows) - 1 > MAX_ROWS:
        raise ApplicationError(f"{MAX_ROWS} lignes au plus par fichier.")
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if any(str(c).strip() for c in row)]


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
    change = {"reference": reference, "status": status, "progress": progress}
    if str(row.get("echeance", "")).strip():
        change["due_on"] = _date(row["echeance"]).isoformat()
    if str(row.get("intitule", "")).strip():
        change["title"] = str(row["intitule"]).strip()
    return change


def _check_value(convention, row) -> dict:
    code = str(row.get("indicateur", "")).strip()
    indicator = Indicator.objects.filter(convention=convention, code=code).first()
    if indicator is None:
        raise ApplicationError(f"indicateur inconnu « {code} »")
    if indicator.is_computed:
        raise ApplicationError(f"l'indicateur « {code} » est calculé par la plateforme")
    day = _date(row.get("date", ""))
    services._check_in_period(convention, day, "la date")
    value = services.parse_value(row.get("valeur", ""), indicator)
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
    columns = set(table[0]) if table else set()
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
    for line, row in enumerate(table, start=2):
        try:
            rows.append(check(convention, row))
        except ApplicationError as exc:
            errors.append(f"Ligne {line} : {exc.message}")
    return SteeringImport.objects.create(
        convention=convention, kind=kind, file_name=uploaded.name[:255], rows=rows, errors=errors, created_by=actor
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
