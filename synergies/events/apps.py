from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "synergies.events"
    verbose_name = "événements"

    def ready(self):
        from synergies.events import journal, personal_data

        journal.register_policies()
        journal.register_labels()
        personal_data.register()
