from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from synergies.accounts import perms as account_perms
from synergies.accounts import services as account_services
from synergies.accounts.enums import InvitationKind
from synergies.accounts.forms import TerritoryInvitationForm
from synergies.accounts.models import Invitation, TerritoryRole
from synergies.core import journal
from synergies.core.documents import download_response
from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from synergies.territories import perms, selectors, services
from synergies.territories.forms import ConventionDocumentForm
from synergies.territories.models import Convention, Territory


@login_not_required
def territory_list(request):
    return render(request, "territories/list.html", {"territories": selectors.territories_with_conventions()})


@login_not_required
def territory_detail(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    convention = territory.current_convention
    if convention is not None:
        return redirect(convention)
    return render(request, "territories/detail.html", {"territory": territory})


@login_not_required
def convention_detail(request, slug):
    convention = get_object_or_404(
        Convention.objects.select_related("territory").prefetch_related("objectives", "parties"), slug=slug
    )
    context = {
        "convention": convention,
        "documents": selectors.documents_visible_to(request.user, convention),
        "can_manage": perms.can_manage_convention(request.user, convention),
    }
    return render(request, "territories/convention.html", context)


def document_add(request, slug):
    convention = get_object_or_404(Convention.objects.select_related("territory"), slug=slug)
    if not perms.can_manage_convention(request.user, convention):
        raise PermissionDenied
    form = ConventionDocumentForm(request.POST or None, request.FILES or None, territory=convention.territory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.convention_document_create(
                convention=convention,
                title=data["title"],
                uploaded_file=data["file"],
                visibility=data["visibility"],
                restricted_to=data["restricted_to"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form.add_error(exc.extra.get("field"), exc.message)
        else:
            messages.success(request, f"Le document « {document.title} » a été ajouté.")
            return redirect(convention)
    return render(request, "territories/document_form.html", {"convention": convention, "form": form})


@login_not_required
def document_download(request, pk):
    document = selectors.document_visible_to(request.user, pk)
    if document is None:
        raise Http404("Document introuvable.")
    return download_response(document.file, filename=document.original_name, content_type=document.content_type)


@require_POST
def document_delete(request, pk):
    document = selectors.document_visible_to(request.user, pk)
    if document is None:
        raise Http404("Document introuvable.")
    if not perms.can_manage_convention(request.user, document.convention):
        raise PermissionDenied
    services.convention_document_delete(document=document, actor=request.user)
    messages.success(request, f"Le document « {document.title} » a été supprimé.")
    return redirect(document.convention)


def roles(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    if not account_perms.can_manage_territory_roles(request.user, territory):
        raise PermissionDenied
    parties = account_perms.grantable_parties(request.user, territory)
    form = TerritoryInvitationForm(request.POST or None, territory=territory, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = account_services.territory_invitation_create(
                actor=request.user, territory=territory, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("territories:roles", slug=slug)
    context = {
        "territory": territory,
        "form": form,
        "roles": TerritoryRole.objects.filter(territory=territory)
        .select_related("user", "organisation")
        .order_by("kind", "user__email"),
        "invitations": Invitation.objects.pending().filter(territory=territory, kind=InvitationKind.TERRITORY),
    }
    return render(request, "territories/roles.html", context)


@require_POST
def role_revoke(request, slug, role_pk):
    role = get_object_or_404(
        TerritoryRole.objects.select_related("territory", "user"), pk=role_pk, territory__slug=slug
    )
    if not account_perms.can_manage_territory_roles(request.user, role.territory):
        raise PermissionDenied
    try:
        account_services.territory_role_revoke(actor=request.user, role=role)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Le rôle de {role.user.email} est retiré.")
    return redirect("territories:roles", slug=slug)


def audit_trail(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    if not account_perms.can_view_audit(request.user, territory):
        raise PermissionDenied
    entries = AuditEntry.objects.for_territory(territory).select_related("content_type")
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = journal.rows_for(request.user, page)
    actions = AuditEntry.objects.for_territory(territory).order_by().values_list("action", flat=True).distinct()
    return render(
        request,
        "territories/audit.html",
        {
            "territory": territory,
            "page": page,
            "rows": rows,
            "actions": sorted(((code, journal.action_label(code)) for code in actions), key=lambda pair: pair[1]),
            "action": action,
        },
    )
