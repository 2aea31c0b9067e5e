from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "synergies.governance"
    verbose_name = "pilotage de la convention"
