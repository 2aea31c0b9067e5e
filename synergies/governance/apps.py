from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "synergies.governance"
    verbose_name = "pilotage de la convention"

    def ready(self):
        from synergies.governance import journal

        journal.register_labels()
