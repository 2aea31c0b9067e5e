from django.apps import AppConfig


class ProConnectConfig(AppConfig):
    name = "synergies.accounts.proconnect"
    label = "proconnect"
    verbose_name = "ProConnect"

    def ready(self):
        from allauth.account.signals import user_logged_in

        from synergies.accounts.proconnect.views import id_token_store

        def keep_id_token(sender, request, user, sociallogin=None, **kwargs):
            if sociallogin is not None:
                id_token_store(request, sociallogin)

        user_logged_in.connect(keep_id_token, dispatch_uid="proconnect_id_token_store", weak=False)
