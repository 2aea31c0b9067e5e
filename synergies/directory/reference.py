"""Reference facts shipped in `directory/data/` (NAF, communes, headcount bands…), loaded once per process."""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
LA_POSTE_SIREN = "356000000"  # its establishments' SIRETs do not follow the Luhn rule


def siret_problem(siret: str) -> str | None:
    """None when `siret` is a valid SIRET, else the reason in French."""
    if len(siret) != 14 or not siret.isdigit():
        return f"le SIRET « {siret} » doit comporter 14 chiffres"
    if siret.startswith(LA_POSTE_SIREN):
        return None if sum(int(d) for d in siret) % 5 == 0 else f"le SIRET « {siret} » est invalide (clé de contrôle)"
    if not _luhn_ok(siret):
        return f"le SIRET « {siret} » est invalide (clé de contrôle)"
    return None


def luhn_complete(prefix: str) -> str:
    """`prefix` followed by the digit that makes it Luhn-valid (to build SIRENs and SIRETs)."""
    return next(prefix + str(digit) for digit in range(10) if _luhn_ok(prefix + str(digit)))


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@functools.cache
def naf_labels() -> dict[str, str]:
    """NAF rév. 2 sous-classes (`25.62B`) and NAF 2025 sous-classes → label."""
    labels = {}
    with open(DATA_DIR / "naf_rev2_tous_niveaux.tsv", encoding="utf-8") as file:
        for row in csv.reader(file, delimiter="\t"):
            if len(row) > 2 and len(row[1].strip()) == 6:
                labels[row[1].strip()] = row[2].strip()
    with open(DATA_DIR / "naf2025_sous_classes.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            labels.setdefault(row["code_naf2025"], row["libelle"])
    return labels


def naf_label(code: str) -> str:
    return naf_labels().get(code, "")


@functools.cache
def headcount_bands() -> dict[str, str]:
    with open(DATA_DIR / "tranches_effectifs.csv", encoding="utf-8") as file:
        return {row["code"]: row["libelle"] for row in csv.DictReader(file)}


@functools.cache
def company_categories() -> dict[str, str]:
    with open(DATA_DIR / "categories_entreprise.csv", encoding="utf-8") as file:
        return {row["code"]: row["libelle"] for row in csv.DictReader(file)}


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    department: str
    name: str
    postal_codes: tuple[str, ...]
    latitude: float | None
    longitude: float | None


@functools.cache
def communes() -> dict[str, Commune]:
    result = {}
    with open(DATA_DIR / "communes_france_2024.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            result[row["insee_com"]] = Commune(
                insee=row["insee_com"],
                department=row["insee_dep"],
                name=row["commune_article"],
                postal_codes=tuple(row["code_postal"].split()),
                latitude=float(row["lat"]) if row["lat"] else None,
                longitude=float(row["lng"]) if row["lng"] else None,
            )
    return result


@functools.cache
def communes_by_postal_code() -> dict[str, list[Commune]]:
    index: dict[str, list[Commune]] = {}
    for commune in communes().values():
        for code in commune.postal_codes:
            index.setdefault(code, []).append(commune)
    return index


def commune_name_key(name: str) -> str:
    """A town's name compared whatever its case, accents and hyphens (« saint malo » = « Saint-Malo »)."""
    from synergies.core.text import fold

    return fold(name).replace("-", " ")


@functools.cache
def communes_by_name() -> dict[str, list[Commune]]:
    """Communes by commune_name_key: several share a name across France."""
    index: dict[str, list[Commune]] = {}
    for commune in communes().values():
        index.setdefault(commune_name_key(commune.name), []).append(commune)
    return index


def department_of_commune(insee: str) -> str:
    """SIRENE has no département column: the first two characters of the commune, three overseas."""
    return insee[:3] if insee.startswith("97") else insee[:2]


def commune_in(city: str, departments: set[str]) -> Commune | None:
    """The only commune of that name within the given départements (None when none or several)."""
    candidates = [c for c in communes_by_name().get(commune_name_key(city), []) if c.department in departments]
    return candidates[0] if len(candidates) == 1 else None
