from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from synergies.core.documents import download_response
from synergies.core.exceptions import ApplicationError
from synergies.governance import charts, forms, perms, selectors, services
from synergies.governance.enums import Lead
from synergies.governance.models import Action, Indicator, IndicatorValue, Meeting
from synergies.territories.models import Convention


def _convention(slug):
    return get_object_or_404(Convention.objects.select_related("territory"), slug=slug)


def _dashboard_url(convention):
    return reverse("governance:dashboard", kwargs={"slug": convention.slug})


def dashboard(request, slug):
    convention = _convention(slug)
    if not perms.can_view_steering(request.user, convention):
        raise PermissionDenied
    objective = request.GET.get("objectif", "")
    lead = request.GET.get("pilote", "")
    context = {
        "convention": convention,
        "objectives": selectors.dashboard(
            convention, objective_number=int(objective) if objective.isdigit() else None, lead=lead
        ),
        "decisions": selectors.recent_decisions(convention),
        "pending": selectors.pending_values(convention),
        "can_steer": perms.can_steer(request.user, convention),
        "leads": Lead.choices,
        "objective_filter": objective,
        "lead_filter": lead,
        "all_objectives": convention.objectives.all(),
        "report_start": timezone.localdate().replace(month=1, day=1),
        "report_end": timezone.localdate(),
    }
    return render(request, "governance/dashboard.html", context)


@login_not_required
def public_page(request, slug):
    convention = _convention(slug)
    context = {"convention": convention, "objectives": selectors.dashboard(convention, public=True)}
    return render(request, "governance/public.html", context)


def _form_page(request, convention, form, title, save):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Enregistré.")
            return redirect(_dashboard_url(convention))
    return render(request, "governance/form.html", {"convention": convention, "form": form, "title": title})


def action_edit(request, slug, pk=None):
    convention = _convention(slug)
    if not perms.can_steer(request.user, convention):
        raise PermissionDenied
    action = get_object_or_404(Action, pk=pk, convention=convention) if pk else None
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS} if action else {}
    form = forms.ActionForm(request.POST or None, convention=convention, initial=initial)
    title = f"Modifier l'action {action.reference}" if action else "Nouvelle action"
    return _form_page(
        request,
        convention,
        form,
        title,
        lambda data: services.action_save(actor=request.user, convention=convention, fields=data, action=action),
    )


def indicator_edit(request, slug, pk=None):
    convention = _convention(slug)
    if not perms.can_steer(request.user, convention):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator, pk=pk, convention=convention) if pk else None
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS} if indicator else {}
    form = forms.IndicatorForm(request.POST or None, convention=convention, initial=initial)
    return _form_page(
        request,
        convention,
        form,
        f"Modifier l'indicateur « {indicator.name} »" if indicator else "Nouvel indicateur",
        lambda data: services.indicator_save(
            actor=request.user, convention=convention, fields=data, indicator=indicator
        ),
    )


def indicator_detail(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("convention__territory", "objective"), pk=pk)
    convention = indicator.convention
    if not perms.can_view_steering(request.user, convention):
        raise PermissionDenied
    can_steer = perms.can_steer(request.user, convention)
    form = (
        forms.ValueForm(request.POST or None, request.FILES or None)
        if can_steer and not indicator.is_computed
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.value_enter(actor=request.user, indicator=indicator, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Valeur enregistrée : elle comptera une fois validée par l'autre partie.")
                return redirect("governance:indicator", pk=pk)
    view = selectors.indicator_views(Indicator.objects.filter(pk=pk).prefetch_related("values"), with_pending=True)[0]
    values = list(
        indicator.values.select_related("entered_by", "validated_by", "indicator__convention").order_by(
            "-measured_on", "-id"
        )
    )
    context = {
        "indicator": indicator,
        "view": view,
        "values": values,
        "validatable": {entry.pk for entry in values if perms.can_validate_value(request.user, entry)},
        "form": form,
        "can_steer": can_steer,
        "convention": convention,
    }
    return render(request, "governance/indicator.html", context)


@require_POST
def value_validate(request, pk):
    entry = get_object_or_404(IndicatorValue.objects.select_related("indicator__convention__territory"), pk=pk)
    if not perms.can_steer(request.user, entry.indicator.convention):
        raise PermissionDenied
    try:
        services.value_validate(actor=request.user, entry=entry, accept=request.POST.get("decision") != "reject")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Valeur {entry.get_status_display()}.")
    return redirect("governance:indicator", pk=entry.indicator_id)


@login_not_required
def value_evidence(request, pk):
    entry = get_object_or_404(IndicatorValue.objects.select_related("indicator__convention__territory"), pk=pk)
    if not entry.evidence_file or not perms.can_view_steering(request.user, entry.indicator.convention):
        raise Http404("Justificatif introuvable.")
    return download_response(entry.evidence_file)


def meetings(request, slug):
    convention = _convention(slug)
    if not perms.can_view_steering(request.user, convention):
        raise PermissionDenied
    can_steer = perms.can_steer(request.user, convention)
    form = forms.MeetingForm(request.POST or None) if can_steer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                meeting = services.meeting_save(actor=request.user, convention=convention, fields=form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Réunion enregistrée.")
                return redirect("governance:meeting", pk=meeting.pk)
    context = {"convention": convention, "meetings": convention.meetings.all(), "form": form}
    return render(request, "governance/meetings.html", context)


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("convention__territory"), pk=pk)
    convention = meeting.convention
    if not perms.can_view_steering(request.user, convention):
        raise PermissionDenied
    can_steer = perms.can_steer(request.user, convention)
    form = forms.DecisionForm(request.POST or None, convention=convention) if can_steer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.decision_create(
                    actor=request.user, meeting=meeting, text=form.cleaned_data["text"], new_action=form.new_action()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Décision enregistrée.")
                return redirect("governance:meeting", pk=pk)
    context = {
        "meeting": meeting,
        "convention": convention,
        "decisions": meeting.decisions.prefetch_related("actions"),
        "previous": selectors.previous_meeting(meeting),
        "form": form,
    }
    return render(request, "governance/meeting.html", context)


def _report_period(request):
    """The report's period from « debut » and « fin » (default: the current calendar year); None if invalid."""
    import datetime

    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("debut") or f"{today.year}-01-01")
        end = datetime.date.fromisoformat(request.GET.get("fin") or today.isoformat())
    except ValueError:
        return None
    return (start, end) if start <= end else None


def report_texts(request, slug):
    """The coordinators write the introduction of each objective for the report of a period."""
    from synergies.governance.models import ReportNarrative

    convention = _convention(slug)
    if not perms.can_steer(request.user, convention):
        raise PermissionDenied
    period = _report_period(request)
    if period is None:
        messages.error(request, "Période invalide : dates attendues AAAA-MM-JJ, la fin après le début.")
        return redirect(_dashboard_url(convention))
    start, end = period
    objectives = list(convention.objectives.all())
    if request.method == "POST":
        texts = {o: request.POST.get(f"objectif_{o.number}", "") for o in objectives}
        try:
            services.narratives_save(actor=request.user, convention=convention, start=start, end=end, texts=texts)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Les introductions sont enregistrées : elles figurent dans le rapport PDF.")
            return redirect(f"{request.path}?debut={start}&fin={end}")
    stored = {
        n.objective_id: n.text
        for n in ReportNarrative.objects.filter(convention=convention, period_start=start, period_end=end)
    }
    rows = [(o, request.POST.get(f"objectif_{o.number}", stored.get(o.pk, ""))) for o in objectives]
    return render(
        request,
        "governance/report_texts.html",
        {"convention": convention, "rows": rows, "start": start, "end": end},
    )


def report(request, slug, fmt):
    """The annual report for a period (default: the current calendar year), as PDF or XLSX."""

    from django.http import HttpResponse

    from synergies.governance import reports

    convention = _convention(slug)
    if not perms.can_view_steering(request.user, convention):
        raise PermissionDenied
    period = _report_period(request)
    if period is None:
        messages.error(request, "Période invalide : dates attendues AAAA-MM-JJ, la fin après le début.")
        return redirect(_dashboard_url(convention))
    start, end = period
    if fmt == "pdf":
        body, content_type = reports.annual_pdf(convention, start=start, end=end), "application/pdf"
    else:
        body = reports.annual_xlsx(convention, start=start, end=end)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="rapport-{convention.slug}-{start}-{end}.{fmt}"'
    return response


def import_upload(request, slug):
    from synergies.governance import imports

    convention = _convention(slug)
    if not perms.can_steer(request.user, convention):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = imports.import_prepare(actor=request.user, convention=convention, uploaded=form.cleaned_data["file"])
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("governance:import_detail", pk=run.pk)
    return render(request, "governance/import.html", {"convention": convention, "form": form})


def import_detail(request, pk):
    from synergies.governance import imports
    from synergies.governance.models import SteeringImport

    run = get_object_or_404(SteeringImport.objects.select_related("convention__territory"), pk=pk)
    if not perms.can_steer(request.user, run.convention):
        raise PermissionDenied
    if request.method == "POST":
        try:
            count = imports.import_confirm(actor=request.user, run=run)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{count} ligne(s) appliquée(s).")
            return redirect(_dashboard_url(run.convention))
    return render(request, "governance/import_detail.html", {"run": run, "convention": run.convention})


def comparison(request):
    if not perms.can_compare_conventions(request.user):
        raise PermissionDenied
    conventions = list(Convention.objects.select_related("territory").order_by("territory__name"))
    rows = selectors.comparison(conventions)
    table = []
    for code, row in sorted(rows.items()):
        cells = [(c, row["views"].get(c.pk)) for c in conventions]
        shown = [(c, view) for c, view in cells if view is not None]
        table.append(
            {
                "code": code,
                "name": row["name"],
                "unit": row["unit"],
                "cells": [
                    (c, view, charts.SERIES_COLOURS[n % len(charts.SERIES_COLOURS)])
                    for n, (c, view) in enumerate(shown)
                ],
                "chart": charts.comparison_chart(
                    [(c.territory.name, view.series) for c, view in shown],
                    label=f"« {row['name']} » ({row['unit']}) par convention",
                    decimals=row["decimals"],
                ),
            }
        )
    return render(request, "governance/comparison.html", {"conventions": conventions, "rows": table})
