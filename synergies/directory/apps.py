from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "synergies.directory"
    label = "directory"
    verbose_name = "annuaire"
