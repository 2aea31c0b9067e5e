"""Run one measured step in its own process and print {seconds, peak_rss_mb, ...} as JSON.

Used by the benchmark scripts so that each figure's peak memory is that step's alone.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no query log kept in memory
    import django

    django.setup()


def scan(establishments, legal_units, departments):
    import pyarrow.compute as pc

    from synergies.directory import sirene

    scan = sirene.scan_establishments(establishments, departments.split(","))
    legal = sirene.scan_legal_units(legal_units, pc.unique(scan.active.column("siren")))
    joined = sum(len(rows) for rows in sirene.joined_rows(scan.active, legal, 2000))  # as the import does
    return {"rows_read": scan.read, "rows_kept": joined + len(scan.closed_sirets)}


def scan_establishments_only(establishments, departments):
    from synergies.directory import sirene

    scan = sirene.scan_establishments(establishments, departments.split(","))
    return {"rows_read": scan.read, "rows_kept": scan.active.num_rows + len(scan.closed_sirets)}


def import_(establishments, legal_units, departments):
    _django()
    from synergies.directory import services

    report = services.sirene_import(
        establishments_path=establishments, legal_units_path=legal_units, departments=departments.split(",")
    )
    return {"rows_read": report.read, "created": report.created, "updated": report.updated}


def duckdb_filter(establishments, departments):
    import duckdb

    connection = duckdb.connect(config={"threads": os.cpu_count() or 2})
    codes = ",".join(f"'{code}'" for code in departments.split(","))
    kept = connection.execute(
        f"SELECT count(*) FROM read_csv('{establishments}', all_varchar=true, header=true) "
        f"WHERE substr(codeCommuneEtablissement, 1, 2) IN ({codes})"
    ).fetchone()[0]
    return {"rows_kept": kept}


def duckdb_join(establishments, legal_units, departments):
    import duckdb

    connection = duckdb.connect(config={"threads": os.cpu_count() or 2})
    codes = ",".join(f"'{code}'" for code in departments.split(","))
    table = connection.execute(
        f"SELECT e.*, u.denominationUniteLegale, u.sigleUniteLegale, u.categorieEntreprise, "
        f"u.categorieJuridiqueUniteLegale, u.statutDiffusionUniteLegale "
        f"FROM read_csv('{establishments}', all_varchar=true, header=true) e "
        f"LEFT JOIN read_csv('{legal_units}', all_varchar=true, header=true) u USING (siren) "
        f"WHERE substr(e.codeCommuneEtablissement, 1, 2) IN ({codes})"
    ).to_arrow_table()
    return {"rows_kept": table.num_rows}


STEPS = {
    "scan": scan,
    "scan_establishments": scan_establishments_only,
    "import": import_,
    "duckdb_filter": duckdb_filter,
    "duckdb_join": duckdb_join,
}


def _prepare(step):
    """Load what the step needs before the clock starts: we time the work, not Python's imports."""
    if step.startswith("duckdb"):
        import duckdb  # noqa: F401
    else:
        _django()
        from synergies.directory import reference, services, sirene, sirene_rows  # noqa: F401

        reference.communes(), reference.naf_labels()
        sirene_rows._lambert93_transformer()


if __name__ == "__main__":
    step, *arguments = sys.argv[1:]
    _prepare(step)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = STEPS[step](*arguments)
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["baseline_rss_mb"] = round(baseline, 1)
    print(json.dumps(result))
