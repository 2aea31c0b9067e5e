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
