from django.tasks import task


@task
def compute_indicators() -> int:
    """Refresh the computed indicators and fill their monthly history (thin wrappers: see
    services.indicators_compute and services.indicators_history_fill)."""
    from synergies.governance.services import indicators_compute, indicators_history_fill

    return indicators_compute() + indicators_history_fill()


@task
def send_value_to_validate_email(value_id: int) -> None:
    """Tell the other party's coordinators that a value waits for their validation."""
    from synergies.governance.models import IndicatorValue
    from synergies.governance.notifications import value_to_validate_email

    entry = IndicatorValue.objects.select_related("indicator__convention__territory", "entered_by").filter(pk=value_id)
    if entry := entry.first():
        value_to_validate_email(entry=entry)
