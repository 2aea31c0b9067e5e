"""SIRENE import benchmark: our importer next to DuckDB on the same generated files, in the same run.

    python bench/sirene_import.py --rows 1000000 3000000

For each size: rows read per second and peak memory of (1) the read-and-filter stage, (2) the read,
filter and join of both files, (3) the whole import into a fresh SQLite database (writes included),
and DuckDB's time for (1) and (2). Each step runs in its own process (peak RSS is that step's).
Prints a Markdown table for docs/benchmarks.md.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEPARTMENTS = "22,29,35,56"


def step(name, *arguments, env=None):
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "_child.py"), name, *map(str, arguments)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def fresh_database(template: Path) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="synergies-bench-"))
    shutil.copy(template, folder / "synergies.sqlite3")
    return {
        **os.environ,
        "SYNERGIES_VAR_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
    }


def migrated_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="synergies-bench-template-"))
    env = {**os.environ, "SYNERGIES_VAR_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([PYTHON, "manage.py", "load_territories"], check=True, env=env, cwd=ROOT, capture_output=True)
    return folder / "synergies.sqlite3"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 3_000_000])
    parser.add_argument("--data", type=Path, default=ROOT / "var" / "bench")
    arguments = parser.parse_args()
    template = migrated_template()
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"date {date.today().isoformat()}",
        "",
        "| rows | file | stage | ours s | ours rows/s | ours peak MB (before the step) | DuckDB s | DuckDB peak MB | ratio (ours/DuckDB) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for rows in arguments.rows:
        folder = arguments.data / f"{rows // 1000}k"
        establishments = folder / "StockEtablissement_utf8.csv"
        legal_units = folder / "StockUniteLegale_utf8.csv"
        if not establishments.exists():
            subprocess.run(
                [PYTHON, str(ROOT / "bench" / "sirene_generate.py"), "--rows", str(rows), "--out", str(folder)],
                check=True,
            )
        size = f"{establishments.stat().st_size / 1e6:.0f} MB"
        duck_filter = step("duckdb_filter", establishments, DEPARTMENTS)
        ours_filter = step("scan_establishments", establishments, DEPARTMENTS)
        duck_join = step("duckdb_join", establishments, legal_units, DEPARTMENTS)
        ours_join = step("scan", establishments, legal_units, DEPARTMENTS)
        database = fresh_database(template)
        ours_import = step("import", establishments, legal_units, DEPARTMENTS, env=database)
        ours_rerun = step("import", establishments, legal_units, DEPARTMENTS, env=database)
        assert ours_filter["rows_kept"] == duck_filter["rows_kept"], (ours_filter, duck_filter)
        assert ours_join["rows_kept"] == duck_join["rows_kept"], (ours_join, duck_join)
        for label, ours, duck in [
            ("read + filter establishments", ours_filter, duck_filter),
            ("read + filter + join legal units", ours_join, duck_join),
            (f"whole import ({ours_import['created']} organisations written)", ours_import, duck_join),
            (
                f"same import again ({ours_rerun['created']} created, {ours_rerun['updated']} updated)",
                ours_rerun,
                duck_join,
            ),
        ]:
            lines.append(
                f"| {rows:,} | {size} | {label} | {ours['seconds']:.2f} | {rows / ours['seconds']:,.0f} | "
                f"{ours['peak_rss_mb']:.0f} ({ours['baseline_rss_mb']:.0f}) | {duck['seconds']:.2f} | "
                f"{duck['peak_rss_mb']:.0f} | {ours['seconds'] / duck['seconds']:.2f} |"
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
