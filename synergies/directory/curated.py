"""Curated organisation lists (shared/formats/organisations-csv.md): reading, checking, importing.

Reading and checking never write; `organisations_import` writes the good rows in one transaction.
Columns present in the file are authoritative for the organisations they touch (an empty cell
clears the value); columns absent from the file leave the existing values alone.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from synergies.core import audit, tables
from synergies.core.exceptions import ApplicationError
from synergies.core.marking import find_marking, marking_message
from synergies.core.text import fold
from synergies.directory import columns, reference, services
from synergies.directory.enums import OrganisationKind, OrganisationSource
from synergies.directory.models import Organisation, OrganisationCertification
from synergies.directory.taxonomy import Vocabulary, is_clearance_label

REQUIRED = ["ref", "name", "kind"]
OPTIONAL = [
    "siret",
    "naf_code",
    "headcount_band",
    "commune_insee",
    "postal_code",
    "city",
    "department",
    "description",
    "capabilities",
    "certifications",
    "website",
]
KNOWN = REQUIRED + OPTIONAL
# « unité militaire » as the exports for French spreadsheets write it, as well as « unite_militaire »
KIND_BY_LABEL = {fold(label): value for value, label in OrganisationKind.choices}
MAX_ROWS = 50_000
CITY_MAX_CHARS = 100  # Organisation.city


@dataclass
class CuratedRow:
    line: int
    ref: str
    values: dict  # Organisation field → value, for the columns present in the file
    capabilities: list | None = None  # Capability objects, or None when the column is absent
    certifications: list | None = None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    outcome: str = ""  # created / updated / unchanged / error


@dataclass
class CuratedReport:
    rows: list = field(default_factory=list)
    unknown_columns: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # about the whole file (e.g. converted from Windows-1252)
    dry_run: bool = False

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def errors(self):
        return [(row.line, message) for row in self.rows for message in row.errors]

    @property
    def warnings(self):
        return [(row.line, message) for row in self.rows for message in row.warnings]

    def summary(self) -> dict:
        return {
            "rows": len(self.rows),
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "in_error": self.count("error"),
            "ignored_columns": self.unknown_columns,
            "notes": self.notes,
        }

    def lines(self) -> list[str]:
        verb = "seraient" if self.dry_run else "ont été"
        lines = [
            f"Lignes lues : {len(self.rows)}",
            f"Organisations qui {verb} créées : {self.count('created')}",
            f"Organisations qui {verb} mises à jour : {self.count('updated')}",
            f"Inchangées : {self.count('unchanged')}",
            f"Lignes en erreur (non importées) : {self.count('error')}",
        ]
        lines += self.notes
        if self.unknown_columns:
            lines.append(f"Colonnes inconnues, ignorées : {', '.join(self.unknown_columns)}")
        lines += [f"  ligne {line} : {message}" for line, message in self.errors]
        lines += [f"  ligne {line} (avertissement) : {message}" for line, message in self.warnings]
        return lines


# --- reading --------------------------------------------------------------------------------------


def read_table(content: bytes, filename: str) -> tables.Table:
    """The rows of a curated list (CSV or XLSX), columns named by their key whether the file gives
    the key or its French title (« Nom » = name); a French error if the file cannot be read."""
    table = tables.read_table(content, filename, max_rows=MAX_ROWS)
    keys = [columns.key_of(name) for name in table.header]
    if keys != table.header:
        table.rows = [(line, {columns.key_of(name): value for name, value in row.items()}) for line, row in table.rows]
        table.header = keys
    return table


# --- checking -------------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _commune(data: dict, row: CuratedRow):
    insee = data.get("commune_insee", "")
    if insee:
        insee = insee.zfill(5) if insee.isdigit() else insee.upper()
        commune = reference.communes().get(insee)
        if commune is None:
            row.errors.append(f"commune inconnue « {data['commune_insee']} »")
        return commune
    postal_code, city = data.get("postal_code", "").zfill(5) if data.get("postal_code") else "", data.get("city", "")
    if not postal_code:
        return _commune_named(city, data.get("department", ""), row) if city else None
    candidates = reference.communes_by_postal_code().get(postal_code, [])
    if city:
        named = [c for c in candidates if reference.commune_name_key(c.name) == reference.commune_name_key(city)]
        candidates = named or candidates
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        row.errors.append(f"code postal inconnu « {postal_code} »")
    else:
        row.warnings.append(f"le code postal {postal_code} couvre plusieurs communes : précisez commune_insee")
    return None


def _department_code(value: str) -> str:
    """« 2 » as « 02 » (a spreadsheet dropped the zero), « 2a » as « 2A »."""
    return value.zfill(2) if value.isdigit() else value.upper()


def _commune_named(city: str, department: str, row: CuratedRow):
    """The commune a row names without a code: the only one of that name (in its département when
    the row gives one); else none, with a warning when several share the name."""
    department = _department_code(department)
    candidates = [
        c
        for c in reference.communes_by_name().get(reference.commune_name_key(city), [])
        if not department or c.department == department
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        row.warnings.append(f"plusieurs communes s'appellent « {city} » : précisez commune_insee ou postal_code")
    else:
        row.warnings.append(f"commune « {city} » introuvable : précisez commune_insee ou postal_code")
    return None


def check_row(line: int, data: dict, present: set[str], territory, vocabulary: Vocabulary) -> CuratedRow:
    row = CuratedRow(line=line, ref=data.get("ref", ""), values={})
    for name in REQUIRED:
        if not data.get(name):
            row.errors.append(f"la colonne « {name} » est vide")
    kind = KIND_BY_LABEL.get(fold(data.get("kind", "")), data.get("kind", ""))
    if kind and kind not in OrganisationKind.values:
        row.errors.append(f"type « {kind} » inconnu (attendu : {', '.join(OrganisationKind.values)})")
    if len(row.ref) > 64:
        row.errors.append("la référence dépasse 64 caractères")
    row.values.update({"name": data.get("name", "")[:255], "kind": kind})
    if "siret" in present:
        siret = data.get("siret", "").replace(" ", "")
        if siret.isdigit() and 9 < len(siret) < 14:
            siret = siret.zfill(14)  # a spreadsheet dropped its leading zeros
        if siret and (problem := reference.siret_problem(siret)):
            row.errors.append(problem)
        row.values["siret"] = siret or None
        if siret:
            row.values["siren"] = siret[:9]
    if "naf_code" in present:
        naf = data.get("naf_code", "").upper()
        if naf and naf not in reference.naf_labels():
            row.errors.append(f"code NAF inconnu « {naf} » (format attendu : 25.62B)")
        row.values["naf_code"] = naf
    if "headcount_band" in present:
        band = data.get("headcount_band", "").upper()
        band = band.zfill(2) if band.isdigit() else band
        if band and band not in reference.headcount_bands():
            row.errors.append(f"tranche d'effectif inconnue « {band} »")
        row.values["headcount_band"] = band
    if present & {"commune_insee", "postal_code", "city"}:
        commune = _commune(data, row)
        if commune is not None:
            row.values.update(
                {
                    "commune_insee": commune.insee,
                    "city": commune.name,
                    "department": commune.department,
                    "latitude": commune.latitude,
                    "longitude": commune.longitude,
                }
            )
            if data.get("postal_code"):
                row.values["postal_code"] = data["postal_code"].zfill(5)
            elif commune.postal_codes:
                row.values["postal_code"] = commune.postal_codes[0]
        elif data.get("city"):
            row.values["city"] = data["city"][:CITY_MAX_CHARS]  # kept as typed, without a place on the map
    department = _department_code(data.get("department", ""))
    if department:
        if row.values.get("department") and row.values["department"] != department:
            row.errors.append(f"le département {department} ne correspond pas à la commune")
        row.values.setdefault("department", department)
    if row.values.get("department") and row.values["department"] not in territory.department_codes:
        row.errors.append(f"le département {row.values['department']} n'appartient pas au territoire {territory}")
    for name in ("name", "description"):
        if name in present and (marking := find_marking(data.get(name, ""))):
            row.errors.append(marking_message(marking, where=f"La colonne « {name} »"))
    if "description" in present:
        row.values["description"] = data.get("description", "")
    if "website" in present:
        website = data.get("website", "")
        if website and not website.startswith(("http://", "https://")):
            website = "https://" + website
        try:
            if website:
                URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            row.errors.append(f"adresse de site web invalide « {data['website']} »")
        row.values["website"] = website[:200]
    if "capabilities" in present:
        row.capabilities, keywords = [], []
        for label in _split(data.get("capabilities", "")):
            capability = vocabulary.capability(label)
            if capability is None:
                keywords.append(label[:100])
            elif capability not in row.capabilities:
                row.capabilities.append(capability)
        row.values["keywords"] = keywords
        if keywords:
            row.warnings.append(f"capacités gardées comme mots-clés : {', '.join(keywords)}")
    if "certifications" in present:
        row.certifications = []
        row.values["has_clearance"] = None
        for name in _split(data.get("certifications", "")):
            if is_clearance_label(name):
                row.values["has_clearance"] = True
                continue
            certification = vocabulary.certification(name)
            if certification is None:
                row.warnings.append(f"certification inconnue « {name} », ignorée")
            elif certification not in row.certifications:
                row.certifications.append(certification)
    return row


def organisations_check(content: bytes, filename: str, territory) -> tuple[CuratedReport, list[CuratedRow]]:
    table = read_table(content, filename)
    header, rows = table.header, table.rows
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ApplicationError(
            f"Ligne 1 : colonne(s) obligatoire(s) manquante(s) : {', '.join(missing)}. "
            f"Colonnes attendues : {', '.join(KNOWN)}."
        )
    report = CuratedReport(unknown_columns=[name for name in header if name and name not in KNOWN], notes=table.notes)
    present = set(header) & set(KNOWN)
    vocabulary = Vocabulary()
    checked, refs, sirets = [], {}, {}
    for line, data in rows:
        row = check_row(line, data, present, territory, vocabulary)
        if row.ref in refs:
            row.errors.append(f"référence « {row.ref} » déjà utilisée ligne {refs[row.ref]}")
        refs.setdefault(row.ref, line)
        siret = row.values.get("siret")
        if siret and siret in sirets:
            row.errors.append(f"SIRET {siret} déjà utilisé ligne {sirets[siret]}")
        if siret:
            sirets.setdefault(siret, line)
        checked.append(row)
    _check_against_directory(checked)
    report.rows = checked
    return report, checked


def _check_against_directory(rows):
    """A SIRET may only link a row to the organisation of the same ref, or to one without a ref."""
    sirets = [row.values["siret"] for row in rows if row.values.get("siret")]
    owners = {o.siret: o for o in Organisation.objects.filter(siret__in=sirets).only("id", "siret", "ref", "name")}
    by_ref = {o.ref: o for o in Organisation.objects.filter(ref__in=[row.ref for row in rows]).only("id", "ref")}
    for row in rows:
        owner = owners.get(row.values.get("siret"))
        if owner is None:
            continue
        if owner.ref and owner.ref != row.ref:
            row.errors.append(f"le SIRET {owner.siret} appartient déjà à « {owner.name} » (référence {owner.ref})")
        elif row.ref in by_ref and by_ref[row.ref].pk != owner.pk:
            row.errors.append(f"le SIRET {owner.siret} appartient déjà à une autre organisation, « {owner.name} »")


# --- importing ------------------------------------------------------------------------------------


def organisations_import(*, content: bytes, filename: str, territory, actor=None, dry_run=False) -> CuratedReport:
    report, rows = organisations_check(content, filename, territory)
    report.dry_run = dry_run
    with transaction.atomic():
        touched = []
        for row in rows:
            if row.errors:
                row.outcome = "error"
                continue
            organisation = Organisation.objects.filter(ref=row.ref).first()
            if organisation is None and row.values.get("siret"):
                organisation = Organisation.objects.filter(siret=row.values["siret"], ref__isnull=True).first()
            row.outcome = _apply(row, organisation, territory, dry_run, touched)
        if not dry_run:
            services.organisation_reindex(touched)
            audit.record(
                actor=actor,
                action="organisations_imported",
                territory=territory,
                changes={"fichier": Path(filename).name, "compte_rendu": report.summary()},
            )
    return report


def _apply(row, organisation, territory, dry_run, touched) -> str:
    created = organisation is None
    if created:
        organisation = Organisation(territory=territory, source=OrganisationSource.CURATED)
    before = {name: getattr(organisation, name) for name in row.values}
    before_ref = organisation.ref
    for name, value in row.values.items():
        setattr(organisation, name, value)
    organisation.ref = row.ref
    changed = created or before_ref != row.ref or any(before[name] != value for name, value in row.values.items())
    current_capabilities = set() if created else set(organisation.capabilities.values_list("pk", flat=True))
    current_certifications = (
        set() if created else set(organisation.certifications.values_list("certification_id", flat=True))
    )
    if row.capabilities is not None and {c.pk for c in row.capabilities} != current_capabilities:
        changed = True
    if row.certifications is not None and {c.pk for c in row.certifications} != current_certifications:
        changed = True
    if not changed:
        return "unchanged"
    if dry_run:
        return "created" if created else "updated"
    organisation.save()
    if row.capabilities is not None:
        organisation.capabilities.set(row.capabilities)
    if row.certifications is not None:
        wanted = {c.pk for c in row.certifications}
        organisation.certifications.exclude(certification_id__in=wanted).delete()
        for certification in row.certifications:
            OrganisationCertification.objects.get_or_create(organisation=organisation, certification=certification)
    touched.append(organisation)
    return "created" if created else "updated"
