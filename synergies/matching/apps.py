from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "synergies.matching"
    verbose_name = "rapprochement"

    def ready(self):
        from synergies.matching.backends import connect_signals

        connect_signals()
