from django.tasks import task


@task
def run_sirene_import(run_id: int) -> None:
    """Background SIRENE import started from a coordinator's page; a thin wrapper around the service."""
    from synergies.directory.services import sirene_import_run

    sirene_import_run(run_id=run_id)


@task
def warm_directory_counts() -> None:
    """Keep the unfiltered directory's counts computed (enqueued every minute by run_scheduler)."""
    from synergies.directory.selectors import directory_counts_warm

    directory_counts_warm()


def _claim(claim_id):
    from synergies.directory.models import ProfileClaim

    return ProfileClaim.objects.select_related("organisation__territory", "user").filter(pk=claim_id).first()


@task
def send_claim_requested_email(claim_id: int) -> None:
    from synergies.directory import notifications

    claim = _claim(claim_id)
    if claim is not None:
        notifications.claim_requested_email(claim=claim)


@task
def send_claim_decided_email(claim_id: int) -> None:
    from synergies.directory import notifications

    claim = _claim(claim_id)
    if claim is not None:
        notifications.claim_decided_email(claim=claim)


@task
def send_organisation_request_email(request_id: int) -> None:
    from synergies.directory import notifications
    from synergies.directory.models import OrganisationRequest

    request = OrganisationRequest.objects.select_related("territory", "user").filter(pk=request_id).first()
    if request is not None:
        notifications.organisation_request_email(request=request)
