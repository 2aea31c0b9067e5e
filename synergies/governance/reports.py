"""The annual report of a convention, for a chosen period: a PDF (Marianne, the État's typeface; a cover,
a table of contents, a summary, the platform's activity, then each objective with the same SVG charts as
the pages; page numbers) and an XLSX workbook (one sheet per objective: targets, baselines, raw values)."""

import datetime
import io
import logging

from django.utils import timezone

from synergies.core.pdf import marianne_fonts
from synergies.core.text import clean_control_characters
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


# The platform's own activity over the period, in the summary (computed as the indicators are).
ACTIVITY = (
    "organisations",
    "opportunities_published",
    "responses",
    "awards",
    "awarded_amount",
    "events",
    "event_participants",
    "event_meetings",
    "platform_requests",
    "platform_sme_hours",
    "reserve_candidates",
    "reserve_contracts_signed",
    "partner_employers",
    "youth_partnerships",
)
# Room a heading needs below it on its page (mm): a heading never ends a page on its own.
KEEP_WITH_NEXT = 40
CHART_HEIGHT = 62


def _report_class():
    from fpdf import FPDF

    class Report(FPDF):
        """Page numbers in the footer, the convention in the header (from the second page)."""

        running_title = ""

        def header(self):
            if self.page_no() > 1:
                self.set_font("Marianne", "", 8)
                self.set_text_color(*GREY)
                self.cell(0, 6, self.running_title, new_x="LMARGIN", new_y="NEXT", align="R")
                self.set_text_color(0, 0, 0)

        def footer(self):
            self.set_y(-12)
            self.set_font("Marianne", "", 8)
            self.set_text_color(*GREY)
            self.cell(0, 6, f"Page {self.page_no()} / {{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    return Report


def _heading(pdf, text: str, *, level: int, size: int, room: float = KEEP_WITH_NEXT) -> None:
    if pdf.get_y() > pdf.h - pdf.b_margin - room:
        pdf.add_page()
    pdf.start_section(text, level=level)
    pdf.set_font("Marianne", "B", size)
    pdf.set_text_color(*BLUE)
    _paragraph(pdf, size * 0.55, text)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Marianne", "", 10)


def _toc(pdf, outline):
    pdf.set_x(pdf.l_margin)  # drawn last, where the placeholder stands: x is wherever the document ended
    pdf.set_font("Marianne", "B", 16)
    pdf.set_text_color(*BLUE)
    _paragraph(pdf, 10, "Sommaire")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    for section in outline:
        pdf.set_font("Marianne", "B" if section.level == 0 else "", 11 if section.level == 0 else 10)
        indent = 6 * section.level
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(pdf.epw - indent - 14, 6, section.name[:95], link=pdf.add_link(page=section.page_number))
        pdf.cell(14, 6, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def _cover(pdf, convention, start, end) -> None:
    pdf.add_page()
    pdf.set_y(60)
    pdf.set_font("Marianne", "", 14)
    pdf.set_text_color(*GREY)
    _paragraph(pdf, 8, "Rapport annuel de la convention armées–territoire")
    pdf.set_font("Marianne", "B", 26)
    pdf.set_text_color(*BLUE)
    _paragraph(pdf, 13, convention.title)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Marianne", "", 14)
    pdf.ln(4)
    _paragraph(pdf, 8, f"Période du {start:%d/%m/%Y} au {end:%d/%m/%Y}")
    pdf.ln(8)
    pdf.set_font("Marianne", "B", 11)
    _paragraph(pdf, 6, "Parties")
    pdf.set_font("Marianne", "", 11)
    for party in convention.parties.all():
        represented = f", représenté par {party.represented_by}" if party.represented_by else ""
        _paragraph(pdf, 6, f"{party.name}{represented} — {party.get_kind_display()}")
    signed = f"Signée le {convention.signed_on:%d/%m/%Y}"
    if convention.signed_at_place:
        signed += f" à {convention.signed_at_place}"
    pdf.ln(4)
    _paragraph(pdf, 6, f"{signed}.")
    pdf.set_y(-40)
    pdf.set_font("Marianne", "", 9)
    pdf.set_text_color(*GREY)
    _paragraph(
        pdf, 5, f"Établi le {timezone.localdate():%d/%m/%Y} avec Synergies, à partir des données de la plateforme."
    )
    pdf.set_text_color(0, 0, 0)


def _summary(pdf, convention, views, start, end) -> None:
    from synergies.governance.computations import COMPUTATIONS

    _heading(pdf, "Synthèse", level=0, size=16)
    with pdf.table(col_widths=(90, 30, 30, 40), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=6) as table:
        table.row(["Objectif", "Avancement des actions", "Actions en retard", "Indicateurs à la cible"])
        for view in views:
            reached = sum(1 for item in view.indicators if item.on_track)
            with_target = sum(1 for item in view.indicators if item.indicator.target is not None)
            table.row([str(view.objective), f"{view.progress} %", str(len(view.late)), f"{reached} sur {with_target}"])
    pdf.ln(4)
    rows = []
    for view in views:
        for item in view.indicators:
            values = _period_values(item, start, end)
            if not values:
                continue
            indicator = item.indicator
            target = _number(indicator.target, indicator) if indicator.target is not None else "—"
            rows.append([indicator.name, _number(values[-1].value, indicator), target])
    if rows:
        _heading(pdf, "Indicateurs au regard des cibles", level=1, size=12)
        with pdf.table(col_widths=(100, 45, 45), text_align=("LEFT", "RIGHT", "RIGHT"), line_height=6) as table:
            table.row(["Indicateur", "Dernière valeur de la période", "Cible"])
            for row in rows:
                table.row(row)
        pdf.ln(4)
    _heading(pdf, "Activité de la plateforme", level=1, size=12)
    _paragraph(pdf, 5, f"Depuis le début de la convention, au {end:%d/%m/%Y}.")
    with pdf.table(col_widths=(120, 70), text_align=("LEFT", "RIGHT"), line_height=6) as table:
        table.row(["Sur la plateforme", "Total"])
        for key in ACTIVITY:
            computation = COMPUTATIONS[key]
            value = computation.compute(convention, end)
            if value is not None:
                from django.utils.formats import number_format

                amount = number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
                table.row([computation.label, f"{amount} {computation.unit}"])


def annual_pdf(convention, *, start: datetime.date, end: datetime.date) -> bytes:
    pdf = _report_class()(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    for style, path in marianne_fonts().items():
        pdf.add_font("Marianne", style, str(path))
    pdf.running_title = f"{convention.title} — rapport du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
    pdf.set_title(f"Rapport annuel — {convention.title}")
    pdf.set_author("Synergies")
    _cover(pdf, convention, start, end)
    pdf.add_page()
    pdf.insert_toc_placeholder(_toc, pages=1)
    views = selectors.dashboard(convention)
    _summary(pdf, convention, views, start, end)
    pdf.add_page()
    narratives = {n.objective_id: n.text for n in convention.narratives.filter(period_start=start, period_end=end)}
    for view in views:
        _heading(pdf, str(view.objective), level=0, size=14)
        if view.objective.pk in narratives:
            pdf.set_font("Marianne", "", 11)
            _paragraph(pdf, 5.5, clean_control_characters(narratives[view.objective.pk]))
            pdf.ln(2)
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
            # The indicator's name stays with its figures and its chart.
            _heading(pdf, indicator.name, level=1, size=11, room=CHART_HEIGHT + 20 if values else 20)
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
                chart = str(svg).replace('width="100%"', f'width="{charts.WIDTH}"')
                pdf.image(io.BytesIO(chart.encode()), x=pdf.l_margin, w=140)
            else:
                pdf.set_text_color(*GREY)
                _paragraph(pdf, 5, "Aucune valeur validée sur la période.")
                pdf.set_text_color(0, 0, 0)
        pdf.ln(4)
    decisions = [d for d in selectors.recent_decisions(convention, limit=200) if start <= d.meeting.held_on <= end]
    if decisions:
        _heading(pdf, "Décisions des comités sur la période", level=0, size=14)
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


def _float(value):
    return float(value) if value is not None else None


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
        sheet.append(["Indicateur", "Unité", "Valeur de départ", "Cible", "Date de la cible"])
        for item in view.indicators:
            indicator = item.indicator
            sheet.append(
                [indicator.name, indicator.unit, _float(indicator.baseline), _float(indicator.target),
                 indicator.target_date]
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
