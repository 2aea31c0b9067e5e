from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "synergies.accounts"
    label = "accounts"
    verbose_name = "comptes et rôles"
