"""Tables that people upload — a CSV (UTF-8, Windows-1252 or Latin-1; comma, semicolon or tab) or an
XLSX workbook — read into rows of text the same way for every import of the platform.

Every refusal is a French message that says what to do (never a library's English); a file in a
legacy encoding is converted with a note rather than refused, since that is what a spreadsheet
saves by default on many machines.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from synergies.core.archives import UnsafeArchive, check_archive
from synergies.core.exceptions import ApplicationError
from synergies.core.text import clean_control_characters

MAX_CELL_CHARACTERS = 20_000
MAX_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
_BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"MZ",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
)
_ENCODING_NOTES = {
    "cp1252": "Le fichier était encodé en Windows-1252 (« ANSI ») : il a été converti en UTF-8 ; vérifiez les accents.",
    "latin-1": "Le fichier était encodé en ISO-8859-1 (Latin-1) : il a été converti en UTF-8 ; vérifiez les accents.",
    "utf-16": "Le fichier était encodé en UTF-16 : il a été converti en UTF-8.",
}


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, {column: text})
    notes: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str, *, max_rows: int) -> Table:
    """The rows of an uploaded CSV or XLSX file; ApplicationError (French) if it cannot be read."""
    if not content.strip():
        raise ApplicationError("Le fichier est vide.")
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content, max_rows)
    if filename.lower().endswith(".xlsx"):
        raise ApplicationError("Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel.")
    text, notes = _decode(content)
    if text.lstrip().lower().startswith(("<!doctype", "<html", "<svg", "<?xml", "<script")):
        raise ApplicationError("Ce fichier est une page HTML ou un fichier XML, pas un tableau CSV ou XLSX.")
    return _read_csv(text, notes, max_rows)


def _decode(content: bytes) -> tuple[str, list[str]]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), [_ENCODING_NOTES["utf-16"]]
        except UnicodeDecodeError:
            raise ApplicationError("Le fichier UTF-16 est endommagé : enregistrez-le en « CSV UTF-8 ».") from None
    if content.startswith(_BINARY_SIGNATURES) or b"\x00" in content[:8192]:
        raise ApplicationError(
            "Ce fichier n'est pas un tableau : déposez un fichier CSV (texte) ou XLSX enregistré depuis votre tableur."
        )
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, ([_ENCODING_NOTES[encoding]] if encoding in _ENCODING_NOTES else [])
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")  # 60 000, with the narrow no-break space


def _checked(line: int, column: str, value: str) -> str:
    value = clean_control_characters(value).strip()
    if len(value) > MAX_CELL_CHARACTERS:
        raise ApplicationError(
            f"Ligne {line}, colonne « {column} » : {_number(len(value))} caractères, "
            f"{_number(MAX_CELL_CHARACTERS)} au plus."
        )
    return value


def _row(line: int, header: list[str], values: list[str]) -> dict[str, str]:
    return {name: _checked(line, name, value) for name, value in zip(header, values, strict=False)}


def _read_csv(text: str, notes: list[str], max_rows: int) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = [clean_control_characters(name).strip() for name in next(reader)]
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= max_rows:
                raise ApplicationError(f"Le fichier dépasse {max_rows} lignes : découpez-le.")
            rows.append((reader.line_num, _row(reader.line_num, header, values)))
    except StopIteration:
        raise ApplicationError("Le fichier est vide.") from None
    except csv.Error as error:
        raise ApplicationError(
            f"Ligne {reader.line_num} : CSV mal formé (guillemet non fermé, ou champ de plus de "
            f"{_number(csv.field_size_limit())} caractères)."
        ) from error
    return Table(header, rows, notes)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _read_xlsx(content: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    unreadable = (
        "Le classeur XLSX est illisible ou endommagé : ouvrez-le dans votre tableur et enregistrez-le à nouveau."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_archive(archive, max_uncompressed_bytes=MAX_XLSX_UNCOMPRESSED_BYTES)
            if "xl/workbook.xml" not in archive.namelist():
                raise ApplicationError("Cette archive n'est pas un classeur XLSX.")
    except UnsafeArchive as error:
        raise ApplicationError(f"Classeur refusé : {error}") from error
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ApplicationError(unreadable) from error
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        lines = workbook.worksheets[0].iter_rows(values_only=True)
        try:
            header = [clean_control_characters(_cell(value)).strip() for value in next(lines)]
        except StopIteration:
            raise ApplicationError("Le classeur est vide.") from None
        rows = []
        for number, values in enumerate(lines, start=2):
            cells = [_cell(value) for value in values]
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                raise ApplicationError(f"Le fichier dépasse {max_rows} lignes : découpez-le.")
            rows.append((number, _row(number, header, cells)))
        workbook.close()
    except ApplicationError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ApplicationError(unreadable) from error
    return Table(header, rows, [])
