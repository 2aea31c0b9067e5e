"""Platforms benchmark: p50 and p95 of the availability search and of a resource's calendars with
200 platforms, 1,000 resources and 100,000 bookings (issue 18: p95 under 150 ms).

    python bench/platforms.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/synergies_bench_platforms python bench/platforms.py

Bookings fill each resource's working days from 26 weeks ago to 26 weeks ahead (2 to 4 slots a day,
holding statuses), written in bulk past the booking rules; timings go through Django's test client
(the whole view: queries, template; no network).
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

KINDS = ["basin", "chamber", "test_bench", "cyber_range", "machine"]


def setup(platforms: int, resources_per_platform: int, bookings: int) -> float:
    if not os.environ.get("DATABASE_URL"):
        folder = ROOT / "var" / "bench" / f"platforms-{platforms}-{bookings}"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["SYNERGIES_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["EMAIL_URL"] = "memorymail://"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from synergies.platforms.models import Booking, Platform, Resource

    if Booking.objects.count() >= bookings:
        return 0.0
    started = time.perf_counter()
    from django.utils import timezone

    from synergies.directory.models import Capability, Organisation
    from synergies.platforms.bookings import aware
    from synergies.site.demo import demo_load
    from synergies.territories.models import Territory

    demo_load()
    territory = Territory.objects.get(code="53")
    operators = list(Organisation.objects.filter(territory=territory).order_by("pk")[:50])
    requesters = list(Organisation.objects.filter(territory=territory, kind="entreprise").order_by("pk")[:200])
    capabilities = list(Capability.objects.all())
    rng = random.Random(18)
    new_platforms = []
    for n in range(platforms - Platform.objects.count()):
        operator = operators[n % len(operators)]
        kind = KINDS[n % len(KINDS)]
        new_platforms.append(
            Platform(
                territory=territory,
                operator=operator,
                name=f"Plateforme d'essais {n} ({kind})",
                summary="Essais et mesures pour prototypes.",
                description="Moyens d'essais ouverts aux PME et aux laboratoires du territoire.",
                contact_email="bench@exemple.fr",
                city=operator.city,
                department=operator.department,
                is_demo=True,
                search_document=f" essais mesur prototyp {kind} ",
            )
        )
    Platform.objects.bulk_create(new_platforms, batch_size=500)
    for created in new_platforms:
        created.capabilities.set(rng.sample(capabilities, 2))
    new_resources = [
        Resource(
            platform=p, name=f"Ressource {i} de {p.name}", kind=KINDS[(p.pk + i) % len(KINDS)], capacity=1 + (i == 0)
        )
        for p in Platform.objects.filter(resources__isnull=True)
        for i in range(resources_per_platform)
    ]
    Resource.objects.bulk_create(new_resources, batch_size=2000)
    resources = list(Resource.objects.all())
    today = timezone.localdate()
    first = today - datetime.timedelta(weeks=26)
    rows, per_resource = [], bookings // len(resources) + 1
    for resource in resources:
        day, made = first, 0
        while made < per_resource:
            if day.isoweekday() <= 5:
                hour = 8
                for _ in range(rng.randint(2, 4)):
                    length = rng.choice([1, 2, 3])
                    if hour + length > 18 or made >= per_resource:
                        break
                    rows.append(
                        Booking(
                            resource=resource,
                            organisation=rng.choice(requesters),
                            starts_at=aware(day, datetime.time(hour)),
                            ends_at=aware(day, datetime.time(hour + length)),
                            status="used" if day < today else "booked",
                        )
                    )
                    hour += length + rng.choice([0, 1])
                    made += 1
            day += datetime.timedelta(days=1)
        if len(rows) >= 20_000:
            Booking.objects.bulk_create(rows, batch_size=5000)
            rows = []
    Booking.objects.bulk_create(rows, batch_size=5000)
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--platforms", type=int, default=200)
    parser.add_argument("--resources-per-platform", type=int, default=5)
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    load_seconds = setup(arguments.platforms, arguments.resources_per_platform, arguments.bookings)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from synergies.accounts.models import User
    from synergies.platforms.models import Booking, Platform, Resource

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}, {Platform.objects.count():,} platforms, {Resource.objects.count():,} resources, "
        f"{Booking.objects.count():,} bookings (loaded in {load_seconds:.0f} s), {arguments.runs} runs per request, "
        f"date {datetime.date.today().isoformat()}\n"
    )
    visitor, operator = Client(), Client()
    operator.force_login(User.objects.get(email="coordination-region@demo.synergies.fr"))
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    week = {"du": monday.isoformat(), "au": (monday + datetime.timedelta(days=4)).isoformat()}
    busy = Resource.objects.order_by("pk").first()
    requests = [
        ("availability: one week, every resource", "/plateformes/disponibilites/", week),
        (
            "availability: one week, chambers, 4 h",
            "/plateformes/disponibilites/",
            {**week, "ressource": "chamber", "heures": "4"},
        ),
        (
            "availability: one month, test benches",
            "/plateformes/disponibilites/",
            {
                "du": monday.isoformat(),
                "au": (monday + datetime.timedelta(days=30)).isoformat(),
                "ressource": "test_bench",
            },
        ),
        ("API availability: one week", "/api/v1/platform-availability", week),
        ("resource calendar: week", busy.get_absolute_url(), {"semaine": monday.isoformat()}),
        ("resource calendar: month", busy.get_absolute_url(), {"vue": "mois", "semaine": monday.isoformat()}),
        ("catalogue: text « essais »", "/plateformes/", {"q": "essais"}),
    ]
    print("| request | visitor p50 ms | visitor p95 ms | operator (coordinator) p50 ms | operator p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for label, path, params in requests:
        a = measure(visitor, path, params, arguments.runs)
        b = measure(operator, path, params, arguments.runs)
        print(f"| {label} | {a[0]:.0f} | {a[1]:.0f} | {b[0]:.0f} | {b[1]:.0f} |")
    operator_page = measure(operator, "/plateformes/operateur/", {}, max(5, arguments.runs // 3))
    print(
        f"\nOperator page (coordinator: every platform, occupancy of every resource over the month): p50 {operator_page[0]:.0f} ms, p95 {operator_page[1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
