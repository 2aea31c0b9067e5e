from django.tasks import task


@task
def compute_indicators() -> int:
    """Refresh the computed indicators (a thin wrapper: see services.indicators_compute)."""
    from synergies.governance.services import indicators_compute

    return indicators_compute()
