from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "synergies.accounts"
    label = "accounts"
    verbose_name = "comptes et rôles"

    def ready(self):
        from synergies.accounts import journal, personal_data

        personal_data.register()
        journal.register_labels()
