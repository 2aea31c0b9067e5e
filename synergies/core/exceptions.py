import contextlib


class ApplicationError(Exception):
    """A business rule refused an operation; `message` is French and shown to the user as is."""

    def __init__(self, message: str, *, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


@contextlib.contextmanager
def refused_if_invalid(*, field: str | None = None):
    """A Django ValidationError raised inside (a field validator, an upload check) becomes the
    services' one refusal, ApplicationError, with its French messages; `field` tells a form where
    to show it (`extra["field"]`)."""
    from django.core.exceptions import ValidationError

    try:
        yield
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"field": field} if field else None) from exc


def full_clean_or_refuse(instance, *, exclude=None) -> None:
    """`instance.full_clean()`, its French messages (prefixed with the field's label) turned into one
    ApplicationError, so that services refuse bad input with a message the user can read."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        messages = []
        for field, errors in exc.message_dict.items():
            label = instance._meta.get_field(field).verbose_name if field != "__all__" else ""
            messages.extend(f"{label.capitalize()} : {e}" if label else e for e in errors)
        raise ApplicationError(" ".join(messages), extra={"errors": exc.message_dict}) from exc
