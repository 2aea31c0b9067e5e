"""Reserve pages: the public criteria and missions, applying, the candidate's file, the referents'
board with its filters, reminders and export, the mission's checklist, the API Engagement feed."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from synergies.cohesion import api_engagement, employers, forms, perms, reserve, selectors
from synergies.cohesion.enums import FileStatus
from synergies.cohesion.models import CandidateDocument, CandidateFile
from synergies.cohesion.workflow import FILE_TRANSITIONS, allowed_document_transitions, allowed_file_transitions
from synergies.core.documents import download_response
from synergies.core.exceptions import ApplicationError
from synergies.core.forms import errors_text
from synergies.directory.exports import safe_cell
from synergies.opportunities.enums import OpportunityKind
from synergies.opportunities.selectors import opportunities_visible_to
from synergies.opportunities.views import opportunity_or_404

EXPORT_MAX_ROWS = 20_000


def _mission_or_404(user, pk):
    mission = opportunity_or_404(user, pk)
    if mission.kind != OpportunityKind.RESERVE_MISSION:
        raise Http404("Mission de réserve introuvable.")
    return mission


def _file_or_404(user, pk) -> CandidateFile:
    candidate_file = get_object_or_404(
        CandidateFile.objects.select_related("mission__publisher", "mission__territory", "employer"), pk=pk
    )
    if not perms.can_view_file(user, candidate_file):
        raise Http404("Dossier introuvable.")
    return candidate_file


def _document_or_404(user, pk) -> CandidateDocument:
    document = get_object_or_404(CandidateDocument.objects.select_related("candidate_file__mission__territory"), pk=pk)
    if not perms.can_view_file(user, document.candidate_file):
        raise Http404("Pièce introuvable.")
    return document


@login_not_required
def reserve_home(request):
    missions = (
        opportunities_visible_to(request.user)
        .open()
        .filter(kind=OpportunityKind.RESERVE_MISSION)
        .select_related("publisher")
        .order_by("deadline")
    )
    return render(
        request, "cohesion/reserve_home.html", {"missions": missions[:100], "mission_count": missions.count()}
    )


@login_not_required
def eligibility(request):
    """The public criteria as a self-check: the answers are read to say what stands in the way, and are
    never stored (a POST, so that they do not land in the server's access log either)."""
    form = forms.EligibilityForm(request.POST or None)
    unmet = form.unmet() if request.method == "POST" and form.is_valid() else None
    return render(
        request, "cohesion/eligibility.html", {"form": form, "unmet": unmet}, status=400 if form.errors else 200
    )


def apply(request, pk):
    mission = _mission_or_404(request.user, pk)
    existing = CandidateFile.objects.filter(mission=mission, candidate=request.user, closed_at__isnull=True).first()
    if existing:
        messages.info(request, "Vous avez déjà un dossier pour cette mission.")
        return redirect(existing)
    form = forms.ApplyForm(
        request.POST or None, initial={"first_name": request.user.first_name, "last_name": request.user.last_name}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate_file = reserve.file_create(
                actor=request.user,
                mission=mission,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                phone=data["phone"],
                employer=data["employer_siret"],
                conditions_confirmed=data["conditions"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Candidature déposée. Ajoutez maintenant les pièces demandées.")
            return redirect(candidate_file)
    context = {
        "mission": mission,
        "form": form,
        "terms": reserve.mission_terms(mission),
        "checklist": reserve.checklist_of(mission),
    }
    return render(request, "cohesion/apply.html", context, status=400 if form.errors else 200)


def my_files(request):
    return render(request, "cohesion/my_files.html", {"files": selectors.my_files(request.user)})


# The DSFR stepper of a file: the open states in order, then the reservist.
STEPS = [
    (FileStatus.RECEIVED, "Candidature reçue"),
    (FileStatus.PRESELECTED, "Présélection"),
    (FileStatus.APPOINTMENT, "Entretien ou visite médicale"),
    (FileStatus.CONTRACT, "Contrat d'engagement"),
    (FileStatus.ACTIVE, "Réserviste"),
]


def _step(candidate_file) -> dict | None:
    positions = [status for status, _ in STEPS]
    if candidate_file.status not in positions:
        return None
    index = positions.index(candidate_file.status)
    return {
        "number": index + 1,
        "total": len(STEPS),
        "title": STEPS[index][1],
        "next": STEPS[index + 1][1] if index + 1 < len(STEPS) else "",
    }


def file_detail(request, pk):
    candidate_file = _file_or_404(request.user, pk)
    candidate = perms.is_candidate(request.user, candidate_file)
    referent = perms.is_referent(request.user, candidate_file.mission)
    documents = [
        (
            document,
            allowed_document_transitions(document, candidate=candidate, referent=referent)
            if candidate_file.is_open
            else [],
        )
        for document in candidate_file.documents.all()
    ]
    context = {
        "file": candidate_file,
        "mission": candidate_file.mission,
        "candidate": candidate,
        "referent": referent,
        "documents": documents,
        "transitions": allowed_file_transitions(candidate_file, candidate=candidate, referent=referent),
        "step": _step(candidate_file),
        # What the named employer grants reservists (its reserve convention in force), for the unit.
        "employer_convention": employers.in_force(
            candidate_file.employer.commitments.filter(kind="reserve_convention")
        ).first()
        if candidate_file.employer
        else None,
        "upload_form": forms.UploadForm(),
        "appointment_form": forms.AppointmentForm(),
        "employer_form": forms.EmployerForm(
            initial={"employer_siret": candidate_file.employer.siret if candidate_file.employer else ""}
        ),
        "history": _history(candidate_file) if referent or candidate else [],
    }
    return render(request, "cohesion/file.html", context)


def _history(candidate_file):
    from synergies.core.journal import action_label
    from synergies.core.models import AuditEntry

    entries = AuditEntry.objects.filter(
        content_type__app_label="cohesion", content_type__model="candidatefile", object_id=str(candidate_file.pk)
    ).order_by("created_at")[:100]
    return [{"created_at": entry.created_at, "label": action_label(entry.action)} for entry in entries]


@require_POST
def file_action(request, pk):
    candidate_file = _file_or_404(request.user, pk)
    name = request.POST.get("action", "")
    appointment = {}
    if name == "plan_appointment":
        form = forms.AppointmentForm(request.POST)
        if not form.is_valid():
            messages.error(request, errors_text(form))
            return redirect(candidate_file)
        appointment = form.cleaned_data
    try:
        reserve.file_transition(
            actor=request.user,
            candidate_file=candidate_file,
            name=name,
            reason=request.POST.get("reason", ""),
            **appointment,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, FILE_TRANSITIONS[name].done)
    if name == "withdraw" or not perms.can_view_file(request.user, candidate_file):
        return redirect("cohesion:my_files")
    return redirect(candidate_file)


@require_POST
def file_employer(request, pk):
    candidate_file = _file_or_404(request.user, pk)
    form = forms.EmployerForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(candidate_file)
    try:
        reserve.employer_set(
            actor=request.user, candidate_file=candidate_file, employer=form.cleaned_data["employer_siret"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Employeur enregistré." if form.cleaned_data["employer_siret"] else "Votre employeur n'est plus indiqué.",
        )
    return redirect(candidate_file)


@require_POST
def document_upload(request, pk):
    document = _document_or_404(request.user, pk)
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(document.candidate_file)
    try:
        reserve.document_upload(actor=request.user, document=document, uploaded_file=form.cleaned_data["file"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"« {document.name} » est déposé ; l'unité va l'examiner.")
    return redirect(document.candidate_file)


@require_POST
def document_review(request, pk):
    document = _document_or_404(request.user, pk)
    try:
        reviewed = reserve.document_review(
            actor=request.user,
            document=document,
            name=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"« {reviewed.name} » : {reviewed.get_status_display()}.")
    return redirect(document.candidate_file)


def document_download(request, pk):
    document = _document_or_404(request.user, pk)
    if not document.file:
        raise Http404("Cette pièce n'a pas (ou plus) de fichier.")
    return download_response(
        document.file, filename=document.original_name or document.name, content_type=document.content_type
    )


def board(request):
    missions = selectors.referent_missions(request.user)
    if not missions.exists():
        raise PermissionDenied("Ce tableau est celui des référents des unités qui publient des missions de réserve.")
    query = selectors.BoardQuery.from_params(request.GET)
    files = selectors.board(request.user, query)
    if request.GET.get("format") == "csv":
        return _board_csv(files)
    page = Paginator(files, selectors.BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(f, (now - f.status_changed_at).days) for f in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "counts": selectors.board_counts(request.user),
        "statuses": FileStatus.choices,
        "missions": missions.order_by("title"),
        "params": params.urlencode(),
    }
    return render(request, "cohesion/board.html", context)


def _board_csv(files):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "Dossier",
            "Mission",
            "Prénom",
            "Nom",
            "E-mail",
            "Téléphone",
            "État",
            "Contrat",
            "Depuis le",
            "Pièces manquantes",
            "Déposé le",
        ]
    )
    for f in files[:EXPORT_MAX_ROWS]:
        writer.writerow(
            safe_cell(value)
            for value in (
                f.pk,
                f.mission.title,
                f.first_name,
                f.last_name,
                f.email,
                f.phone,
                f.get_status_display(),
                f.get_contract_status_display() if f.contract_status else "",
                timezone.localtime(f.status_changed_at).strftime("%d/%m/%Y"),
                "oui" if f.incomplete else "non",
                timezone.localtime(f.created_at).strftime("%d/%m/%Y"),
            )
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dossiers-reserve.csv"'
    return response


@require_POST
def remind(request):
    if not selectors.referent_missions(request.user).exists():
        raise PermissionDenied("Seuls les référents des unités relancent leurs candidats.")
    ids = [int(i) for i in request.POST.getlist("file") if i.isdigit()]
    files = selectors.referent_files(request.user).filter(pk__in=ids).select_related("mission")
    if not ids:
        # No file chosen: every incomplete file of the board as filtered (its filters come back in `params`).
        query = selectors.BoardQuery.from_params(QueryDict(request.POST.get("params", "")))
        query.incomplete = True
        files = selectors.board(request.user, query)
    try:
        sent = reserve.reminders_send(actor=request.user, files=list(files[:2000]))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{sent} candidat{'s' if sent > 1 else ''} relancé{'s' if sent > 1 else ''}"
            " (un dossier déjà relancé dans les dernières 24 heures ne l'est pas deux fois)."
            if sent
            else "Aucun candidat à relancer : les dossiers choisis sont complets ou déjà relancés dans les dernières 24 heures.",
        )
    return redirect(
        reverse("cohesion:board") + ("?" + request.POST.get("params", "") if request.POST.get("params") else "")
    )


def checklist(request, pk):
    mission = _mission_or_404(request.user, pk)
    if not perms.is_referent(request.user, mission):
        raise PermissionDenied("Seule l'unité qui publie la mission fixe les pièces demandées.")
    terms = reserve.mission_terms(mission)
    initial = {
        "documents": "\n".join(
            f"{d.name} : {d.help_text}" if d.help_text else d.name for d in reserve.checklist_of(mission)
        ),
        "minimum_age": terms.minimum_age,
        "maximum_age": terms.maximum_age,
    }
    form = forms.ChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reserve.checklist_save(
                actor=request.user,
                mission=mission,
                documents=form.cleaned_data["documents"],
                minimum_age=form.cleaned_data["minimum_age"],
                maximum_age=form.cleaned_data["maximum_age"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Pièces demandées enregistrées ; elles valent pour les prochaines candidatures.")
            return redirect(mission)
    return render(
        request, "cohesion/checklist.html", {"mission": mission, "form": form}, status=400 if form.errors else 200
    )


@login_not_required
def api_engagement_feed(request):
    """The territory's open public reserve missions in API Engagement's mission format (v2 body)."""
    missions = api_engagement.missions(request.user)
    response = JsonResponse(
        {"ok": True, "data": [api_engagement.mission(m) for m in missions]}, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
