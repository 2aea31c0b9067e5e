"""gunicorn settings of the production path (`make serve`, bench/load.py).

The application is loaded once in the master process, and the matching indexes are built there
before the workers are forked: each worker starts with them in memory (shared, copy-on-write),
instead of each building its own on its first matching request — 18 s of both cores with
100,000 organisations, during which every other request waits (measured in docs/benchmarks.md).
A worker still rebuilds an index alone when a write moves its version.
"""

import os

preload_app = True
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
errorlog = "-"


def when_ready(server):
    from django.db import connections

    from synergies.matching.services import warm_indexes

    try:
        warm_indexes()
    except Exception:  # the site must start even so: each worker then builds the indexes itself
        server.log.exception("Index d'appariement non préchargé")
    finally:
        connections.close_all()  # the workers must not share the master's database connection
