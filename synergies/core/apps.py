from django.apps import AppConfig
from django.db import models
from django.db.models.signals import pre_save


def _clean_text_fields(sender, instance, raw=False, **kwargs):
    """Control characters are cleaned at the entry, whatever the entry (form, API, import, service):
    every text field of the project's own models, just before it is saved."""
    if raw or not sender.__module__.startswith("synergies."):
        return
    from synergies.core.text import clean_control_characters

    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, clean_control_characters(value))


class CoreConfig(AppConfig):
    name = "synergies.core"
    label = "core"
    verbose_name = "socle"

    def ready(self):
        pre_save.connect(_clean_text_fields, dispatch_uid="core-clean-text-fields")
