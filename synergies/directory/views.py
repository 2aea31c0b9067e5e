from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from synergies.accounts import perms as account_perms
from synergies.accounts import services as account_services
from synergies.accounts.forms import OrganisationInvitationForm
from synergies.accounts.models import Invitation, OrganisationMembership
from synergies.core.exceptions import ApplicationError
from synergies.directory.models import Organisation


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
