from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "synergies.core"
    label = "core"
    verbose_name = "socle"
