from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_taxonomy(sender, **kwargs):
    """The capability taxonomy, certifications and labels are there after `migrate` alone (idempotent)."""
    from synergies.directory.taxonomy import taxonomy_load

    taxonomy_load()


class DirectoryConfig(AppConfig):
    name = "synergies.directory"
    label = "directory"
    verbose_name = "annuaire"

    def ready(self):
        from synergies.directory import journal
        from synergies.directory.cache import connect_signals

        connect_signals()
        journal.register_labels()
        post_migrate.connect(_load_taxonomy, sender=self, dispatch_uid="directory-taxonomy")
