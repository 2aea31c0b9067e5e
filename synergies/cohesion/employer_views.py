"""Partner employers: an employer's page (what it offers reservists, spouses and young people), the
recording of its commitments, and the coordinators' pipeline with the renewals falling due."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from synergies.accounts.roles import roles_of
from synergies.cohesion import employers, forms, perms
from synergies.cohesion.enums import CommitmentStage
from synergies.cohesion.models import EmployerCommitment
from synergies.core.exceptions import ApplicationError
from synergies.core.forms import errors_text
from synergies.directory.models import Organisation
from synergies.opportunities.enums import ContractType
from synergies.opportunities.selectors import opportunities_visible_to


@login_not_required
def employer(request, pk):
    organisation = get_object_or_404(Organisation.objects.active(), pk=pk)
    records = perms.can_record_commitment(request.user, organisation)
    offers = opportunities_visible_to(request.user).open().filter(publisher=organisation)
    context = {
        "organisation": organisation,
        "in_force": employers.in_force(organisation.commitments.all()),
        "commitments": organisation.commitments.all() if records else None,
        "records": records,
        "spouse_offers": offers.filter(open_to_military_spouses=True),
        "youth_offers": offers.filter(contract_type__in=[ContractType.INTERNSHIP, ContractType.APPRENTICESHIP]),
        "reservists": organisation.reservist_files.filter(contract_signed_at__isnull=False).count()
        if records
        else None,
        "form": forms.CommitmentForm() if records else None,
        "hire_form": forms.SpouseHireForm() if records else None,
    }
    return render(request, "cohesion/employer.html", context)


def _save(request, organisation, commitment=None):
    form = forms.CommitmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return
    try:
        employers.commitment_save(
            actor=request.user, organisation=organisation, commitment=commitment, fields=form.cleaned_data
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Engagement enregistré ; les badges de l'annuaire suivent.")


@require_POST
def commitment_add(request, pk):
    organisation = get_object_or_404(Organisation.objects.active(), pk=pk)
    if not perms.can_record_commitment(request.user, organisation):
        raise PermissionDenied("Seuls l'organisation et les coordinateurs du territoire enregistrent ses engagements.")
    _save(request, organisation)
    return redirect("cohesion:employer", pk=organisation.pk)


@require_POST
def commitment_edit(request, pk):
    commitment = get_object_or_404(EmployerCommitment.objects.select_related("organisation__territory"), pk=pk)
    if not perms.can_record_commitment(request.user, commitment.organisation):
        raise PermissionDenied("Seuls l'organisation et les coordinateurs du territoire enregistrent ses engagements.")
    if request.POST.get("delete") == "1":
        employers.commitment_delete(actor=request.user, commitment=commitment)
        messages.success(request, "Engagement supprimé.")
    else:
        _save(request, commitment.organisation, commitment)
    return redirect("cohesion:employer", pk=commitment.organisation_id)


@require_POST
def hire_report(request, pk):
    organisation = get_object_or_404(Organisation.objects.active(), pk=pk)
    if not perms.acts_for_organisation(request.user, organisation):
        raise PermissionDenied("Seule l'organisation qui embauche déclare ses embauches.")
    form = forms.SpouseHireForm(request.POST)
    if form.is_valid():
        try:
            employers.spouse_hire_report(
                actor=request.user, organisation=organisation, hired_on=form.cleaned_data["hired_on"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, "Embauche déclarée : elle compte dans les indicateurs de la convention, sans nom."
            )
    else:
        messages.error(request, errors_text(form))
    return redirect("cohesion:employer", pk=organisation.pk)


def pipeline(request):
    """Coordinators follow every commitment of their territories: from interest to signature, and the
    renewals falling due."""
    roles = roles_of(request.user)
    if not (roles.is_admin or roles.coordinator_territory_ids):
        raise PermissionDenied("Le suivi des employeurs partenaires est celui des coordinateurs.")
    commitments = EmployerCommitment.objects.select_related("organisation")
    if not roles.is_admin:
        commitments = commitments.filter(territory_id__in=roles.coordinator_territory_ids)
    today = timezone.localdate()
    due = commitments.filter(
        stage=CommitmentStage.SIGNED, valid_until__gte=today, valid_until__lte=today + employers.RENEWAL_NOTICE
    )
    context = {
        "interested": commitments.filter(stage=CommitmentStage.INTERESTED),
        "signed": employers.in_force(commitments).order_by("valid_until"),
        "due": due.order_by("valid_until"),
        "lapsed": commitments.filter(
            stage=CommitmentStage.SIGNED, valid_until__lt=today, valid_until__gte=today - datetime.timedelta(days=365)
        ),
    }
    return render(request, "cohesion/pipeline.html", context)
