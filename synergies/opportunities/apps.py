from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "synergies.opportunities"
    verbose_name = "opportunités"

    def ready(self):
        from synergies.opportunities import journal, personal_data

        journal.register_policies()
        journal.register_labels()
        personal_data.register()
