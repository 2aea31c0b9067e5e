"""Generate SIRENE stock files (establishments and legal units) with realistic value distributions.

    python bench/sirene_generate.py --rows 1000000 --out var/bench/1m

About 5 % of establishments are in Bretagne (départements 22, 29, 35, 56), as in the national file;
about 40 % are closed, 3 % under partial diffusion, a quarter belong to individual entrepreneurs
(with the personal columns filled, which the importer must drop). SIRENs and SIRETs are Luhn-valid.
Vectorised with numpy and written by pyarrow: a million rows take a few seconds.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
from pyarrow import csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synergies.directory import reference  # noqa: E402
from synergies.directory.sirene import ESTABLISHMENT_HEADER_2025, LEGAL_UNIT_HEADER_2025  # noqa: E402

BRETAGNE = ("22", "29", "35", "56")
BRETAGNE_SHARE = 0.05
NAF_COMMON = ["47.11F", "56.10A", "43.21A", "68.20B", "70.22Z", "62.01Z", "86.21Z", "96.02A", "41.20A", "49.41A",
              "25.62B", "33.15Z", "26.11Z", "71.12B", "62.02A", "85.59A", "80.10Z", "30.11Z", "25.61Z", "01.11Z"]  # fmt: skip
STREETS = ["DE LA GARE", "DU PORT", "JEAN JAURES", "DE BREST", "DES CHANTIERS", "DE LA REPUBLIQUE", "VICTOR HUGO",
           "DU GENERAL DE GAULLE", "DES ECOLES", "DE LA MAIRIE", "DE KERLANN", "PASTEUR", "DE SIAM"]  # fmt: skip
STREET_TYPES = ["RUE", "AV", "BD", "PL", "CHE", "ZA", "ZI", "ALL", "RTE", "IMP"]
BANDS = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53", ""]
BAND_WEIGHTS = [30, 5, 14, 9, 6, 5, 3, 1.5, 0.8, 0.2, 0.3, 0.1, 0.05, 0.02, 0.01, 0.01, 25]
LEGAL_CATEGORIES = ["1000", "5710", "5499", "5720", "6540", "9220", "5410", "7210"]
LEGAL_WEIGHTS = [25, 30, 12, 10, 8, 8, 4, 3]
WORDS = ["ATELIER", "ARMOR", "OCEAN", "BRETAGNE", "SERVICES", "INDUSTRIE", "TECHNOLOGIES", "CONSEIL", "MECANIQUE",
         "ELECTRONIQUE", "NAVAL", "SYSTEMES", "HOLDING", "IMMOBILIER", "TRANSPORTS", "BATIMENT", "DIGITAL", "OUEST"]  # fmt: skip


def luhn_complete(payload: np.ndarray) -> np.ndarray:
    """Rows of digits → the same rows with the Luhn check digit appended."""
    length = payload.shape[1]
    doubled = ((length - np.arange(length)) % 2) == 1  # positions from the right, check digit excluded
    values = payload.copy()
    values[:, doubled] *= 2
    values[values > 9] -= 9
    check = (10 - values.sum(axis=1) % 10) % 10
    return np.concatenate([payload, check[:, None]], axis=1)


def digits_to_strings(digits: np.ndarray) -> pa.Array:
    text = (digits.astype(np.uint8) + ord("0")).tobytes()
    width = digits.shape[1]
    return pa.array([text[i * width : (i + 1) * width].decode() for i in range(digits.shape[0])])


def generate(rows: int, out: Path, seed: int = 42, chunk: int = 500_000) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    communes = reference.communes()
    breton = np.array([c for c in communes if c[:2] in BRETAGNE])
    others = np.array([c for c in communes if c[:2] not in BRETAGNE and not c.startswith("97")])
    postal = {code: (c.postal_codes[0] if c.postal_codes else "") for code, c in communes.items()}
    names = {code: c.name.upper() for code, c in communes.items()}
    units = max(1, int(rows / 1.6))
    establishment_path, legal_unit_path = out / "StockEtablissement_utf8.csv", out / "StockUniteLegale_utf8.csv"
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed")  # header written unquoted, as INSEE does
    # Legal units: SIREN 1..units (8 digits + check).
    legal_unit_path.write_text(",".join(LEGAL_UNIT_HEADER_2025) + "\n", encoding="utf-8")
    establishment_path.write_text(",".join(ESTABLISHMENT_HEADER_2025) + "\n", encoding="utf-8")
    with (
        open(legal_unit_path, "ab") as sink,
        pacsv.CSVWriter(sink, _schema(LEGAL_UNIT_HEADER_2025), write_options=options) as writer,
    ):
        for start in range(0, units, chunk):
            count = min(chunk, units - start)
            writer.write_table(_legal_units(rng, start, count))
    with (
        open(establishment_path, "ab") as sink,
        pacsv.CSVWriter(sink, _schema(ESTABLISHMENT_HEADER_2025), write_options=options) as writer,
    ):
        for start in range(0, rows, chunk):
            count = min(chunk, rows - start)
            writer.write_table(_establishments(rng, start, count, units, breton, others, postal, names))
    return establishment_path, legal_unit_path


def _schema(header):
    return pa.schema([(name, pa.string()) for name in header])


def _siren_digits(numbers: np.ndarray) -> np.ndarray:
    payload = (numbers[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    return luhn_complete(payload)


def _legal_units(rng, start, count):
    numbers = np.arange(start + 1, start + count + 1)
    sirens = digits_to_strings(_siren_digits(numbers))
    category = rng.choice(LEGAL_CATEGORIES, size=count, p=np.array(LEGAL_WEIGHTS) / sum(LEGAL_WEIGHTS))
    individual = category == "1000"
    words = rng.choice(WORDS, size=(count, 2))
    denomination = np.where(individual, "", np.char.add(np.char.add(words[:, 0], " "), words[:, 1]))
    columns = {name: pa.array([""] * count) for name in LEGAL_UNIT_HEADER_2025}
    columns.update(
        {
            "siren": sirens,
            "statutDiffusionUniteLegale": pa.array(np.where(rng.random(count) < 0.03, "P", "O")),
            "denominationUniteLegale": pa.array(denomination),
            "nomUniteLegale": pa.array(np.where(individual, rng.choice(["MARTIN", "LE GALL", "DUPONT"], count), "")),
            "prenom1UniteLegale": pa.array(np.where(individual, rng.choice(["YANN", "ANNE", "LOIC"], count), "")),
            "categorieJuridiqueUniteLegale": pa.array(category),
            "categorieEntreprise": pa.array(rng.choice(["PME", "PME", "PME", "ETI", "GE", ""], count)),
            "etatAdministratifUniteLegale": pa.array(np.where(rng.random(count) < 0.35, "C", "A")),
            "activitePrincipaleUniteLegale": pa.array(rng.choice(NAF_COMMON, count)),
            "dateCreationUniteLegale": pa.array(_dates(rng, count)),
        }
    )
    return pa.table([columns[name] for name in LEGAL_UNIT_HEADER_2025], names=LEGAL_UNIT_HEADER_2025)


def _dates(rng, count):
    days = rng.integers(0, 365 * 50, count)
    return np.datetime_as_string(np.datetime64("1975-01-01") + days.astype("timedelta64[D]"))


def _establishments(rng, start, count, units, breton, others, postal, names):
    unit_numbers = rng.integers(1, units + 1, count)
    siren_digits = _siren_digits(unit_numbers)
    nic = rng.integers(1, 9999, count)
    nic_digits = (nic[:, None] // 10 ** np.arange(3, -1, -1)) % 10
    siret_digits = luhn_complete(np.concatenate([siren_digits, nic_digits], axis=1))
    in_bretagne = rng.random(count) < BRETAGNE_SHARE
    commune = np.where(in_bretagne, rng.choice(breton, count), rng.choice(others, count))
    partial = rng.random(count) < 0.03
    x = np.round(rng.uniform(100_000, 1_200_000, count), 1).astype(str)
    y = np.round(rng.uniform(6_050_000, 7_100_000, count), 1).astype(str)
    naf = np.where(
        rng.random(count) < 0.85, rng.choice(NAF_COMMON, count), rng.choice(list(reference.naf_labels())[:700], count)
    )
    columns = {name: pa.array([""] * count) for name in ESTABLISHMENT_HEADER_2025}
    siret_text = digits_to_strings(siret_digits)
    columns.update(
        {
            "siren": pa.array([s[:9] for s in siret_text.to_pylist()]),
            "nic": pa.array([s[9:] for s in siret_text.to_pylist()]),
            "siret": siret_text,
            "statutDiffusionEtablissement": pa.array(np.where(partial, "P", "O")),
            "dateCreationEtablissement": pa.array(_dates(rng, count)),
            "trancheEffectifsEtablissement": pa.array(
                rng.choice(BANDS, count, p=np.array(BAND_WEIGHTS) / sum(BAND_WEIGHTS))
            ),
            "anneeEffectifsEtablissement": pa.array(rng.choice(["2021", "2022", "2023", ""], count)),
            "etablissementSiege": pa.array(rng.choice(["true", "false"], count)),
            "numeroVoieEtablissement": pa.array(rng.integers(1, 200, count).astype(str)),
            "typeVoieEtablissement": pa.array(rng.choice(STREET_TYPES, count)),
            "libelleVoieEtablissement": pa.array(rng.choice(STREETS, count)),
            "codePostalEtablissement": pa.array([postal.get(c, "") for c in commune]),
            "libelleCommuneEtablissement": pa.array([names.get(c, "") for c in commune]),
            "codeCommuneEtablissement": pa.array(commune),
            "coordonneeLambertAbscisseEtablissement": pa.array(np.where(partial, "", x)),
            "coordonneeLambertOrdonneeEtablissement": pa.array(np.where(partial, "", y)),
            "dateDebut": pa.array(_dates(rng, count)),
            "etatAdministratifEtablissement": pa.array(np.where(rng.random(count) < 0.4, "F", "A")),
            "enseigne1Etablissement": pa.array(np.where(rng.random(count) < 0.1, rng.choice(WORDS, count), "")),
            "activitePrincipaleEtablissement": pa.array(naf),
            "nomenclatureActivitePrincipaleEtablissement": pa.array(["NAFRev2"] * count),
            "caractereEmployeurEtablissement": pa.array(rng.choice(["O", "N", ""], count)),
        }
    )
    return pa.table([columns[name] for name in ESTABLISHMENT_HEADER_2025], names=ESTABLISHMENT_HEADER_2025)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("var/bench/1m"))
    parser.add_argument("--seed", type=int, default=42)
    arguments = parser.parse_args()
    paths = generate(arguments.rows, arguments.out, arguments.seed)
    for path in paths:
        print(f"{path} — {path.stat().st_size / 1e6:.0f} Mo")
