from django.apps import AppConfig


class CohesionConfig(AppConfig):
    name = "synergies.cohesion"
    verbose_name = "cohésion armées–nation"

    def ready(self):
        from synergies.cohesion import journal, personal_data

        journal.register_policies()
        journal.register_labels()
        personal_data.register()
