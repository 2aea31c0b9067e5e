"""Files the events app makes: a registration's check-in QR code (SVG) and the attendance sheet (PDF)."""

import io

import qrcode
import qrcode.image.svg
from django.utils import timezone

from synergies.core import mail
from synergies.core.pdf import marianne_fonts
from synergies.core.text import clean_control_characters


def checkin_url(registration) -> str:
    """What the QR code holds: the organisers' check-in page with the code filled in, so that a phone's
    own camera app opens it (no scanning library needed); the code alone is printed beside it."""
    return mail.site_url("events:checkin", pk=registration.event_id) + f"?code={registration.checkin_code}"


def checkin_qr_svg(registration) -> bytes:
    image = qrcode.make(checkin_url(registration), image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def attendance_pdf(event, registrations) -> bytes:
    """The attendance sheet: one line per confirmed participant, with presence and a column to sign."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    for style, path in marianne_fonts().items():
        pdf.add_font("Marianne", style, str(path))
    pdf.set_title(f"Liste d'émargement — {event.title}")
    pdf.set_author("Synergies")
    pdf.add_page()
    pdf.set_font("Marianne", "B", 16)
    pdf.multi_cell(0, 8, clean_control_characters(f"Liste d'émargement — {event.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Marianne", "", 10)
    starts = timezone.localtime(event.starts_at)
    place = clean_control_characters(event.place_label)
    pdf.multi_cell(
        0,
        6,
        f"{starts:%d/%m/%Y}, {starts:%H:%M} – {timezone.localtime(event.ends_at):%H:%M}. {place}. "
        f"Organisé par {clean_control_characters(event.organiser.name)}.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    with pdf.table(col_widths=(50, 55, 30, 45), text_align="LEFT", line_height=7) as table:
        table.row(["Nom", "Organisation", "Présence", "Signature"])
        for registration in registrations:
            table.row(
                [
                    clean_control_characters(registration.name),
                    clean_control_characters(registration.organisation.name if registration.organisation else ""),
                    registration.get_attendance_display(),
                    "",
                ]
            )
    pdf.ln(3)
    pdf.set_font("Marianne", "", 8)
    pdf.multi_cell(0, 5, f"Établie le {timezone.localtime():%d/%m/%Y à %H:%M} depuis {mail.site_url('events:list')}.")
    return bytes(pdf.output())


def agenda_pdf(event, participant, meetings) -> bytes:
    """A participant's agenda of meetings: time, table, whom they meet."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    for style, path in marianne_fonts().items():
        pdf.add_font("Marianne", style, str(path))
    pdf.set_title(f"Agenda des rendez-vous — {event.title}")
    pdf.set_author("Synergies")
    pdf.add_page()
    pdf.set_font("Marianne", "B", 16)
    pdf.multi_cell(0, 8, clean_control_characters(f"Vos rendez-vous — {event.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Marianne", "", 10)
    pdf.multi_cell(
        0, 6, clean_control_characters(f"{participant.name}. {event.place_label}."), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)
    with pdf.table(col_widths=(30, 20, 70, 60), text_align="LEFT", line_height=7) as table:
        table.row(["Heure", "Table", "Avec", "Organisation"])
        for meeting in meetings:
            other = meeting.requested if meeting.requester_id == participant.pk else meeting.requester
            starts = timezone.localtime(meeting.slot.starts_at)
            table.row(
                [
                    f"{starts:%d/%m %H:%M}",
                    str(meeting.table or ""),
                    clean_control_characters(other.name),
                    clean_control_characters(other.organisation.name if other.organisation else ""),
                ]
            )
    return bytes(pdf.output())
