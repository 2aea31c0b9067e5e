"""The printable welcome booklet (PDF), with the directory organisations its blocks point to as they
are today in the directory."""

from synergies.cohesion.enums import BookletSection
from synergies.core.pdf import marianne_fonts
from synergies.core.text import clean_control_characters as clean
from synergies.core.text import de


def organisation_line(organisation) -> str:
    parts = [organisation.name]
    address = " ".join(p for p in (organisation.postal_code, organisation.city) if p)
    if address:
        parts.append(address)
    if organisation.website:
        parts.append(organisation.website)
    return " — ".join(parts)


def booklet_pdf(booklet, blocks) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    for style, path in marianne_fonts().items():
        pdf.add_font("Marianne", style, str(path))
    pdf.set_title(clean(booklet.title))
    pdf.set_author("Synergies")
    pdf.add_page()
    pdf.set_font("Marianne", "B", 18)
    pdf.multi_cell(0, 9, clean(booklet.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Marianne", "", 11)
    pdf.multi_cell(0, 6, clean(f"{booklet.unit.name} — garnison {de(booklet.garrison)}"), new_x="LMARGIN", new_y="NEXT")
    if booklet.introduction:
        pdf.ln(3)
        pdf.multi_cell(0, 6, clean(booklet.introduction), new_x="LMARGIN", new_y="NEXT")
    labels = dict(BookletSection.choices)
    section = None
    for block in blocks:
        if block.section != section:
            section = block.section
            pdf.ln(4)
            pdf.set_font("Marianne", "B", 14)
            pdf.multi_cell(0, 8, clean(labels[section].capitalize()), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Marianne", "B", 11)
        pdf.multi_cell(0, 6, clean(block.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Marianne", "", 10)
        if block.body:
            pdf.multi_cell(0, 5, clean(block.body), new_x="LMARGIN", new_y="NEXT")
        for organisation in block.organisations.all():
            pdf.multi_cell(0, 5, clean(f"• {organisation_line(organisation)}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    checklist = list(booklet.checklist.all())
    if checklist:
        pdf.ln(4)
        pdf.set_font("Marianne", "B", 14)
        pdf.multi_cell(0, 8, "Votre arrivée, étape par étape", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Marianne", "", 10)
        for item in checklist:
            when = (
                "le jour de l'arrivée"
                if item.days_from_arrival == 0
                else f"{abs(item.days_from_arrival)} j {'avant' if item.days_from_arrival < 0 else 'après'} l'arrivée"
            )
            pdf.multi_cell(0, 5, clean(f"☐ {item.label} ({when})"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
