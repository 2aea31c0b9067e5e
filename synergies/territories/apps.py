from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "synergies.territories"
    label = "territories"
    verbose_name = "territoires et conventions"
