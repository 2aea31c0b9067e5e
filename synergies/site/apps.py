from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top floor: what ties the apps together — home, dashboard, demo, scheduler, context."""

    name = "synergies.site"
    label = "site"
    verbose_name = "site"

    def ready(self):
        from synergies.site import journal

        journal.register_labels()
