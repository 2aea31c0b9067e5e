from django.core.management.base import BaseCommand, CommandError

from synergies.core import backup
from synergies.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Remplace la base et les fichiers privés par ceux d'une sauvegarde, puis vérifie le manifeste."

    def add_arguments(self, parser):
        parser.add_argument("source", help="dossier écrit par « manage.py backup »")

    def handle(self, *args, source, **options):
        try:
            manifest = backup.restore(source)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Restauration vérifiée : {len(manifest['tables'])} tables et {len(manifest['files'])} fichiers "
            "identiques à la sauvegarde."
        )
