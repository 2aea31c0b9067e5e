"""Directory search benchmark: p50 and p95 of the search page and of the API with N organisations.

    python bench/directory_search.py --organisations 100000            # SQLite (a fresh file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/synergies_bench python bench/directory_search.py

Fills a fresh database with N fictional organisations (the demo archetypes: realistic names,
descriptions, capabilities, certifications), then times typical queries, with and without facets,
through Django's test client (the whole view: query, facets, template; no network).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("empty page (all)", {}),
    ("text: usinage titane", {"q": "usinage titane"}),
    ("text: cybersécurité", {"q": "cybersécurité"}),
    ("text: drones sous-marins", {"q": "drones sous-marins"}),
    ("text + département", {"q": "électronique", "departement": "29"}),
    ("facets only: domaine + certification", {"domaine": "cyber", "certification": "iso-27001"}),
    ("facet: département + effectif", {"departement": "35", "effectif": ["11", "12"]}),
    ("deep page (page 400)", {"page": "400"}),
    ("text, sort by size", {"q": "maintenance navale", "tri": "effectif"}),
]


def setup(count: int):
    """Migrate and fill the benchmark database, unless it already holds `count` organisations."""
    if not os.environ.get("DATABASE_URL"):
        folder = ROOT / "var" / "bench" / f"search-{count}"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["SYNERGIES_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from synergies.directory.demo import demo_directory_load
    from synergies.directory.models import Organisation
    from synergies.territories.models import Territory
    from synergies.territories.services import reference_territories_load

    if Organisation.objects.count() >= count:
        return 0.0
    reference_territories_load()
    started = time.perf_counter()
    demo_directory_load(Territory.objects.get(code="53"), {}, generated=count)
    seconds = time.perf_counter() - started
    # Fresh statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keep them on a live
    # database: without them the planner guesses, and the figures say more about the guess.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return seconds


def measure(client, path, params, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    arguments = parser.parse_args()
    load_seconds = setup(arguments.organisations)
    from django.db import connection
    from django.test import Client

    client = Client()
    vendor = connection.vendor
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{vendor}, {arguments.organisations:,} organisations (loaded in {load_seconds:.0f} s), "
        f"{arguments.runs} runs per query, date {date.today().isoformat()}\n"
    )
    from django.core.cache import cache

    print("| query | page, first time (counts computed) ms | page p50 ms | page p95 ms | API p50 ms | API p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, params in QUERIES:
        cache.clear()  # the first request computes the counts and facets; the next ones reuse them
        cold = measure(client, "/organisations/", params, 1)[0]
        page = measure(client, "/organisations/", params, arguments.runs)
        api = measure(client, "/api/v1/organisations", params, arguments.runs)
        print(f"| {label} | {cold:.0f} | {page[0]:.0f} | {page[1]:.0f} | {api[0]:.0f} | {api[1]:.0f} |")


if __name__ == "__main__":
    main()
