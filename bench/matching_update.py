"""How long a profile change takes to reach a worker's index at 100,000 organisations: the changed rows
layered over the built index (index.LayeredIndex), against a full rebuild, both at the index level (the
database's part, reading a few rows by primary key, is not included).

    python bench/matching_update.py --size 100000
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import config  # noqa: E402, F401  (one BLAS thread, before numpy)

# isort: split
import numpy as np  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    import matching_speed

    from synergies.matching.backends import get_backend, hub_scores
    from synergies.matching.index import LayeredIndex, MatchIndex, query_terms

    backend = get_backend()
    real = matching_speed.profile_vectors(backend)
    started = time.perf_counter()
    base = matching_speed.synthetic_index(arguments.size, real)
    rebuild = time.perf_counter() - started
    need = "Usinage de pièces en titane pour un drone sous-marin"
    vector, terms = backend.embed_queries([need])[0], query_terms(need)
    print(f"{arguments.size:,} organisations: full rebuild of the index {rebuild:.1f} s\n")
    print("| rows changed | layered update ms | first search after it ms |")
    print("|---:|---:|---:|")
    generator = np.random.default_rng(3)
    for changed in (1, 10, 100, 1000, 5000):
        rows = np.sort(generator.choice(arguments.size, changed, replace=False))
        vectors = matching_speed.synthetic_vectors(real, changed, seed=changed)
        started = time.perf_counter()
        changes = MatchIndex(
            ids=base.ids[rows],
            documents=["usin piec titan drone sous marin"] * changed,
            vectors=vectors,
            departments=base.departments[rows],
            hub=hub_scores(vectors),
            like=base,
        )
        layered = LayeredIndex(base, changes, base.ids[rows], base.version + 1)
        update = time.perf_counter() - started
        started = time.perf_counter()
        layered.search(terms=terms, vector=vector, limit=20)
        search = time.perf_counter() - started
        print(f"| {changed:,} | {update * 1000:.1f} | {search * 1000:.1f} |")


if __name__ == "__main__":
    main()
