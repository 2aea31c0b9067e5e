from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
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


JOURNAL_EXPORT_MAX = 20_000


def _journal_entries(request, territory):
    """The journal's entries filtered by action, kind of object and dates (never by author: an entry
    whose object the reader may not see hides its author, and a filter on it would tell)."""
    import datetime

    entries = AuditEntry.objects.for_territory(territory).select_related("content_type")
    filters = {
        "action": request.GET.get("action", ""),
        "type": request.GET.get("type", ""),
        "du": request.GET.get("du", ""),
        "au": request.GET.get("au", ""),
    }
    if filters["action"]:
        entries = entries.filter(action=filters["action"])
    if filters["type"].isdigit():
        entries = entries.filter(content_type_id=int(filters["type"]))
    for key, lookup in (("du", "created_at__date__gte"), ("au", "created_at__date__lte")):
        if filters[key]:
            try:
                entries = entries.filter(**{lookup: datetime.date.fromisoformat(filters[key])})
            except ValueError:
                messages.error(request, "Date invalide : le filtre de date est ignoré.")
                filters[key] = ""
    return entries, filters


def audit_trail(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    if not account_perms.can_view_audit(request.user, territory):
        raise PermissionDenied
    entries, filters = _journal_entries(request, territory)
    if request.GET.get("format") == "csv":
        return _journal_csv(request.user, territory, entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = journal.rows_for(request.user, page)
    everything = AuditEntry.objects.for_territory(territory).order_by()
    actions = everything.values_list("action", flat=True).distinct()
    types = ContentType.objects.filter(pk__in=everything.values("content_type_id").distinct())
    return render(
        request,
        "territories/audit.html",
        {
            "territory": territory,
            "page": page,
            "rows": rows,
            "actions": sorted(((code, journal.action_label(code)) for code in actions), key=lambda pair: pair[1]),
            "types": sorted(((str(t.pk), t.name) for t in types), key=lambda pair: pair[1]),
            "action": filters["action"],
            "filters": filters,
        },
    )


def _journal_csv(user, territory, entries):
    """The journal as the reader sees it (masked entries stay masked), for Excel: « ; » and a BOM."""
    import csv
    import io

    from django.http import HttpResponse

    from synergies.core.text import clean_control_characters

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Date", "Auteur", "Action", "Objet", "Modifications"])
    for row in journal.rows_for(user, entries[:JOURNAL_EXPORT_MAX]):
        changes = " ; ".join(f"{field} : {value}" for field, value in row.labelled_changes)
        obj = f"{row.type_name} : {row.object_repr}" if row.type_name else row.object_repr
        writer.writerow(
            [
                clean_control_characters(str(value))
                for value in (
                    timezone.localtime(row.created_at).strftime("%d/%m/%Y %H:%M"),
                    row.actor_repr,
                    row.action_label,
                    obj,
                    changes,
                )
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="journal-{territory.slug}.csv"'
    return response
