"""Steering benchmark: dashboard and public page p50/p95, annual report PDF and XLSX, with
4 objectives, 60 actions, 80 indicators and 5 years of monthly values (4,800 values).

    python bench/steering.py [--runs 30]
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup():
    if not os.environ.get("DATABASE_URL"):
        folder = ROOT / "var" / "bench" / "steering"
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
    from synergies.accounts.enums import Party, TerritoryRoleKind
    from synergies.accounts.models import TerritoryRole, User
    from synergies.governance.models import Action, Indicator, IndicatorValue
    from synergies.territories.models import Convention
    from synergies.territories.services import reference_territories_load, shipped_conventions_load

    reference_territories_load()
    shipped_conventions_load()
    convention = Convention.objects.get(slug="bretagne-2024")
    user, created = User.objects.get_or_create(email="bench-coordination@exemple.fr")
    if created:  # coordinators must have MFA: an enrolled TOTP lets a forced login through
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())
    TerritoryRole.objects.get_or_create(
        user=user, territory=convention.territory, kind=TerritoryRoleKind.COORDINATOR, defaults={"party": Party.REGION}
    )
    if Indicator.objects.filter(convention=convention).count() >= 80:
        return convention, user
    objectives = list(convention.objectives.all())
    for n in range(60):
        Action.objects.create(
            convention=convention, objective=objectives[n % 4], reference=f"{n % 4 + 1}.{n}", title=f"Action {n}",
            lead="region", progress=n % 100, status="in_progress", is_public=n % 2 == 0,
            due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=20 * n),
        )  # fmt: skip
    start = datetime.date(2024, 4, 1)
    values = []
    for n in range(80):
        indicator = Indicator.objects.create(
            convention=convention, objective=objectives[n % 4], code=f"indicateur-{n}", name=f"Indicateur {n}",
            unit="unités", target=Decimal(1000), is_public=n % 2 == 0,
        )  # fmt: skip
        for month in range(60):
            day = datetime.date(start.year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1, 1)
            values.append(
                IndicatorValue(
                    indicator=indicator, value=Decimal(10 * month + n), measured_on=day, status="validated",
                    entered_party="region", validated_party="state",
                )
            )  # fmt: skip
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return convention, user


def measure(client, path, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    convention, user = setup()
    from django.db import connection
    from django.test import Client

    from synergies.governance.models import IndicatorValue

    coordinator, anonymous = Client(), Client()
    coordinator.force_login(user)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}, 60 actions, 80 indicators, {IndicatorValue.objects.count():,} values, "
        f"{arguments.runs} runs, date {datetime.date.today().isoformat()}\n"
    )
    print("| page | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    for label, client, path in [
        ("dashboard (coordinator)", coordinator, f"/pilotage/{convention.slug}/"),
        ("public page (visitor)", anonymous, f"/pilotage/{convention.slug}/publique/"),
        ("API steering (visitor, public)", anonymous, f"/api/v1/conventions/{convention.slug}/steering"),
    ]:
        p50, p95 = measure(client, path, arguments.runs)
        print(f"| {label} | {p50:.0f} | {p95:.0f} |")
    for fmt in ("pdf", "xlsx"):
        started = time.perf_counter()
        response = coordinator.get(
            f"/pilotage/{convention.slug}/rapport.{fmt}?debut=2024-01-01&fin=2029-12-31", secure=True
        )
        seconds = time.perf_counter() - started
        assert response.status_code == 200
        print(f"\nAnnual report {fmt.upper()}: {seconds:.2f} s, {len(response.content) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
