"""Small SIRENE stock files for tests, with the real 2025 headers."""

import csv
import zipfile

from synergies.directory.reference import luhn_complete
from synergies.directory.sirene import ESTABLISHMENT_HEADER_2025, LEGAL_UNIT_HEADER_2025


def siren(number: int) -> str:
    return luhn_complete(f"{number:08d}")


def siret(siren_: str, nic: int = 1) -> str:
    return luhn_complete(f"{siren_}{nic:04d}")


def establishment(siren_, nic=1, **values):
    row = {name: "" for name in ESTABLISHMENT_HEADER_2025}
    row.update(
        {
            "siren": siren_,
            "nic": f"{nic:04d}0"[:5],
            "siret": siret(siren_, nic),
            "statutDiffusionEtablissement": "O",
            "dateCreationEtablissement": "2005-03-01",
            "trancheEffectifsEtablissement": "12",
            "anneeEffectifsEtablissement": "2023",
            "etablissementSiege": "true",
            "numeroVoieEtablissement": "12",
            "typeVoieEtablissement": "RUE",
            "libelleVoieEtablissement": "DE SIAM",
            "codePostalEtablissement": "29200",
            "libelleCommuneEtablissement": "BREST",
            "codeCommuneEtablissement": "29019",
            "coordonneeLambertAbscisseEtablissement": "146120.5",
            "coordonneeLambertOrdonneeEtablissement": "6838670.2",
            "etatAdministratifEtablissement": "A",
            "activitePrincipaleEtablissement": "25.62B",
            "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
            "caractereEmployeurEtablissement": "O",
        }
    )
    row.update(values)
    return row


def legal_unit(siren_, **values):
    row = {name: "" for name in LEGAL_UNIT_HEADER_2025}
    row.update(
        {
            "siren": siren_,
            "statutDiffusionUniteLegale": "O",
            "denominationUniteLegale": f"SOCIETE {siren_}",
            "categorieEntreprise": "PME",
            "categorieJuridiqueUniteLegale": "5710",
            "etatAdministratifUniteLegale": "A",
        }
    )
    row.update(values)
    return row


def write_csv(path, rows, header=None, encoding="utf-8"):
    header = header or list(rows[0].keys())
    with open(path, "w", encoding=encoding, newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_zip(path, member, rows):
    csv_path = path.with_suffix(".csv.tmp")
    write_csv(csv_path, rows)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv_path, member)
    csv_path.unlink()
    return path
