"""The bad-file corpus: what people (and attackers) upload, each kind with the outcome the platform
promises. Run through every upload and import by test_bad_files.py.

A kind is refused (`refused` is a fragment of the French message), or accepted as the platform
converts or cleans it (`refused` is None; `stored` is a fragment of the text that must be kept).
"""

import io
import zipfile
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter

from tests.core import documents

OVERSIZE_LIMIT = 100_000  # the tests lower SYNERGIES_MAX_UPLOAD_BYTES to this
MARKING = "DIFFUSION RESTREINTE"


@dataclass(frozen=True)
class BadFile:
    kind: str
    name: str
    content: bytes
    refused: str | None  # a fragment of the French refusal; None when the file is accepted
    stored: str | None = None  # for an accepted file: a fragment of the text that must be kept

    def __str__(self):
        return self.kind


def _zip(members: dict[str, bytes]) -> bytes:
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target.getvalue()


def _with_member(original: bytes, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        members = {member: archive.read(member) for member in dict.fromkeys(archive.namelist())}
    return _zip({**members, name: data})


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(documents.pdf("Rapport chiffré."))))
    writer.encrypt("mot-de-passe", algorithm="AES-128")
    target = io.BytesIO()
    writer.write(target)
    return target.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/')</script>Offre</body></html>"
XML = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
BOMB_MEMBER = b"\x00" * (8 * 1024 * 1024)  # 8 MB of zeros: a few kilobytes once compressed


def common_kinds(extension: str, *, workbook: bool) -> list[BadFile]:
    """Kinds that every upload and import refuses, whatever it expects inside."""
    zipped = (
        _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
        if workbook
        else documents.docx("Compte rendu.")
    )
    return [
        BadFile("oversized", f"gros{extension}", b"a" * (OVERSIZE_LIMIT + 1), "la taille maximale est de"),
        BadFile("empty", f"vide{extension}", b"", "vide"),
        BadFile("png_renamed", f"image{extension}", PNG, "n'est pas"),
        BadFile("executable_renamed", f"programme{extension}", ELF, "n'est pas"),
        BadFile("svg_with_script", f"image{extension}", SVG, "HTML"),
        BadFile("html_with_script", f"page{extension}", HTML, "HTML"),
        BadFile("xml_with_entities", f"donnees{extension}", XML, "XML"),
        BadFile("zip_bomb", f"bombe{extension}", _with_member(zipped, "bomb.bin", BOMB_MEMBER), "volumineus"),
        BadFile("truncated_zip", f"tronque{extension}", zipped[: len(zipped) // 2], "endommag"),
        BadFile(
            "zip_path_traversal", f"archive{extension}", _with_member(zipped, "../../etc/cron.d/x", b"x"), "chemin"
        ),
    ]


def document_kinds() -> list[BadFile]:
    """Every upload of a document (attachments, evidence, convention documents)."""
    pdf = documents.pdf("Rapport d'activité du trimestre.")
    return [
        *common_kinds(".pdf", workbook=False),
        BadFile("truncated_pdf", "tronque.pdf", pdf[: len(pdf) // 3], "endommagé ou tronqué"),
        BadFile("encrypted_pdf", "chiffre.pdf", _encrypted_pdf(), "mot de passe"),
        BadFile("scanned_pdf", "scan.pdf", documents.pdf(image_only=True), "ne peut pas être lu"),
        BadFile("workbook_as_document", "tableau.pdf", _zip({"xl/workbook.xml": b"<w/>"}), "n'est pas accepté"),
        BadFile("marking_zero_width", "note.txt", "DIFFUSION\u200b RESTREINTE".encode(), MARKING),
        BadFile("marking_soft_hyphen", "note.txt", "DIFFU\u00adSION RES\u00adTREINTE".encode(), MARKING),
        BadFile("marking_cyrillic", "note.txt", "DIFFUSIОN RЕSTREINTE".encode(), MARKING),  # О, Е Cyrillic
        BadFile("marking_letter_spaced", "note.txt", b"D I F F U S I O N   R E S T R E I N T E", MARKING),
        BadFile("marking_pdf_annotation", "note.pdf", documents.pdf_with_annotation(MARKING), MARKING),
        BadFile("marking_docx_custom_xml", "note.docx", documents.docx_with_custom_xml(MARKING), MARKING),
        BadFile("marking_in_cp1252_text", "note.txt", "Réf. : DIFFUSION RESTREINTE".encode("cp1252"), MARKING),
        BadFile(
            "control_characters",
            "note.txt",
            b"Compte rendu\x0bpage 2\x0cfin\x07",
            None,
            stored="Compte rendu",
        ),
    ]


@dataclass(frozen=True)
class TableLayout:
    """What one import expects: its header, a good row carrying a free text, a row it rejects."""

    header: list[str]
    text_column: str
    good_row: callable  # text -> list of cells
    rejected_row: list[str]  # a row with a wrong identifier (bad SIRET checksum, unknown reference…)
    rejected_message: str


def _csv(layout: TableLayout, rows: list[list[str]], *, delimiter=",") -> str:
    def cell(value):
        return f'"{value}"' if any(c in value for c in f'"{delimiter}\n') else value

    return "".join(delimiter.join(cell(v) for v in row) + "\n" for row in [layout.header, *rows])


def table_kinds(layout: TableLayout) -> list[BadFile]:
    """Every import of a table (curated list, steering update)."""

    def csv_file(kind, text, *, encoding="utf-8", delimiter=",", refused=None, stored=None, rows=None):
        content = _csv(layout, rows or [layout.good_row(text)], delimiter=delimiter).encode(encoding)
        return BadFile(kind, f"{kind}.csv", content, refused, stored)

    return [
        *common_kinds(".csv", workbook=True),
        BadFile("xlsx_not_a_workbook", "faux.xlsx", b"ref,name\nA,B\n", "n'est pas un classeur"),
        BadFile("xlsx_damaged", "abime.xlsx", b"PK\x03\x04" + b"\x13" * 300, "illisible"),
        csv_file("latin1", "Forêt de Brocéliande", encoding="latin-1", stored="Forêt de Brocéliande"),
        csv_file("cp1252", "L’Œuvre — usinage", encoding="cp1252", stored="L’Œuvre — usinage"),
        csv_file("utf16", "Île-Tudy", encoding="utf-16", stored="Île-Tudy"),
        csv_file("semicolon", "Pièces, usinées", delimiter=";", stored="Pièces, usinées"),
        csv_file("formula_injection", '=HYPERLINK("http://x";"clic")', stored="=HYPERLINK"),
        csv_file("control_characters", "Texte\x0bcollé\x0cd'un PDF", stored="Texte\ncollé\nd'un PDF"),
        csv_file("nul_byte", "avant\x00après", refused="n'est pas un tableau"),
        csv_file("field_60000_characters", "x" * 60_000, refused="20 000 au plus"),
        csv_file("hidden_marking", "Note DIFFUSION\u200bRESTREINTE", refused=MARKING),
        csv_file("letter_spaced_marking", "D I F F U S I O N  R E S T R E I N T E", refused=MARKING),
        BadFile(
            "rejected_identifier",
            "identifiant.csv",
            _csv(layout, [layout.rejected_row]).encode(),
            layout.rejected_message,
        ),
        BadFile("header_only", "entete.csv", _csv(layout, []).encode(), None),
    ]
