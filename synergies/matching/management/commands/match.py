"""`manage.py match`: rank the directory's organisations against needs, exactly as in
docs/formats/match-cli.md (copied from the shared contract)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from synergies.directory.taxonomy import Vocabulary
from synergies.matching import services
from synergies.matching.filters import parse_filters


def result_line(query_id, matches) -> dict:
    return {
        "id": query_id,
        "results": [
            {
                "ref": match.organisation.ref or "",
                "siret": match.organisation.siret or "",
                "name": match.organisation.name,
                "score": match.score,
                "why": match.why,
            }
            for match in matches
        ],
    }


class Command(BaseCommand):
    help = "Classe les organisations de l'annuaire pour un besoin (--text) ou un fichier de besoins (--queries)."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--text", help="Le besoin, en français courant.")
        source.add_argument("--queries", help="Fichier JSONL : une ligne {id, text, filters} par besoin.")
        parser.add_argument("--limit", type=int, default=20, help="Nombre de résultats par besoin (20 par défaut).")
        parser.add_argument("--format", choices=["json", "jsonl"], default=None)

    def handle(self, *args, text=None, queries=None, limit=20, format=None, **options):
        if limit < 1:
            raise CommandError("--limit doit être au moins 1.")
        output_format = format or ("json" if text is not None else "jsonl")
        self._bring_index_up_to_date()
        vocabulary = Vocabulary()
        if text is not None:
            line = self._answer(None, text, None, vocabulary, limit)
            self._write(line, output_format)
            return
        try:
            handle = sys.stdin if queries == "-" else open(queries, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Fichier de besoins illisible « {queries} » : {exc.strerror}.") from exc
        with handle:
            for number, raw_line in enumerate(handle, start=1):
                if not raw_line.strip():
                    continue
                try:
                    need = json.loads(raw_line)
                    if not isinstance(need, dict):
                        raise ValueError("chaque ligne doit être un objet JSON")
                except (json.JSONDecodeError, ValueError) as exc:
                    self.stderr.write(f"ligne {number} : JSON invalide ({exc}).")
                    self._write({"id": None, "results": [], "error": f"ligne {number} : JSON invalide"}, output_format)
                    continue
                self._write(
                    self._answer(need.get("id"), need.get("text", ""), need.get("filters"), vocabulary, limit, number),
                    output_format,
                )

    def _bring_index_up_to_date(self):
        def progress(done, total):
            self.stderr.write(f"\rvecteurs : {done}/{total}", ending="")

        written = services.embeddings_refresh(progress=progress)
        if written:
            self.stderr.write(f"\r{written} profil(s) vectorisé(s).")
        services.current_index()

    def _answer(self, query_id, text, raw_filters, vocabulary, limit, number=None):
        where = f"ligne {number} : " if number else ""
        try:
            filters, warnings = parse_filters(raw_filters, vocabulary)
            for warning in warnings:
                self.stderr.write(f"{where}{warning}.")
            matches = services.match_text(str(text or ""), filters=filters, limit=limit)
        except (ValueError, services.EmptyNeed) as exc:
            self.stderr.write(f"{where}{exc}")
            return {"id": query_id, "results": [], "error": str(exc)}
        return result_line(query_id, matches)

    def _write(self, line, output_format):
        indent = 2 if output_format == "json" else None
        self.stdout.write(json.dumps(line, ensure_ascii=False, indent=indent))
