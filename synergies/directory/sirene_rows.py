"""SIRENE rows once scanned (sirene.py): what is kept or left out and why, the conversion of a row to
an organisation's SIRENE-owned fields, and the report of an import."""

import datetime
import functools
import hashlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from synergies.directory import reference
from synergies.directory.enums import OrganisationKind

INDIVIDUAL_ENTREPRENEUR = "1000"  # catégorie juridique « entrepreneur individuel »

# Values that the SIRENE import owns on an Organisation (the rest is curated).
SIRENE_FIELDS = [
    "siren",
    "legal_name",
    "acronym",
    "naf_code",
    "headcount_band",
    "headcount_year",
    "category",
    "legal_category",
    "is_headquarters",
    "is_employer",
    "founded_on",
    "address",
    "postal_code",
    "commune_insee",
    "city",
    "department",
    "latitude",
    "longitude",
    "is_closed",
]

STREET_TYPES = {
    "AV": "avenue",
    "BD": "boulevard",
    "CHE": "chemin",
    "IMP": "impasse",
    "PL": "place",
    "QU": "quai",
    "RTE": "route",
    "R": "rue",
    "RUE": "rue",
    "ALL": "allée",
    "ZA": "zone artisanale",
    "ZI": "zone industrielle",
    "LD": "lieu-dit",
    "SQ": "square",
    "CRS": "cours",
    "PRO": "promenade",
    "RPT": "rond-point",
    "HAM": "hameau",
    "PARC": "parc",
    "ESP": "esplanade",
}


@dataclass
class SireneReport:
    read: int = 0
    in_territory: int = 0
    kept: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    skipped: Counter = field(default_factory=Counter)  # left out by policy (personal data, partial diffusion)
    rejected: Counter = field(default_factory=Counter)  # invalid data
    examples: list = field(default_factory=list)  # (line, siret, reason) of rejected rows, the first ones
    notes: list = field(default_factory=list)  # about the files (e.g. converted from Windows-1252)
    dry_run: bool = False

    MAX_EXAMPLES = 50

    def skip(self, reason: str):
        self.skipped[reason] += 1

    def reject(self, line: int, siret: str, reason: str):
        self.rejected[reason] += 1
        if len(self.examples) < self.MAX_EXAMPLES:
            self.examples.append((line, siret, reason))

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "in_territory": self.in_territory,
            "kept": self.kept,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "closed": self.closed,
            "skipped": dict(self.skipped),
            "skipped_total": sum(self.skipped.values()),
            "rejected": dict(self.rejected),
            "rejected_total": sum(self.rejected.values()),
            "examples": [list(example) for example in sorted(self.examples)],
            "notes": self.notes,
            "dry_run": self.dry_run,
        }

    def lines(self) -> list[str]:
        """The report in French, one line per figure, as the command prints it."""
        verb = "seraient" if self.dry_run else "ont été"
        lines = [
            *self.notes,
            f"Lignes lues : {self.read}",
            f"Établissements du territoire : {self.in_territory}",
            f"Retenus (actifs, diffusibles, valides) : {self.kept}",
            f"Organisations qui {verb} créées : {self.created}",
            f"Organisations qui {verb} mises à jour : {self.updated}",
            f"Inchangées : {self.unchanged}",
            f"Marquées fermées : {self.closed}",
            f"Écartées par principe (données personnelles, diffusion partielle) : {sum(self.skipped.values())}",
        ]
        lines += [f"  — {reason} : {count}" for reason, count in self.skipped.most_common()]
        lines.append(f"Rejetées (données invalides) : {sum(self.rejected.values())}")
        lines += [f"  — {reason} : {count}" for reason, count in self.rejected.most_common()]
        if self.examples:
            lines.append("Premières lignes rejetées :")
            lines += [
                f"  ligne {line} (SIRET {siret or '?'}) : {reason}" for line, siret, reason in sorted(self.examples)
            ]
        return lines


# --- converting ----------------------------------------------------------------------------------


@functools.cache
def _lambert93_transformer():
    from pyproj import Transformer  # imported here: start-up time the web process does not need

    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def lambert93_to_wgs84(xs: list[str], ys: list[str]) -> list[tuple[float | None, float | None]]:
    """Lambert-93 (EPSG:2154) metres → (latitude, longitude); empty or unreadable values give None."""
    x = np.array([_float(value) for value in xs], dtype=np.float64)
    y = np.array([_float(value) for value in ys], dtype=np.float64)
    longitude, latitude = _lambert93_transformer().transform(x, y)
    return [
        (None, None) if np.isnan(lat) or np.isinf(lat) else (round(float(lat), 6), round(float(lon), 6))
        for lat, lon in zip(latitude, longitude, strict=True)
    ]


def _float(value: str) -> float:
    try:
        return float(value) if value and value != "[ND]" else np.nan
    except ValueError:
        return np.nan


def kind_for_naf(naf_code: str) -> str:
    """A first guess of the kind from the activity; coordinators correct it where needed."""
    if naf_code.startswith("72."):
        return OrganisationKind.LABORATORY
    if naf_code.startswith(("85.4", "85.3")):
        return OrganisationKind.SCHOOL
    if naf_code.startswith("84.22"):
        return OrganisationKind.STATE_SERVICE
    if naf_code.startswith("84.1"):
        return OrganisationKind.LOCAL_AUTHORITY
    if naf_code.startswith("94."):
        return OrganisationKind.ASSOCIATION
    return OrganisationKind.COMPANY


def _address(row) -> str:
    street_type = STREET_TYPES.get(row.get("typeVoieEtablissement", ""), row.get("typeVoieEtablissement", "").lower())
    parts = [row.get("numeroVoieEtablissement", ""), street_type, row.get("libelleVoieEtablissement", "").title()]
    return " ".join(part for part in parts if part)[:255]


def _year(value: str):
    return int(value) if value and value.isdigit() else None


def _date(value: str):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def sirene_values(row, coordinates) -> dict:
    """The SIRENE-owned field values of an Organisation, from an establishment joined with its legal unit.

    `row` maps column names to text; columns absent from the file or from a missing legal unit are None.
    """
    row = {name: value or "" for name, value in row.items()}
    commune = reference.communes().get(row["codeCommuneEtablissement"])
    latitude, longitude = coordinates
    if latitude is None and commune is not None:
        latitude, longitude = commune.latitude, commune.longitude  # the commune's centre, for the map
    return {
        "siren": row["siren"],
        "legal_name": row.get("denominationUniteLegale", "")[:255],
        "acronym": row.get("sigleUniteLegale", "")[:50],
        "naf_code": row["activitePrincipaleEtablissement"],
        "headcount_band": row.get("trancheEffectifsEtablissement", "")[:2],
        "headcount_year": _year(row.get("anneeEffectifsEtablissement", "")),
        "category": row.get("categorieEntreprise", "")[:3],
        "legal_category": row.get("categorieJuridiqueUniteLegale", "")[:4],
        "is_headquarters": {"true": True, "false": False}.get(row.get("etablissementSiege", "")),
        "is_employer": {"O": True, "N": False}.get(row.get("caractereEmployeurEtablissement", "")),
        "founded_on": _date(row.get("dateCreationEtablissement", "")),
        "address": _address(row),
        "postal_code": row.get("codePostalEtablissement", "")[:5],
        "commune_insee": row["codeCommuneEtablissement"],
        "city": commune.name if commune else "",
        "department": reference.department_of_commune(row["codeCommuneEtablissement"]),
        "latitude": latitude,
        "longitude": longitude,
        "is_closed": row["etatAdministratifEtablissement"] == "F",
    }


def establishment_name(row) -> str:
    return (
        row.get("enseigne1Etablissement")
        or row.get("denominationUsuelleEtablissement")
        or row.get("denominationUniteLegale")
        or row["siret"]
    )[:255]


def values_hash(values: dict) -> str:
    """A fingerprint of the SIRENE values (fields in SIRENE_FIELDS order): unchanged rows are skipped."""
    text = "\x1f".join(str(values[name]) for name in SIRENE_FIELDS)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def policy_exclusion(row) -> str | None:
    """Why an establishment is left out on principle (DESIGN.md: no personal data, no partial diffusion)."""
    if row["statutDiffusionEtablissement"] != "O":
        return "diffusion partielle (non importé)"
    if row.get("statutDiffusionUniteLegale") not in (None, "O"):
        return "unité légale en diffusion partielle (non importée)"
    if row.get("categorieJuridiqueUniteLegale") == INDIVIDUAL_ENTREPRENEUR:
        return "entrepreneur individuel (données personnelles, non importé)"
    return None


def row_problem(row) -> str | None:
    """What is wrong with an active establishment's data (joined with its legal unit), or None."""
    if row.get("statutDiffusionUniteLegale") is None:
        return "unité légale absente du fichier des unités légales"
    problem = reference.siret_problem(row["siret"])
    if problem:
        return problem
    if not row["siret"].startswith(row["siren"]):
        return f"le SIRET {row['siret']} ne commence pas par le SIREN {row['siren']}"
    if row["codeCommuneEtablissement"] not in reference.communes():
        return f"commune inconnue « {row['codeCommuneEtablissement']} »"
    naf = row["activitePrincipaleEtablissement"] or ""
    if naf and naf not in reference.naf_labels():
        return f"code NAF inconnu « {naf} »"
    return None
