from django.core.management.base import BaseCommand, CommandError

from synergies.core.exceptions import ApplicationError
from synergies.territories.services import convention_load_file


class Command(BaseCommand):
    help = "Crée ou met à jour une convention armées–territoire à partir de sa description JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier JSON (voir synergies/territories/data/conventions/)")

    def handle(self, *args, path, **options):
        try:
            convention = convention_load_file(path=path)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Convention chargée : {convention} ({convention.objectives.count()} objectifs)")
        )
