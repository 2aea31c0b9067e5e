"""Opportunities benchmark: p50 and p95 of the list, detail, feeds and API with N opportunities,
and the time to compute the digests of M saved searches.

    python bench/opportunities.py --opportunities 5000 --saved-searches 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/synergies_bench_opp python bench/opportunities.py

The opportunities are built from the demo ones (every kind, realistic texts), spread over the
convention objectives, départements, visibilities and deadlines; timings go through Django's test
client (the whole view: query, template; no network).
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("list: open ones (default)", "/opportunites/", {}),
    ("list: text « usinage titane »", "/opportunites/", {"q": "usinage titane"}),
    ("list: type + département", "/opportunites/", {"type": "subcontracting", "departement": "29"}),
    ("list: every status, page 20", "/opportunites/", {"etat": "toutes", "page": "20"}),
    ("RSS feed", "/opportunites/flux.rss", {}),
    ("iCalendar feed", "/opportunites/echeances.ics", {}),
    ("API list", "/api/v1/opportunities", {"q": "cyber"}),
]


def setup(count: int) -> float:
    if not os.environ.get("DATABASE_URL"):
        folder = ROOT / "var" / "bench" / f"opportunities-{count}"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["SYNERGIES_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["EMAIL_URL"] = "memorymail://"  # the digests are composed and kept in memory
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from synergies.opportunities.models import Opportunity

    if Opportunity.objects.count() >= count:
        return 0.0
    started = time.perf_counter()
    from django.utils import timezone

    from synergies.opportunities.demo import DEMO_OPPORTUNITIES
    from synergies.opportunities.selectors import search_document
    from synergies.site.demo import demo_load
    from synergies.territories.models import Territory

    demo_load()
    territory = Territory.objects.get(code="53")
    objectives = list(territory.current_convention.objectives.all())
    publisher = Opportunity.objects.first().publisher
    rng = random.Random(7)
    now = timezone.now()
    rows = []
    for n in range(count - Opportunity.objects.count()):
        title, kind, extra, _, _, _ = rng.choice(DEMO_OPPORTUNITIES)
        opportunity = Opportunity(
            territory=territory,
            publisher=publisher,
            kind=kind,
            title=f"{title} — lot {n}",
            description=extra["description"],
            contract_type=extra.get("contract_type", ""),
            reserve_type=extra.get("reserve_type", ""),
            place=extra.get("place", ""),
            department=rng.choice(["22", "29", "35", "56"]),
            objective=rng.choice(objectives),
            deadline=now + datetime.timedelta(days=rng.randint(-200, 200), hours=rng.randint(0, 23)),
            visibility=rng.choice(["public", "public", "registered", "partners"]),
            status="published",
            published_at=now - datetime.timedelta(days=rng.randint(0, 300)),
        )
        opportunity.search_document = search_document(opportunity)
        rows.append(opportunity)
    Opportunity.objects.bulk_create(rows, batch_size=2000)
    return time.perf_counter() - started


def measure(client, path, params, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def digests(count: int) -> tuple[float, int]:
    from django.utils import timezone

    from synergies.accounts.models import User
    from synergies.opportunities import saved_searches
    from synergies.opportunities.models import SavedSearch
    from synergies.opportunities.selectors import OpportunityQuery

    SavedSearch.objects.all().delete()
    users = list(User.objects.all())
    queries = [
        OpportunityQuery(q="usinage"),
        OpportunityQuery(kinds=("recruitment",)),
        OpportunityQuery(departments=("35",)),
    ]
    week_ago = timezone.now() - datetime.timedelta(days=8)
    SavedSearch.objects.bulk_create(
        SavedSearch(
            user=users[n % len(users)],
            name=f"Recherche {n}",
            params=queries[n % len(queries)].as_params(),
            frequency="weekly",
            last_sent_at=week_ago,
        )
        for n in range(count)
    )
    started = time.perf_counter()
    sent = saved_searches.digests_send()
    return time.perf_counter() - started, sent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opportunities", type=int, default=5_000)
    parser.add_argument("--saved-searches", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=40)
    arguments = parser.parse_args()
    load_seconds = setup(arguments.opportunities)
    from django.db import connection
    from django.test import Client

    from synergies.accounts.models import User
    from synergies.opportunities.models import Opportunity

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}, {Opportunity.objects.count():,} opportunities (loaded in {load_seconds:.0f} s), "
        f"{arguments.runs} runs per query, date {datetime.date.today().isoformat()}\n"
    )
    anonymous, agent = Client(), Client()
    agent.force_login(User.objects.get(email="agent-defense@demo.synergies.fr"))
    detail = Opportunity.objects.filter(kind="subcontracting").order_by("pk").first().get_absolute_url()
    print("| request | visitor p50 ms | visitor p95 ms | defence agent p50 ms | defence agent p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for label, path, params in [*QUERIES, ("detail page", detail, {})]:
        visitor = measure(anonymous, path, params, arguments.runs)
        partner = measure(agent, path, params, arguments.runs)
        print(f"| {label} | {visitor[0]:.0f} | {visitor[1]:.0f} | {partner[0]:.0f} | {partner[1]:.0f} |")
    seconds, sent = digests(arguments.saved_searches)
    print(f"\nDigests: {arguments.saved_searches} weekly saved searches due, {sent} e-mails, {seconds:.1f} s")


if __name__ == "__main__":
    main()
