from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_reference_territories(sender, **kwargs):
    """Regions, départements and the shipped conventions are there after `migrate` alone (idempotent)."""
    from synergies.territories.services import reference_territories_load, shipped_conventions_load

    reference_territories_load()
    shipped_conventions_load()


class TerritoriesConfig(AppConfig):
    name = "synergies.territories"
    label = "territories"
    verbose_name = "territoires et conventions"

    def ready(self):
        from synergies.territories import journal

        journal.register_labels()
        post_migrate.connect(_load_reference_territories, sender=self, dispatch_uid="territories-reference")
