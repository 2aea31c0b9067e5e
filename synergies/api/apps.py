from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "synergies.api"
    label = "api"
    verbose_name = "API"
