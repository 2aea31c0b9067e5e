from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "synergies.directory"
    label = "directory"
    verbose_name = "annuaire"

    def ready(self):
        from synergies.directory.cache import connect_signals

        connect_signals()
