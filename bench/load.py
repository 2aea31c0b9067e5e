"""Load test of the production path: gunicorn + the tasks worker + the scheduler + PostgreSQL, with N
organisations, under locust's simulated users (bench/locustfile.py) on 127.0.0.1.

    python bench/load.py --organisations 100000 --users 50 --minutes 5

The database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/synergies_load) is filled
once: migrate, the demo territory and accounts, N fictional organisations, one vector per
organisation (random unit vectors, stored with the real text's hash so that nothing recomputes them:
embedding 100,000 profiles would take an hour here) and bench accounts (10 members, 10 defence
agents with TOTP) so that simulated people do not share one session. locust runs in its own virtual
environment (var/bench/locust-venv, from requirements/bench-locust.txt): gevent cannot share a
process with Django. Prints the machine, then one Markdown row per request kind.
"""

import argparse
import csv
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "load"
LOCUST_VENV = ROOT / "var" / "bench" / "locust-venv"
BENCH_ACCOUNTS = 10


def environment(port: int) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/synergies_load")
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",  # the production module
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "bench-load-not-a-secret-" + "x" * 40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        SYNERGIES_VAR_DIR=str(VAR),
        DJANGO_STATIC_ROOT=str(VAR / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def setup(count: int) -> None:
    """(In a child process, with Django.) Fill the database unless it already holds `count`."""
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `make serve` does
    from synergies.directory.demo import demo_directory_load
    from synergies.directory.models import Organisation
    from synergies.matching import backends, documents, services
    from synergies.matching.models import Embedding
    from synergies.site.demo import _account, demo_load
    from synergies.territories.models import Territory

    if not Organisation.objects.filter(is_demo=True).exists():
        demo_load()
    if Organisation.objects.count() < count:
        demo_directory_load(Territory.objects.get(code="53"), {}, generated=count)
    from synergies.accounts.enums import OrganisationRole, TerritoryRoleKind
    from synergies.accounts.models import OrganisationMembership, TerritoryRole

    agent_role = TerritoryRole.objects.filter(user__email="agent-defense@demo.synergies.fr").first()
    member = OrganisationMembership.objects.filter(user__email="membre@demo.synergies.fr").first()
    for number in range(1, BENCH_ACCOUNTS + 1):
        user = _account(f"membre-{number}@bench.synergies.fr", "Membre", f"Banc {number}")
        OrganisationMembership.objects.get_or_create(
            user=user, organisation=member.organisation, defaults={"role": OrganisationRole.MEMBER}
        )
        agent = _account(f"agent-{number}@bench.synergies.fr", "Agent", f"Banc {number}", needs_mfa=True)
        TerritoryRole.objects.get_or_create(
            user=agent,
            territory=agent_role.territory,
            organisation=agent_role.organisation,
            kind=TerritoryRoleKind.DEFENCE_AGENT,
        )
    backend = backends.get_backend()
    have = set(Embedding.objects.filter(kind="organisation").values_list("object_id", flat=True))
    texts = {pk: text for pk, text in services.organisation_texts().items() if pk not in have}
    generator = np.random.default_rng(2)
    rows = []
    for object_id, text in texts.items():
        vector = generator.standard_normal(backend.dim, dtype=np.float32)
        rows.append(
            Embedding(
                kind="organisation",
                object_id=object_id,
                model_name=backend.name,
                text_hash=documents.text_hash(text),
                vector=(vector / np.linalg.norm(vector)).tobytes(),
            )
        )
    Embedding.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    services.index_version_bump("organisation")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"{Organisation.objects.count():,} organisations, {len(rows):,} vectors added", flush=True)


def _locust() -> Path:
    executable = LOCUST_VENV / "bin" / "locust"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        pip = [str(LOCUST_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-r", str(ROOT / "requirements" / "bench-locust.txt")], check=True)
    return executable


def _wait_until_up(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} ne répond pas")


def _report(stats_csv: Path) -> None:
    with stats_csv.open() as handle:
        rows = list(csv.DictReader(handle))
    print("| request | requests | failures | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all requests**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} "
            f"| {row['99%']} | {float(row['Max Response Time']):.0f} |"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 3)))
    parser.add_argument("--setup-only", action="store_true")
    arguments = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    env = environment(arguments.port)
    database = env["DATABASE_URL"].rsplit("/", 1)
    if database[0].startswith("postgres"):
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database[1]], capture_output=True)
    started = time.perf_counter()
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.load import setup; setup({arguments.organisations})"
    )
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
    print(f"Set-up: {time.perf_counter() - started:.0f} s")
    if arguments.setup_only:
        return
    python = sys.executable
    processes = [
        subprocess.Popen(
            [str(Path(python).parent / "gunicorn"), "config.wsgi", "--config", "config/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{arguments.port}", "--workers", str(arguments.workers), "--log-level", "warning",
             "--access-logfile", "/dev/null"],
            env=env, cwd=ROOT,
        ),
        subprocess.Popen([python, "manage.py", "db_worker", "--queue-name", "*"], env=env, cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([python, "manage.py", "run_scheduler"], env=env, cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]  # fmt: skip
    try:
        _wait_until_up(f"http://127.0.0.1:{arguments.port}/sante/", seconds=300)  # the indexes are built first
        locust = _locust()
        prefix = VAR / "locust"
        subprocess.run(
            [str(locust), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
             "-u", str(arguments.users), "-r", "2", "-t", f"{int(arguments.minutes * 60)}s",
             "--host", f"http://127.0.0.1:{arguments.port}", "--csv", str(prefix)],
            cwd=ROOT, check=False,
        )  # fmt: skip
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL, {arguments.organisations:,} organisations, gunicorn {arguments.workers} workers + worker "
        f"+ scheduler, locust {arguments.users} users for {arguments.minutes:g} min, date {date.today().isoformat()}\n"
    )
    _report(Path(f"{prefix}_stats.csv"))


if __name__ == "__main__":
    main()
