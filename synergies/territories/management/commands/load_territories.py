from django.core.management.base import BaseCommand

from synergies.territories.services import reference_territories_load, shipped_conventions_load


class Command(BaseCommand):
    help = "Charge les régions et départements (COG 2024) et les conventions livrées avec Synergies."

    def handle(self, *args, **options):
        count = reference_territories_load()
        conventions = shipped_conventions_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} territoires, {len(conventions)} convention(s) : " + ", ".join(c.title for c in conventions)
            )
        )
