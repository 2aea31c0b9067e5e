from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from synergies.accounts.roles import roles_of
from synergies.matching import perms, services
from synergies.matching.forms import CapabilitySearchForm
from synergies.territories.models import Territory


def capability_search(request):
    """« Trouver des compétences »: a need in plain French, the directory's filters, a ranked answer."""
    if not perms.can_search_capabilities(request.user):
        raise PermissionDenied
    roles = roles_of(request.user)
    territory = Territory.objects.filter(pk__in=roles.partner_territory_ids).order_by("name").first()
    form = CapabilitySearchForm(request.GET or None, territory=territory)
    matches, error = None, ""
    if form.is_bound and form.is_valid():
        try:
            matches = services.match_text(form.cleaned_data["text"], filters=form.filters(), limit=30)
        except services.EmptyNeed as exc:
            error = str(exc)
    context = {"form": form, "matches": matches, "error": error}
    if matches is not None:
        context["awaiting_vectors"] = services.organisations_awaiting_vectors()
        context["strong_matches"] = sum(match.strong for match in matches)
    return render(request, "matching/search.html", context)


def shortlist_export(request):
    """The organisations ticked in the results (a shortlist), exported as the directory exports them."""
    from synergies.directory import exports
    from synergies.directory.models import Organisation

    if not perms.can_search_capabilities(request.user):
        raise PermissionDenied
    ids = [int(value) for value in request.GET.getlist("organisation") if value.isdigit()][:200]
    organisations = Organisation.objects.not_merged().filter(pk__in=ids).order_by("name")
    return exports.directory_export_response(request.user, organisations, request.GET.get("format", "xlsx"))


def shortlist_invite(request):
    """The organisations ticked in the results, invited together to respond to one of the person's open
    opportunities: the page confirms whom and to what, then each invitation goes as from the opportunity."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from synergies.core.exceptions import ApplicationError
    from synergies.directory.models import Organisation
    from synergies.opportunities import services as opportunity_services
    from synergies.opportunities.models import Opportunity
    from synergies.opportunities.selectors import managed_q

    if not perms.can_search_capabilities(request.user):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    ids = [int(value) for value in source.getlist("organisation") if value.isdigit()][:50]
    organisations = list(Organisation.objects.not_merged().filter(pk__in=ids).order_by("name"))
    opportunities = Opportunity.objects.open().filter(managed_q(request.user)).order_by("deadline", "title")
    if request.method == "POST":
        opportunity = opportunities.filter(pk=request.POST.get("opportunity", "")).first()
        if opportunity is None or not organisations:
            messages.error(request, "Choisissez une de vos opportunités ouvertes et au moins une organisation.")
        else:
            invited, refused = [], []
            for organisation in organisations:
                try:
                    opportunity_services.opportunity_invite(
                        actor=request.user, opportunity=opportunity, organisation=organisation
                    )
                except ApplicationError as error:
                    refused.append(error.message)
                else:
                    invited.append(organisation.name)
            if invited:
                messages.success(request, f"Invitées à répondre à « {opportunity.title} » : {', '.join(invited)}.")
            for message in refused:
                messages.warning(request, message)
            return redirect(opportunity)
    return render(
        request,
        "matching/invite.html",
        {"organisations": organisations, "opportunities": opportunities},
    )
