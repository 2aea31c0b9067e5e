from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "synergies.platforms"
    verbose_name = "plateformes technologiques"

    def ready(self):
        from synergies.platforms import journal

        journal.register_policies()
        journal.register_labels()
