import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from synergies.core.exceptions import ApplicationError
from synergies.directory import services


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


class Command(BaseCommand):
    help = (
        "Importe les établissements d'un territoire depuis les fichiers SIRENE (stock, CSV ou CSV zippé) : "
        "établissements actifs et diffusibles, joints à leur unité légale ; idempotent (mise à jour par SIRET)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--etablissements", required=True, help="StockEtablissement_utf8.zip ou .csv")
        parser.add_argument("--unites-legales", required=True, help="StockUniteLegale_utf8.zip ou .csv")
        parser.add_argument("--departements", required=True, type=_codes, help="codes séparés par des virgules")
        parser.add_argument("--naf", type=_codes, default=[], help="préfixes de codes NAF à garder (ex. 25.62,62.0)")
        parser.add_argument("--dry-run", action="store_true", help="compter sans rien écrire")
        parser.add_argument("--no-progress", action="store_true", help="sans barre d'avancement")

    def handle(self, *args, **options):
        show = not options["no_progress"] and options["verbosity"] > 0
        bar = tqdm(total=100, unit="%", desc="Import SIRENE", file=sys.stderr, disable=not show, leave=False)

        def progress(fraction):
            bar.update(round(fraction * 100) - bar.n)

        try:
            report = services.sirene_import(
                establishments_path=options["etablissements"],
                legal_units_path=options["unites_legales"],
                departments=options["departements"],
                naf_prefixes=options["naf"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        finally:
            bar.close()
        if options["dry_run"]:
            self.stdout.write("Simulation : rien n'a été écrit.")
        for line in report.lines():
            self.stdout.write(line)
