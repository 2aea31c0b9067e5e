"""Pages of partner search and consortia on a call for projects or a collaborative project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from synergies.core.exceptions import ApplicationError
from synergies.core.forms import errors_text
from synergies.directory.models import Organisation
from synergies.matching import services as matching_services
from synergies.opportunities import forms, perms, selectors
from synergies.opportunities import partners as partner_services
from synergies.opportunities.enums import PARTNERING_KINDS
from synergies.opportunities.models import ConsortiumMember, PartnerSearch
from synergies.opportunities.views import member_organisations, opportunity_or_404


@login_not_required
def partners(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    if opportunity.kind not in PARTNERING_KINDS:
        raise Http404("Pas de recherche de partenaires sur ce type d'opportunité.")
    organisations = member_organisations(request.user, opportunity)
    searches = selectors.partner_searches(opportunity)
    own_ids = set(organisations.values_list("pk", flat=True))
    declared_ids = {s.organisation_id for s in searches}
    can_search = perms.can_search_partners(request.user, opportunity)
    declare_form = forms.PartnerSearchForm(
        request.POST or None, organisations=organisations.exclude(pk__in=declared_ids)
    )
    if request.method == "POST":
        if not can_search:
            raise PermissionDenied
        if declare_form.is_valid():
            try:
                partner_services.partner_search_declare(
                    actor=request.user,
                    opportunity=opportunity,
                    organisation=declare_form.cleaned_data["organisation"],
                    message=declare_form.cleaned_data["message"],
                )
            except ApplicationError as exc:
                declare_form.add_error(None, exc.message)
            else:
                messages.success(request, "Votre organisation figure parmi celles qui cherchent des partenaires.")
                return redirect("opportunities:partners", pk=pk)
    own_declared = organisations.filter(pk__in=declared_ids)
    memberships = ConsortiumMember.objects.filter(
        consortium__opportunity=opportunity, organisation__in=own_ids
    ).select_related("consortium__lead", "organisation")
    context = {
        "opportunity": opportunity,
        "searches": searches,
        "own_ids": own_ids,
        "can_search": can_search,
        "declare_form": declare_form if can_search and organisations.exclude(pk__in=declared_ids).exists() else None,
        "message_form": forms.PartnerMessageForm(organisations=own_declared) if own_declared.exists() else None,
        "consortium_form": forms.ConsortiumForm(
            organisations=own_declared,
            candidates=Organisation.objects.filter(pk__in=declared_ids - own_ids).order_by("name"),
        )
        if own_declared.exists() and len(declared_ids - own_ids) > 0
        else None,
        "memberships": memberships,
        "suggested_partners": [
            (organisation, matching_services.partners_for(opportunity, organisation))
            for organisation in own_declared[:2]
        ],
        "consortia": opportunity.consortia.prefetch_related("memberships__organisation").select_related("lead"),
    }
    return render(request, "opportunities/partners.html", context)


@require_POST
def partner_withdraw(request, pk):
    search = get_object_or_404(PartnerSearch.objects.select_related("opportunity", "organisation"), pk=pk)
    opportunity_or_404(request.user, search.opportunity_id)
    try:
        partner_services.partner_search_withdraw(actor=request.user, search=search)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, "Votre organisation ne figure plus parmi celles qui cherchent des partenaires.")
    return redirect("opportunities:partners", pk=search.opportunity_id)


@require_POST
def partner_contact(request, pk, organisation_pk):
    opportunity = opportunity_or_404(request.user, pk)
    recipient = get_object_or_404(Organisation, pk=organisation_pk)
    form = forms.PartnerMessageForm(request.POST, organisations=member_organisations(request.user, opportunity))
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("opportunities:partners", pk=pk)
    try:
        partner_services.partner_message_send(
            actor=request.user,
            opportunity=opportunity,
            sender=form.cleaned_data["sender"],
            recipient=recipient,
            text=form.cleaned_data["text"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Votre message est envoyé à {recipient.name}.")
    return redirect("opportunities:partners", pk=pk)


@require_POST
def consortium_create(request, pk):
    opportunity = opportunity_or_404(request.user, pk)
    organisations = member_organisations(request.user, opportunity)
    form = forms.ConsortiumForm(
        request.POST,
        organisations=organisations,
        candidates=Organisation.objects.filter(partner_searches__opportunity=opportunity),
    )
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("opportunities:partners", pk=pk)
    try:
        partner_services.consortium_create(actor=request.user, opportunity=opportunity, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Le consortium est formé ; les partenaires invités sont prévenus par e-mail.")
    return redirect("opportunities:partners", pk=pk)


@require_POST
def consortium_accept(request, pk):
    membership = get_object_or_404(
        ConsortiumMember.objects.select_related("consortium__opportunity", "organisation"), pk=pk
    )
    opportunity_or_404(request.user, membership.consortium.opportunity_id)
    try:
        partner_services.consortium_accept(actor=request.user, membership=membership)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(
        request, f"{membership.organisation.name} a rejoint le consortium « {membership.consortium.name} »."
    )
    return redirect("opportunities:partners", pk=membership.consortium.opportunity_id)
