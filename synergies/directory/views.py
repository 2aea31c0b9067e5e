from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from synergies.accounts import perms as account_perms
from synergies.accounts import services as account_services
from synergies.accounts.forms import OrganisationInvitationForm
from synergies.accounts.models import Invitation, OrganisationMembership
from synergies.core.exceptions import ApplicationError
from synergies.directory import claims as claim_services
from synergies.directory import exports, selectors, services
from synergies.directory import perms as directory_perms
from synergies.directory.duplicates import likely_duplicates
from synergies.directory.forms import (
    CertificationFormSet,
    ClaimForm,
    ContactFormSet,
    CuratedImportForm,
    OrganisationProfileForm,
    SireneImportForm,
    server_import_files,
)
from synergies.directory.models import ImportRun, Organisation, ProfileClaim
from synergies.directory.taxonomy import capability_groups
from synergies.territories.models import Territory


def members(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("territory"), pk=pk)
    if not account_perms.can_view_members(request.user, organisation):
        raise PermissionDenied
    can_manage = account_perms.can_manage_members(request.user, organisation)
    form = OrganisationInvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = account_services.organisation_invitation_create(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Invitation envoyée à {invitation.email}.")
                return redirect("directory:members", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("user__email"),
        "invitations": Invitation.objects.pending().filter(organisation=organisation, kind="organisation"),
        "can_manage": can_manage,
        "form": form,
    }
    return render(request, "directory/members.html", context)


@require_POST
def member_remove(request, pk, membership_pk):
    membership = get_object_or_404(
        OrganisationMembership.objects.select_related("organisation", "user"), pk=membership_pk, organisation_id=pk
    )
    if not account_perms.can_manage_members(request.user, membership.organisation):
        raise PermissionDenied
    try:
        account_services.membership_remove(actor=request.user, membership=membership)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{membership.user.email} ne fait plus partie de l'organisation.")
    return redirect("directory:members", pk=pk)


MAP_MAX_POINTS = 2000


@login_not_required
def organisation_list(request):
    query = selectors.DirectoryQuery.from_params(request.GET)
    result = selectors.directory_search(request.user, query)
    view = "carte" if request.GET.get("vue") == "carte" else "liste"
    page = result.paginator(settings.SYNERGIES_DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "result": result,
        "page": page,
        "facets": selectors.directory_facets(result, query),
        "sorts": selectors.SORTS,
        "view": view,
        "map_points": _map_points(result.queryset) if view == "carte" else None,
        "map_tiles_url": settings.SYNERGIES_MAP_TILES_URL,
        "map_attribution": settings.SYNERGIES_MAP_ATTRIBUTION,
    }
    return render(request, "directory/list.html", context)


def _map_points(queryset):
    rows = queryset.filter(latitude__isnull=False).values_list("pk", "name", "city", "latitude", "longitude")
    return [
        {"url": f"/organisations/{pk}/", "name": name, "city": city, "lat": lat, "lng": lng}
        for pk, name, city, lat, lng in rows[:MAP_MAX_POINTS]
    ]


@login_not_required
def organisation_detail(request, pk):
    try:
        organisation = selectors.organisation_detail(pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if organisation.merged_into_id:
        return redirect(organisation.merged_into)
    context = {
        "organisation": organisation,
        "contacts": selectors.visible_contacts(request.user, organisation),
        "can_view_members": account_perms.can_view_members(request.user, organisation),
        "can_edit": directory_perms.can_edit_profile(request.user, organisation),
        "can_claim": request.user.is_authenticated
        and bool(organisation.siret)
        and not directory_perms.can_edit_profile(request.user, organisation),
        "map_tiles_url": settings.SYNERGIES_MAP_TILES_URL,
        "map_attribution": settings.SYNERGIES_MAP_ATTRIBUTION,
    }
    return render(request, "directory/detail.html", context)


@login_not_required
def organisation_export(request, fmt):
    query = selectors.DirectoryQuery.from_params(request.GET)
    result = selectors.directory_search(request.user, query)
    return exports.directory_export_response(request.user, result.queryset, fmt)


def import_template(request, fmt):
    """The file to fill in for a curated import (CSV for French spreadsheets, or XLSX)."""
    return exports.import_template_response(fmt)


def _managed_territory(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    if not directory_perms.can_manage_directory(request.user, territory):
        raise PermissionDenied
    return territory


def imports(request, slug):
    territory = _managed_territory(request, slug)
    return _imports_page(request, territory, CuratedImportForm(), SireneImportForm(territory=territory))


def _imports_page(request, territory, curated_form, sirene_form, status=200):
    context = {
        "territory": territory,
        "curated_form": curated_form,
        "sirene_form": sirene_form,
        "server_files": server_import_files(),
        "runs": ImportRun.objects.filter(territory=territory).select_related("started_by")[:20],
        "max_upload": settings.SYNERGIES_MAX_UPLOAD_BYTES,
    }
    return render(request, "directory/imports.html", context, status=status)


@require_POST
def import_upload(request, slug):
    territory = _managed_territory(request, slug)
    form = CuratedImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            run = services.curated_import_prepare(
                territory=territory, actor=request.user, uploaded_file=form.cleaned_data["file"]
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("directory:import_detail", pk=run.pk)
    return _imports_page(request, territory, form, SireneImportForm(territory=territory), status=400)


@require_POST
def import_sirene(request, slug):
    territory = _managed_territory(request, slug)
    form = SireneImportForm(request.POST, territory=territory)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = services.sirene_import_start(
                territory=territory,
                actor=request.user,
                establishments=data["etablissements"],
                legal_units=data["unites_legales"],
                departments=data["departements"],
                naf_prefixes=data["naf"],
                dry_run=data["dry_run"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "L'import SIRENE est lancé : suivez son avancement ci-dessous.")
            return redirect("directory:import_detail", pk=run.pk)
    return _imports_page(request, territory, CuratedImportForm(), form, status=400)


def import_detail(request, pk):
    run = get_object_or_404(ImportRun.objects.select_related("territory", "started_by"), pk=pk)
    if not directory_perms.can_manage_directory(request.user, run.territory):
        raise PermissionDenied
    template = "directory/_import_status.html" if request.htmx else "directory/import_detail.html"
    return render(request, template, {"run": run})


@require_POST
def import_confirm(request, pk):
    run = get_object_or_404(ImportRun.objects.select_related("territory"), pk=pk)
    if not directory_perms.can_manage_directory(request.user, run.territory):
        raise PermissionDenied
    try:
        run = services.curated_import_confirm(run=run, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Import terminé : {run.report['created']} créée(s), {run.report['updated']} mise(s) à jour."
        )
    return redirect("directory:import_detail", pk=run.pk)


def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation.objects.not_merged().select_related("territory"), pk=pk)
    if not directory_perms.can_edit_profile(request.user, organisation):
        raise PermissionDenied
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST)
        certifications = CertificationFormSet(request.POST, prefix="certifications")
        contacts = ContactFormSet(request.POST, prefix="contacts")
        if form.is_valid() and certifications.is_valid() and contacts.is_valid():
            data = form.cleaned_data
            try:
                services.organisation_profile_update(
                    actor=request.user,
                    organisation=organisation,
                    profile={name: data[name] for name in services.PROFILE_FIELDS},
                    capabilities=data["capabilities"],
                    certifications=_lines(certifications, "certification"),
                    contacts=_lines(contacts, "full_name"),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Le profil a été mis à jour.")
                return redirect(organisation)
    else:
        form = OrganisationProfileForm(
            initial={
                "name": organisation.name,
                "website": organisation.website,
                "description": organisation.description,
                "defence_experience": organisation.defence_experience,
                "has_clearance": {True: "oui", False: "non"}.get(organisation.has_clearance, ""),
                "capabilities": organisation.capabilities.all(),
                "keywords": ", ".join(organisation.keywords or []),
            }
        )
        certification_lines, contact_lines = services.profile_lines(organisation)
        certifications = CertificationFormSet(prefix="certifications", initial=certification_lines)
        contacts = ContactFormSet(prefix="contacts", initial=contact_lines)
    context = {
        "organisation": organisation,
        "form": form,
        "certifications": certifications,
        "contacts": contacts,
        "capability_groups": capability_groups(form["capabilities"]),
    }
    return render(request, "directory/edit.html", context)


def _lines(formset, required_field):
    """The filled, non-deleted lines of a formset, as dicts."""
    lines = []
    for line in formset.cleaned_data:
        if line and not line.get("DELETE") and line.get(required_field):
            lines.append({key: value for key, value in line.items() if key != "DELETE"})
    return lines


def duplicates(request, slug):
    territory = _managed_territory(request, slug)
    pairs = likely_duplicates(territory)
    return render(request, "directory/duplicates.html", {"territory": territory, "pairs": pairs})


@require_POST
def merge(request, slug):
    territory = _managed_territory(request, slug)
    try:
        pair = [int(pk) for pk in request.POST.get("pair", "").split(",")]
        kept_pk = int(request.POST.get("kept", ""))
        if len(pair) != 2 or kept_pk not in pair:
            raise ValueError
        merged_pk = pair[1] if kept_pk == pair[0] else pair[0]
        kept = Organisation.objects.get(pk=kept_pk, territory=territory)
        merged = Organisation.objects.get(pk=merged_pk, territory=territory)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        messages.error(request, "Choisissez deux organisations du territoire à fusionner.")
        return redirect("directory:duplicates", slug=slug)
    try:
        services.organisation_merge(actor=request.user, kept=kept, merged=merged)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("directory:duplicates", slug=slug)
    messages.success(request, f"« {merged.name} » a été fusionnée dans « {kept.name} ».")
    return redirect(kept)


def claim(request):
    form = ClaimForm(request.POST or None, initial={"siret": request.GET.get("siret", "")})
    if request.method == "POST" and form.is_valid():
        try:
            organisation, pending = claim_services.profile_claim(
                user=request.user, siret=form.cleaned_data["siret"], message=form.cleaned_data["message"]
            )
        except ApplicationError as exc:
            form.add_error(exc.extra.get("field", "siret"), exc.message)
        else:
            if pending is None:
                messages.success(
                    request, f"Votre adresse est au domaine du site : vous gérez désormais « {organisation} »."
                )
                return redirect(organisation)
            messages.success(
                request,
                f"Demande envoyée : un coordinateur du territoire vérifiera votre lien avec « {organisation} ».",
            )
            return redirect(organisation)
    return render(request, "directory/claim.html", {"form": form})


def organisation_request(request):
    """Ask for the creation of an organisation missing from the directory."""
    from synergies.directory.forms import OrganisationRequestForm

    form = OrganisationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim_services.organisation_request(user=request.user, territory=data["territory"], fields=data)
        except ApplicationError as exc:
            form.add_error(exc.extra.get("field"), exc.message)
        else:
            messages.success(
                request,
                f"Demande envoyée : un coordinateur de {data['territory'].name} crée « {data['name']} » ou vous dit "
                "pourquoi pas ; vous êtes prévenu par e-mail.",
            )
            return redirect("site:dashboard")
    return render(request, "directory/organisation_request.html", {"form": form}, status=400 if form.errors else 200)


def claims(request, slug):
    from synergies.directory.models import OrganisationRequest

    territory = _managed_territory(request, slug)
    pending, decided = selectors.territory_claims(territory)
    requests = OrganisationRequest.objects.filter(territory=territory, status="pending").select_related("user")
    return render(
        request,
        "directory/claims.html",
        {"territory": territory, "claims": pending, "decided": decided, "organisation_requests": requests},
    )


@require_POST
def organisation_request_decide(request, pk):
    from synergies.directory.models import OrganisationRequest

    pending = get_object_or_404(OrganisationRequest.objects.select_related("territory", "user"), pk=pk)
    if not directory_perms.can_manage_directory(request.user, pending.territory):
        raise PermissionDenied
    approve = request.POST.get("decision") == "accepter"
    try:
        decided = claim_services.organisation_request_decide(
            actor=request.user, request=pending, approve=approve, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if approve:
            messages.success(request, f"« {decided.name} » est créée ; {decided.user.email} en est administrateur.")
        else:
            messages.success(request, f"Demande de création de « {decided.name} » refusée ; la personne en a le motif.")
    return redirect("directory:claims", slug=pending.territory.slug)


@require_POST
def claim_decide(request, pk):
    pending = get_object_or_404(ProfileClaim.objects.select_related("organisation__territory", "user"), pk=pk)
    territory = pending.organisation.territory
    if not directory_perms.can_manage_directory(request.user, territory):
        raise PermissionDenied
    approve = request.POST.get("decision") == "accepter"
    try:
        claim_services.profile_claim_decide(actor=request.user, claim=pending, approve=approve)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        verb = "acceptée" if approve else "refusée"
        messages.success(request, f"Demande de {pending.user.email} pour « {pending.organisation} » {verb}.")
    return redirect("directory:claims", slug=territory.slug)
