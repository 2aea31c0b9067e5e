class ApplicationError(Exception):
    """A business rule refused an operation; `message` is French and shown to the user as is."""

    def __init__(self, message: str, *, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


def full_clean_or_refuse(instance) -> None:
    """`instance.full_clean()`, its French messages (prefixed with the field's label) turned into one
    ApplicationError, so that services refuse bad input with a message the user can read."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean()
    except ValidationError as exc:
        messages = []
        for field, errors in exc.message_dict.items():
            label = instance._meta.get_field(field).verbose_name if field != "__all__" else ""
            messages.extend(f"{label.capitalize()} : {e}" if label else e for e in errors)
        raise ApplicationError(" ".join(messages), extra={"errors": exc.message_dict}) from exc
