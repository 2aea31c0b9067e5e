"""SIRENE open-data import: the territory's establishments, joined with their legal units.

Two stages, so that files of any size pass through a bounded amount of memory:

1. **Scan** (columnar, pyarrow): the establishments file is read in blocks of a few MB, only the
   needed columns, and each block is filtered in C to the territory's départements (and NAF codes
   when asked). The legal-units file is then scanned the same way, keeping only the SIRENs found.
2. **Write** (Python, kept rows only — about 5 % of a national file): rows are checked, converted
   (Lambert-93 → WGS84 in one vectorised call) and upserted by SIRET in batches, each batch in its
   own transaction, so that an interrupted run leaves a consistent directory and a re-run finishes it.

Fields owned by SIRENE are refreshed; curated fields are never touched. An establishment closed in
SIRENE is marked closed, never deleted. Personal data of individual entrepreneurs and records under
partial diffusion are not stored.
"""

import functools
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from synergies.core.archives import UnsafeArchive, check_archive
from synergies.core.exceptions import ApplicationError
from synergies.core.text import CONTROL_CHARACTERS_PATTERN, OTHER_LINE_BREAKS_PATTERN

# Bytes of CSV parsed at a time: bounds memory, whatever the file size (measured in bench/sirene_import.py:
# 1 MB keeps the reader's pool under 80 MB for a speed within 15 % of larger blocks).
BLOCK_SIZE = 1 << 20

# The full headers of the stock files as published in 2025 (NAF 2025 columns last). The importer reads
# columns by name and needs only some of them; these are for the tests and the benchmark generator.
ESTABLISHMENT_HEADER_2025 = (
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
    "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,"
    "indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,"
    "typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
    "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,"
    "codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,"
    "identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,"
    "complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,"
    "libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,"
    "libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,codeCommune2Etablissement,"
    "codeCedex2Etablissement,libelleCedex2Etablissement,codePaysEtranger2Etablissement,"
    "libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,"
    "enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,"
    "nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement,activitePrincipaleNAF25Etablissement"
).split(",")
LEGAL_UNIT_HEADER_2025 = (
    "siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,sigleUniteLegale,"
    "sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,prenom4UniteLegale,"
    "prenomUsuelUniteLegale,pseudonymeUniteLegale,identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,"
    "anneeEffectifsUniteLegale,dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,categorieEntreprise,"
    "anneeCategorieEntreprise,dateDebut,etatAdministratifUniteLegale,nomUniteLegale,nomUsageUniteLegale,"
    "denominationUniteLegale,denominationUsuelle1UniteLegale,denominationUsuelle2UniteLegale,"
    "denominationUsuelle3UniteLegale,categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,"
    "nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,economieSocialeSolidaireUniteLegale,"
    "societeMissionUniteLegale,caractereEmployeurUniteLegale,activitePrincipaleNAF25UniteLegale"
).split(",")

# Only the columns the import stores or checks are read (fewer columns, less memory and time).
ESTABLISHMENT_COLUMNS = [
    "siren",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "etablissementSiege",
    "numeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "codeCommuneEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
]
ESTABLISHMENT_REQUIRED = {
    "siren",
    "siret",
    "statutDiffusionEtablissement",
    "codeCommuneEtablissement",
    "etatAdministratifEtablissement",
    "activitePrincipaleEtablissement",
}
LEGAL_UNIT_COLUMNS = [
    "siren",
    "statutDiffusionUniteLegale",
    "denominationUniteLegale",
    "sigleUniteLegale",
    "categorieEntreprise",
    "categorieJuridiqueUniteLegale",
]
LEGAL_UNIT_REQUIRED = {
    "siren",
    "statutDiffusionUniteLegale",
    "denominationUniteLegale",
    "categorieJuridiqueUniteLegale",
}


# --- reading -------------------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """A readable stream that counts bytes, for the progress of a file read through Python (zip)."""

    def __init__(self, stream):
        self.stream = stream
        self.count = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class _Source:
    """A CSV file, plain or zipped, with its size and a way to know how far the reading got."""

    def __init__(self, path: Path, label: str, notes: list | None = None):
        self.path = Path(path)
        self.label = label
        self.encoding = "utf8"  # INSEE's files; a legacy Windows-1252 copy is converted (see _scan)
        self.notes = notes if notes is not None else []
        if not self.path.exists():
            raise ApplicationError(f"{label} : le fichier {self.path} est introuvable.")
        self._zip = None
        self._counting = None
        if zipfile.is_zipfile(self.path):
            try:
                self._zip = zipfile.ZipFile(self.path)
                infos = check_archive(self._zip, max_uncompressed_bytes=None)
                members = [info for info in infos if info.filename.lower().endswith(".csv")]
            except UnsafeArchive as error:
                raise ApplicationError(f"{label} : archive refusée. {error}") from error
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise ApplicationError(f"{label} : l'archive zip est illisible ou endommagée.") from error
            if len(members) != 1:
                raise ApplicationError(f"{label} : l'archive doit contenir exactement un fichier CSV.")
            self.member = members[0]
            self.size = self.member.file_size
        elif self.path.suffix.lower() == ".zip":
            raise ApplicationError(f"{label} : l'archive zip est tronquée ou n'est pas un zip.")
        else:
            self.size = self.path.stat().st_size

    def open(self):
        if self._zip is not None:
            self._counting = _CountingReader(self._zip.open(self.member))
            return pa.PythonFile(io.BufferedReader(self._counting, buffer_size=1 << 20), mode="r")
        self._native = pa.OSFile(str(self.path), "r")
        return self._native

    def position(self) -> int:
        return self._counting.count if self._counting is not None else self._native.tell()

    def header(self) -> list[str]:
        stream = self._zip.open(self.member) if self._zip is not None else open(self.path, "rb")
        with stream:
            head = stream.read(8192)
        first = head.split(b"\n", 1)[0]
        if b"\x00" in head:
            raise ApplicationError(f"{self.label} : ce fichier n'est pas un CSV (texte) : déposez un fichier SIRENE.")
        try:
            text = first.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = first.decode("cp1252", errors="replace")  # the rows are checked (and converted) by _scan
        return [name.strip().strip('"') for name in text.rstrip("\r\n").split(",")]

    def first_bad_utf8_line(self) -> int | None:
        stream = self._zip.open(self.member) if self._zip is not None else open(self.path, "rb")
        with stream:
            for number, line in enumerate(stream, start=1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    return number
        return None


def _check_columns(source: _Source, required: set[str], wanted: list[str]) -> list[str]:
    header = source.header()
    missing = sorted(required - set(header))
    if missing:
        raise ApplicationError(
            f"{source.label}, ligne 1 : colonne(s) manquante(s) : {', '.join(missing)}. "
            "Les colonnes sont lues par leur nom : vérifiez qu'il s'agit bien du fichier attendu."
        )
    return [name for name in wanted if name in header]


CP1252_NOTE = "{label} : le fichier était encodé en Windows-1252 (« ANSI ») ; il a été converti en UTF-8."


def _scan(
    source: _Source,
    columns: list[str],
    keep: Callable,
    progress: Callable | None,
    share=(0, 1),
    on_restart: Callable | None = None,
):
    """The rows of `source` for which `keep(batch)` is true, with their line number (`_line`).

    A file that is not UTF-8 is read again as Windows-1252 (what a spreadsheet saves), with a note;
    `on_restart` forgets what `keep` collected during the first reading."""
    convert = pacsv.ConvertOptions(
        include_columns=columns,
        column_types={name: pa.string() for name in columns},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    read_options = pacsv.ReadOptions(block_size=BLOCK_SIZE, use_threads=True, encoding=source.encoding)
    kept, offset = [], 0
    try:
        reader = pacsv.open_csv(
            source.open(), read_options=read_options, convert_options=convert, memory_pool=_reader_pool()
        )
        for batch in reader:
            mask = keep(batch)
            lines = pa.array(np.arange(offset + 2, offset + 2 + batch.num_rows, dtype=np.int64))
            offset += batch.num_rows
            selected = pa.Table.from_batches([batch]).append_column("_line", lines).filter(mask)
            if selected.num_rows:
                kept.append(selected)
            if progress is not None and source.size:
                start, width = share
                progress(start + width * min(source.position() / source.size, 1.0))
    except pa.ArrowInvalid as error:
        message = str(error)
        if ("UTF8" in message or "utf8" in message or "UTF-8" in message) and source.encoding == "utf8":
            source.encoding = "cp1252"
            source.notes.append(CP1252_NOTE.format(label=source.label))
            if on_restart is not None:
                on_restart()
            return _scan(source, columns, keep, progress, share, on_restart)
        if "UTF8" in message or "utf8" in message or "UTF-8" in message:
            line = source.first_bad_utf8_line()
            where = f", ligne {line}" if line else ""
            raise ApplicationError(
                f"{source.label}{where} : le fichier n'est ni en UTF-8 ni en Windows-1252 "
                "(fichiers SIRENE « _utf8 » attendus)."
            ) from error
        raise ApplicationError(
            f"{source.label}, après la ligne {offset + 1} : le CSV est mal formé "
            "(nombre de colonnes différent de l'en-tête, ou guillemet non fermé)."
        ) from error
    except (zipfile.BadZipFile, EOFError, OSError, UnicodeDecodeError) as error:
        problem = "n'est pas en Windows-1252" if isinstance(error, UnicodeDecodeError) else "est tronqué ou corrompu"
        raise ApplicationError(f"{source.label}, après la ligne {offset + 1} : le fichier {problem}.") from error
    schema = pa.schema([(name, pa.string()) for name in columns] + [("_line", pa.int64())])
    return (_without_control_characters(pa.concat_tables(kept)) if kept else schema.empty_table()), offset


def _without_control_characters(table: pa.Table) -> pa.Table:
    """The rule of core.text.clean_control_characters, on the kept rows' text columns at once (the
    import writes them in bulk, without the models' pre-save hook)."""
    for index, name in enumerate(table.column_names):
        if name == "_line":
            continue
        column = pc.replace_substring_regex(table.column(index), OTHER_LINE_BREAKS_PATTERN, "\n")
        column = pc.replace_substring_regex(column, CONTROL_CHARACTERS_PATTERN, "")
        table = table.set_column(index, name, column)
    return table


@functools.cache
def _reader_pool():
    """The CSV reader's blocks come from jemalloc, which reuses them block after block; with mimalloc,
    Arrow's default, the reader's peak was 40 % higher in bench/sirene_import.py."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        return pa.default_memory_pool()


def _department_array(communes):
    two = pc.utf8_slice_codeunits(communes, 0, 2)
    three = pc.utf8_slice_codeunits(communes, 0, 3)
    return pc.if_else(pc.equal(two, "97"), three, two)


@dataclass
class EstablishmentScan:
    active: pa.Table  # the territory's active establishments, every needed column
    closed_sirets: list[str]  # the territory's closed establishments: only their SIRET is needed
    read: int  # rows read in the file


def scan_establishments(path, departments, naf_prefixes=(), progress=None, notes=None) -> EstablishmentScan:
    """The territory's establishments of the file, read block by block."""
    source = _Source(path, "Fichier des établissements", notes)
    columns = _check_columns(source, ESTABLISHMENT_REQUIRED, ESTABLISHMENT_COLUMNS)
    wanted = pa.array(sorted(departments))
    naf_prefixes = tuple(naf_prefixes)

    def keep(batch):
        mask = pc.is_in(_department_array(batch.column("codeCommuneEtablissement")), value_set=wanted)
        if naf_prefixes:
            naf = batch.column("activitePrincipaleEtablissement")
            naf_mask = pc.starts_with(naf, naf_prefixes[0])
            for prefix in naf_prefixes[1:]:
                naf_mask = pc.or_(naf_mask, pc.starts_with(naf, prefix))
            mask = pc.and_(mask, naf_mask)
        closed = pc.equal(batch.column("etatAdministratifEtablissement"), "F")
        closed_sirets.extend(batch.column("siret").filter(pc.and_(mask, closed)).to_pylist())
        return pc.and_(mask, pc.invert(closed))

    closed_sirets: list[str] = []
    active, read = _scan(source, columns, keep, progress, share=(0, 0.7), on_restart=closed_sirets.clear)
    pa.default_memory_pool().release_unused()  # the reader's blocks, before the next file is read
    return EstablishmentScan(active, closed_sirets, read)


def scan_legal_units(path, sirens: pa.Array, progress=None, notes=None) -> pa.Table:
    """The legal units whose SIREN is in `sirens`, with every wanted column (empty string if absent)."""
    source = _Source(path, "Fichier des unités légales", notes)
    columns = _check_columns(source, LEGAL_UNIT_REQUIRED, LEGAL_UNIT_COLUMNS)
    table, _ = _scan(source, columns, _siren_filter(sirens), progress, share=(0.7, 0.1))
    table = table.drop_columns(["_line"])
    for name in LEGAL_UNIT_COLUMNS:
        if name not in table.column_names:
            table = table.append_column(name, pa.array([""] * table.num_rows, type=pa.string()))
    return table


def _siren_filter(sirens: pa.Array):
    """A batch filter keeping the wanted SIRENs. SIRENs are 9 digits: as integers, a binary search in
    one sorted array is far cheaper than a set lookup rebuilt for every block of the file."""
    try:
        wanted = np.unique(pc.cast(sirens, pa.int64()).to_numpy(zero_copy_only=False))
    except pa.ArrowInvalid:
        wanted = None
    if wanted is None or not len(wanted):
        return lambda batch: pc.is_in(batch.column("siren"), value_set=sirens)

    def keep(batch):
        column = batch.column("siren")
        try:
            numbers = pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:  # a malformed SIREN in this block: the slow, exact way
            return pc.is_in(column, value_set=sirens)
        positions = np.minimum(np.searchsorted(wanted, numbers), len(wanted) - 1)
        return pa.array(wanted[positions] == numbers)

    return keep


def join_legal_units(establishments: pa.Table, legal_units: pa.Table) -> pa.Table:
    """Each establishment with its legal unit's columns (null where the legal unit is missing)."""
    return establishments.join(legal_units, keys="siren", join_type="left outer", use_threads=True)


def joined_rows(establishments: pa.Table, legal_units: pa.Table, chunk_size: int):
    """The establishments joined with their legal unit, as lists of row dicts of `chunk_size`.

    Chunk by chunk, by binary search on the SIRENs as integers: no joined copy of the whole table is
    ever held (an Arrow hash join of the territory added 50 MB at 3 M rows). Falls back to the Arrow
    join when a SIREN is not numeric.
    """
    unit_columns = [name for name in legal_units.column_names if name != "siren"]
    units_table = legal_units.select(unit_columns).combine_chunks()  # one chunk: `take` stays cheap
    try:
        unit_numbers = pc.cast(legal_units.column("siren"), pa.int64()).to_numpy(zero_copy_only=False)
        order = np.argsort(unit_numbers, kind="stable")
        sorted_numbers = unit_numbers[order]
    except pa.ArrowInvalid:
        for batch in join_legal_units(establishments, legal_units).to_batches(max_chunksize=chunk_size):
            yield batch.to_pylist()
        return
    # The scan leaves one small chunk per block read: regrouped, each write chunk is full-size.
    for batch in establishments.combine_chunks().to_batches(max_chunksize=chunk_size):
        rows = batch.to_pylist()
        if not rows:
            continue
        numbers = pc.cast(batch.column("siren"), pa.int64()).to_numpy(zero_copy_only=False)
        if len(sorted_numbers):
            positions = np.minimum(np.searchsorted(sorted_numbers, numbers), len(sorted_numbers) - 1)
            found = sorted_numbers[positions] == numbers
            units = units_table.take(pa.array(order[positions])).to_pylist()
        else:
            found, units = np.zeros(len(rows), dtype=bool), [{}] * len(rows)
        for row, unit, present in zip(rows, units, found, strict=True):
            row.update(unit if present else dict.fromkeys(unit_columns))
        yield rows
