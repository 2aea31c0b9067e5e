from django.core.management.base import BaseCommand

from synergies.core import backup


class Command(BaseCommand):
    help = "Sauvegarde la base et les fichiers privés dans un dossier (avec un manifeste vérifiable)."

    def add_arguments(self, parser):
        parser.add_argument("target", help="dossier de la sauvegarde (créé s'il manque)")

    def handle(self, *args, target, **options):
        manifest = backup.backup(target)
        self.stdout.write(
            f"Sauvegarde écrite dans {target} : {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} lignes, {len(manifest['files'])} fichiers privés."
        )
