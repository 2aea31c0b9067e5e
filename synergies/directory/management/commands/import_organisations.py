from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from synergies.core.exceptions import ApplicationError
from synergies.directory.curated import organisations_import
from synergies.territories.models import Territory


class Command(BaseCommand):
    help = (
        "Importe une liste d'organisations (CSV UTF-8 ou XLSX, format docs/formats/organisations-csv.md) : "
        "les lignes en erreur sont signalées et non importées ; relancer le même fichier ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier .csv ou .xlsx")
        parser.add_argument(
            "--territoire",
            default=settings.SYNERGIES_DEFAULT_TERRITORY,
            help="code INSEE de la région (défaut : %(default)s)",
        )
        parser.add_argument("--dry-run", action="store_true", help="contrôler sans rien écrire")

    def handle(self, *args, file, territoire, dry_run, **options):
        territory = Territory.objects.filter(code=territoire).first()
        if territory is None:
            raise CommandError(
                f"Territoire inconnu : {territoire}. Chargez d'abord les territoires (load_territories)."
            )
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = organisations_import(
                content=path.read_bytes(), filename=path.name, territory=territory, dry_run=dry_run
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if dry_run:
            self.stdout.write("Simulation : rien n'a été écrit.")
        for line in report.lines():
            self.stdout.write(line)
