"""Builders of real documents for the guardrail tests: PDF (fpdf2), DOCX (python-docx), ODT (zip)."""

import io
import zipfile

from docx import Document
from fpdf import FPDF


def pdf(body="Rapport d'activité.", *, header="", footer="", title="", image_only=False) -> bytes:
    class Pdf(FPDF):
        def header(self):
            if header:
                self.set_font("helvetica", size=8)
                self.cell(0, 8, header)
                self.ln(10)

        def footer(self):
            if footer:
                self.set_y(-15)
                self.set_font("helvetica", size=8)
                self.cell(0, 8, footer)

    document = Pdf()
    if title:
        document.set_title(title)
    document.add_page()
    if image_only:
        document.set_fill_color(30, 30, 30)
        document.rect(20, 20, 100, 60, style="F")  # a "scan": drawn, no text
    else:
        document.set_font("helvetica", size=12)
        document.multi_cell(0, 8, body)
    return bytes(document.output())


def docx(body="Compte rendu de réunion.", *, header="", footer="", title="") -> bytes:
    document = Document()
    document.add_paragraph(body)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt(body="Compte rendu de réunion.", *, footer="", title="") -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    )
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text><text:p>{body}</text:p></office:text></office:body></office:document-content>'
    styles = f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:master-styles><style:master-page style:name="Standard"><style:footer><text:p>{footer}</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>'
    meta = f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ns}><office:meta><dc:title>{title}</dc:title></office:meta></office:document-meta>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles)
        archive.writestr("meta.xml", meta)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def pdf_with_annotation(note: str, body="Rapport d'activité.") -> bytes:
    """A clean page carrying a sticky note (a PDF text annotation)."""
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.multi_cell(0, 8, body)
    document.text_annotation(x=10, y=10, text=note)
    return bytes(document.output())


def docx_with_custom_xml(text: str) -> bytes:
    """A clean DOCX with an extra customXml part, as document-management systems add."""
    source = io.BytesIO(docx())
    target = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in dict.fromkeys(original.namelist()):
            copy.writestr(name, original.read(name))
        copy.writestr(
            "customXml/item99.xml",
            f'<?xml version="1.0"?><properties><classification>{text}</classification></properties>',
        )
    return target.getvalue()
