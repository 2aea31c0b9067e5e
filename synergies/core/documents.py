"""Uploaded documents: type checked by content, size limit, text extraction, marking guardrail.

Accepted kinds: PDF, DOCX, ODT and plain text. The text of a document is read in its body, its
headers and footers and its metadata, so that a marking hidden in a footer or a document title is
found. A document whose text cannot be read (a scan) is refused: nobody could check it.
"""

import contextlib
import io
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from synergies.core.archives import UnsafeArchive, check_archive
from synergies.core.marking import find_marking, marking_message

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # a zip bomb stops here


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = DocumentKind("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = DocumentKind(
    "docx",
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
ODT = DocumentKind("odt", "OpenDocument texte (ODT)", "application/vnd.oasis.opendocument.text", (".odt",))
TXT = DocumentKind("txt", "texte brut", "text/plain; charset=utf-8", (".txt", ".text", ".md", ".csv"))
DOCUMENT_KINDS = (PDF, DOCX, ODT, TXT)
ACCEPTED_EXTENSIONS = ",".join(ext for kind in DOCUMENT_KINDS for ext in kind.extensions)


class UnreadableDocument(ValueError):
    """The document's type is not accepted or its text cannot be read; the message is French."""


def _accepted_kinds_text() -> str:
    return ", ".join(kind.label for kind in DOCUMENT_KINDS)


def sniff_kind(data: bytes) -> DocumentKind:
    """The kind of a document judged by its content, never by its name."""
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_archive(archive, max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES)
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.content_type.encode():
                    return ODT
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return DOCX
        except UnsafeArchive as exc:
            raise UnreadableDocument(str(exc)) from exc
        except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
            raise UnreadableDocument("Le fichier est une archive endommagée ou tronquée.") from exc
        raise UnreadableDocument(f"Ce type de fichier n'est pas accepté. Types acceptés : {_accepted_kinds_text()}.")
    head = data[:8192]
    if b"\x00" in head:
        raise UnreadableDocument(f"Ce type de fichier n'est pas accepté. Types acceptés : {_accepted_kinds_text()}.")
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script")) or b"<script" in lowered:
        raise UnreadableDocument("Les pages HTML, les images SVG et les fichiers XML ne sont pas acceptés.")
    return TXT


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_XML_BLOCKS = {"p", "h", "br", "cr", "tab", "tc", "tr", "line-break", "s", "note", "comment"}


def _xml_text(data: bytes, *, every_element_is_block: bool = False) -> str:
    """The text of an OOXML/ODF part, with a line break between paragraphs (not between runs)."""
    root = ElementTree.fromstring(data)
    parts: list[str] = []

    def walk(element):
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            local = child.tag.rsplit("}", 1)[-1]
            if every_element_is_block or local in _XML_BLOCKS:
                parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(root)
    return "".join(parts)


def _zip_parts_text(data: bytes, wanted) -> str:
    texts = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():  # checked by sniff_kind
                is_metadata = wanted(info.filename)
                if is_metadata is None:
                    continue
                texts.append(_xml_text(archive.read(info), every_element_is_block=is_metadata))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnreadableDocument("Le fichier est une archive endommagée ou tronquée.") from exc
    except ElementTree.ParseError as exc:
        raise UnreadableDocument("Le contenu du document est illisible (XML invalide).") from exc
    return "\n".join(texts)


def _docx_part(name: str):
    """None: skip; False: body part; True: metadata part. Every XML part is read (customXml,
    comments, footnotes, glossary…), so that no text part of the file can hide a marking."""
    if not name.endswith(".xml") or "/theme/" in name:
        return None
    return not name.startswith("word/")


def _odt_part(name: str):
    if not name.endswith(".xml"):
        return None
    # content.xml and styles.xml (headers and footers) are body parts; meta, settings, manifest metadata.
    return name not in ("content.xml", "styles.xml")


def _pdf_other_text(reader) -> str:
    """Text a PDF holds outside its page content: annotations (notes, free text, stamps), form fields
    and bookmarks."""
    texts = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            for key in ("/Contents", "/T", "/Subj", "/RC"):
                value = annotation.get(key)
                if value:
                    texts.append(str(value))
    for field in (reader.get_fields() or {}).values():
        for key in ("/V", "/TU", "/T"):
            value = field.get(key)
            if value:
                texts.append(str(value))

    def outline_titles(items):
        for item in items:
            if isinstance(item, list):
                outline_titles(item)
            elif getattr(item, "title", None):
                texts.append(str(item.title))

    outline_titles(reader.outline or [])
    return "\n".join(texts)


def _pdf_text(data: bytes) -> tuple[str, str]:
    """(text of the pages, text of the metadata)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument("Le PDF est protégé par un mot de passe : son contenu ne peut pas être vérifié.")
        pages = "\n".join(page.extract_text() or "" for page in reader.pages)
        metadata = reader.metadata or {}
        meta = "\n".join(str(value) for value in metadata.values() if value)
        meta += "\n" + _pdf_other_text(reader)
        xmp = reader.xmp_metadata
        if xmp is not None:
            meta += "\n" + _xml_text(xmp.stream.get_data(), every_element_is_block=True)
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument("Le PDF est endommagé ou tronqué : son contenu ne peut pas être lu.") from exc
    return pages, meta


def extract_text(data: bytes) -> tuple[DocumentKind, str]:
    """The kind of the document and all its readable text (body, headers, footers, metadata)."""
    if not data.strip():
        raise UnreadableDocument("Le fichier est vide.")
    kind = sniff_kind(data)
    if kind is PDF:
        body, meta = _pdf_text(data)
    elif kind is DOCX:
        body, meta = _zip_parts_text(data, _docx_part), ""
    elif kind is ODT:
        body, meta = _zip_parts_text(data, _odt_part), ""
    else:
        body, meta = _decode_text(data), ""
    if kind is not TXT and not body.strip():
        raise UnreadableDocument(
            "Le texte de ce document ne peut pas être lu (document numérisé ou composé d'images ?) : "
            "il ne peut donc pas être vérifié. Déposez une version texte du document."
        )
    return kind, body + "\n" + meta


def validate_upload_size(uploaded_file) -> None:
    """Every upload of the platform stops at SYNERGIES_MAX_UPLOAD_BYTES, with the same message."""
    limit = settings.SYNERGIES_MAX_UPLOAD_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            f"Le fichier « {uploaded_file.name} » pèse {filesizeformat(uploaded_file.size)} : "
            f"la taille maximale est de {filesizeformat(limit)}.",
            code="file_too_large",
        )


def validate_document(uploaded_file) -> DocumentKind:
    """Check an uploaded file: size, type by content, readable text, no protective marking.

    Returns its kind; raises ValidationError with a French message otherwise.
    """
    validate_upload_size(uploaded_file)
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    try:
        kind, text = extract_text(data)
    except UnreadableDocument as exc:
        raise ValidationError(f"« {uploaded_file.name} » : {exc}", code="unreadable_document") from exc
    label = find_marking(uploaded_file.name or "") or find_marking(text)  # a file's name is text too
    if label:
        raise ValidationError(
            marking_message(label, where=f"Le fichier « {uploaded_file.name} »"), code="protective_marking"
        )
    return kind


def download_response(field_file, *, filename: str | None = None, content_type: str | None = None):
    """An uploaded file served as a download that the browser never renders as a page, so that no
    script can run from it (callers check permission first)."""
    from django.http import FileResponse

    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@contextlib.contextmanager
def files_removed_on_error():
    """Files stored inside the block (FieldFiles, or names in the default storage, appended to the
    list it yields) are deleted again if the block fails: nothing half-written."""
    from django.core.files.storage import default_storage

    stored: list = []
    try:
        yield stored
    except BaseException:
        for item in stored:
            storage, name = (default_storage, item) if isinstance(item, str) else (item.storage, item.name)
            if name:
                storage.delete(name)
        raise
