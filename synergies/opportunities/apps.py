from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "synergies.opportunities"
    verbose_name = "opportunités"
