from django.tasks import task

from synergies.accounts.models import Invitation


@task
def send_invitation_email(invitation_id: int) -> None:
    """Background e-mail of an invitation; a thin wrapper around the service."""
    from synergies.accounts.services import invitation_email_send

    invitation = (
        Invitation.objects.select_related("organisation", "territory", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is not None:
        invitation_email_send(invitation=invitation)
