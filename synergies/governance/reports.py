"""The annual report of a convention, for a chosen period: a PDF (Marianne, the État's typeface, and
the same SVG charts as the pages) and an XLSX workbook (one sheet per objective, raw values)."""

import datetime
import io
import logging

from django.utils import timezone

from synergies.core.pdf import marianne_fonts
from synergies.governance import charts, selectors
from synergies.governance.enums import ValueStatus

# fpdf2 subsets the fonts with fontTools, which logs every table it touches at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)

BLUE = (0, 0, 145)
GREY = (102, 102, 102)


def _paragraph(pdf, height, text):
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def _period_values(view, start, end):
    return [v for v in view.series if start <= v.measured_on <= end]


def _number(value, indicator) -> str:
    from django.utils.formats import number_format

    return (
        f"{number_format(value, decimal_pos=indicator.decimals, use_l10n=True, force_grouping=True)} {indicator.unit}"
    )


def annual_pdf(convention, *, start: datetime.date, end: datetime.date) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    for style, path in marianne_fonts().items():
        pdf.add_font("Marianne", style, str(path))
    pdf.set_title(f"Rapport annuel — {convention.title}")
    pdf.set_author("Synergies")
    pdf.add_page()
    pdf.set_font("Marianne", "B", 20)
    pdf.set_text_color(*BLUE)
    _paragraph(pdf, 10, f"Rapport annuel — {convention.title}")
    pdf.set_font("Marianne", "", 11)
    pdf.set_text_color(0, 0, 0)
    _paragraph(pdf, 6, f"Période du {start:%d/%m/%Y} au {end:%d/%m/%Y}. Établi le {timezone.localdate():%d/%m/%Y}.")
    pdf.ln(4)
    for view in selectors.dashboard(convention):
        pdf.set_font("Marianne", "B", 14)
        pdf.set_text_color(*BLUE)
        _paragraph(pdf, 8, str(view.objective))
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("Marianne", "", 10)
        _paragraph(pdf, 6, f"Avancement moyen des actions : {view.progress} %. Actions en retard : {len(view.late)}.")
        for action in view.actions:
            due = f", échéance {action.due_on:%d/%m/%Y}" if action.due_on else ""
            late = " (en retard)" if action.is_late else ""
            _paragraph(
                pdf,
                5,
                f"• {action.reference} {action.title} — {action.get_lead_display()}{due} — "
                f"{action.get_status_display()}, {action.progress} %{late}",
            )
        for item in view.indicators:
            indicator = item.indicator
            values = _period_values(item, start, end)
            pdf.ln(2)
            pdf.set_font("Marianne", "B", 11)
            _paragraph(pdf, 6, indicator.name)
            pdf.set_font("Marianne", "", 10)
            if values:
                latest = values[-1]
                target = f" ; cible {_number(indicator.target, indicator)}" if indicator.target is not None else ""
                _paragraph(
                    pdf,
                    5,
                    f"Dernière valeur validée : {_number(latest.value, indicator)} au {latest.measured_on:%d/%m/%Y}{target}.",
                )
                svg = charts.line_chart(
                    values,
                    target=indicator.target,
                    baseline=indicator.baseline,
                    unit=indicator.unit,
                    decimals=indicator.decimals,
                    label=indicator.name,
                )
                if pdf.get_y() > 205:  # the chart is about 60 mm high
                    pdf.add_page()
                pdf.image(
                    io.BytesIO(str(svg).replace('width="100%"', f'width="{charts.WIDTH}"').encode()),
                    x=pdf.l_margin,
                    w=150,
                )
            else:
                pdf.set_text_color(*GREY)
                _paragraph(pdf, 5, "Aucune valeur validée sur la période.")
                pdf.set_text_color(0, 0, 0)
        pdf.ln(4)
    decisions = [d for d in selectors.recent_decisions(convention, limit=200) if start <= d.meeting.held_on <= end]
    if decisions:
        pdf.set_font("Marianne", "B", 14)
        pdf.set_text_color(*BLUE)
        _paragraph(pdf, 8, "Décisions des comités sur la période")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("Marianne", "", 10)
        for decision in decisions:
            _paragraph(pdf, 5, f"• {decision.meeting} : {decision.text}")
    return bytes(pdf.output())


class _SafeSheet:
    """Every cell through safe_cell: no formula, no control character from what was stored before."""

    def __init__(self, sheet):
        self.sheet = sheet

    def append(self, row):
        from synergies.directory.exports import safe_cell

        self.sheet.append([safe_cell(value) for value in row])


def annual_xlsx(convention, *, start: datetime.date, end: datetime.date) -> bytes:
    from openpyxl import Workbook

    from synergies.governance.models import IndicatorValue

    workbook = Workbook(write_only=True)
    values_of: dict[int, list] = {}
    for value in IndicatorValue.objects.filter(
        indicator__convention=convention, measured_on__gte=start, measured_on__lte=end
    ).order_by("measured_on", "id"):
        values_of.setdefault(value.indicator_id, []).append(value)
    for view in selectors.dashboard(convention):
        sheet = _SafeSheet(workbook.create_sheet(title=f"Objectif {view.objective.number}"))
        sheet.append([str(view.objective)])
        sheet.append(["Action", "Intitulé", "Pilote", "Échéance", "État", "Avancement (%)"])
        for action in view.actions:
            sheet.append(
                [action.reference, action.title, action.get_lead_display(), action.due_on,
                 action.get_status_display(), action.progress]
            )  # fmt: skip
        sheet.append([])
        sheet.append(["Indicateur", "Unité", "Date", "Valeur", "État", "Saisie par la partie", "Validée par la partie"])
        for item in view.indicators:
            for value in values_of.get(item.indicator.pk, []):
                sheet.append(
                    [item.indicator.name, item.indicator.unit, value.measured_on, float(value.value),
                     ValueStatus(value.status).label,
                     value.entered_party_label or ("calcul automatique" if value.is_computed else ""),
                     value.validated_party_label]
                )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
