"""Matching speed and memory: one free-text match, query embedding included, at 10 k, 100 k and 1 M
organisations; embedding throughput by text length.

    python bench/matching_speed.py --sizes 10000 100000 1000000 --end-to-end 10000

Index-level sizes use synthetic rows: stem documents drawn from the evaluation profiles (so BM25
postings have a realistic shape) and random unit vectors of the model's dimension (embedding 1 M
profiles on 2 cores would take days). Each query is embedded for real by the model (cache off).
`--end-to-end N` also times `services.match_text` on a database of N demo organisations with stored
synthetic vectors: version check, index, query vector, ranking, explanation from the database.
"""

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# One BLAS thread beside the model's OpenMP threads, as in the product: config must come before numpy
# (OpenBLAS reads its thread count when it loads); the split keeps the import sorter from swapping them.
import config  # noqa: E402, F401

# isort: split
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT / "bench" / "matching_eval"


def _percentiles(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def _needs():
    needs = [json.loads(line)["text"] for line in open(EVAL / "needs.jsonl", encoding="utf-8")]
    return [f"{need} {suffix}".strip() for suffix in ("", "en Bretagne") for need in needs]


def profile_vectors(backend) -> np.ndarray:
    """The real vectors of the evaluation profiles' windows (both sets), as the model computes them."""
    import csv

    from synergies.matching.documents import windows

    profiles = [json.loads(line)["text"] for line in open(EVAL / "profiles.jsonl", encoding="utf-8")]
    with open(ROOT / "bench" / "matching_eval2" / "organisations.csv", encoding="utf-8") as rows:
        profiles += [row["description"] for row in csv.DictReader(rows)]
    return backend.embed_passages([window for profile in profiles for window in windows(profile)])


# Synthetic rows are mixtures of two real profile vectors plus noise of this size: with it, a row's
# nearest neighbours are as close as a real profile's (median cosine 0.94 to the nearest, 0.90 to the
# tenth, for the real windows and for as many synthetic rows). Uniform random vectors would have no
# neighbours at all, a case no territory's profiles resemble.
SYNTHETIC_NOISE = 0.01


def synthetic_vectors(real: np.ndarray, count: int, seed: int = 1) -> np.ndarray:
    generator = np.random.default_rng(seed)
    vectors = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        size = min(100_000, count - start)
        first, second = generator.integers(0, len(real), size), generator.integers(0, len(real), size)
        share = generator.uniform(0.5, 1.0, (size, 1)).astype(np.float32)
        block = real[first] * share + real[second] * (1 - share)
        block += SYNTHETIC_NOISE * generator.standard_normal(block.shape, dtype=np.float32)
        vectors[start : start + size] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return vectors


def synthetic_index(size: int, real: np.ndarray, windows_per_row: int = 1):
    from synergies.core.text import search_terms
    from synergies.matching.backends import hub_scores
    from synergies.matching.index import MatchIndex

    profiles = [json.loads(line)["text"] for line in open(EVAL / "profiles.jsonl", encoding="utf-8")]
    stems = [search_terms(p) for p in profiles]
    rng = random.Random(1)
    documents = []
    for _ in range(size):
        first, second = rng.choice(stems), rng.choice(stems)
        documents.append(" ".join(first + second[: len(second) // 3]))
    generator = np.random.default_rng(1)
    vectors = synthetic_vectors(real, size * windows_per_row)
    departments = generator.choice(np.array(["22", "29", "35", "56"], dtype=object), size)
    window_rows = np.repeat(np.arange(size), windows_per_row) if windows_per_row > 1 else None
    # As the product: each vector's closeness to empty requests is taken off.
    return MatchIndex(
        ids=range(size),
        documents=documents,
        vectors=vectors,
        window_rows=window_rows,
        departments=departments,
        hub=hub_scores(vectors),
    )


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def index_level(sizes, backend, runs, windows_per_row=1):
    """Per size: the exact float32 product over every vector (the yardstick, same run), the ranking
    (BM25, filters, dense side, fusion, floor) and its ratio to the product, the whole match with the
    need's embedding, and the recall of the ranking's top 50 against the same ranking with an exact
    dense side."""
    from synergies.matching.index import Filters, query_terms

    needs = _needs()
    real = profile_vectors(backend)
    query_vectors = backend.embed_queries(needs)
    print(
        "| organisations | dense path | build s | index memory MB | exact float32 product p50 ms | ranking p50 / p95 ms "
        "| ranking ÷ product | with a département filter p50 ms | match with embedding p50 ms "
        "| recall@50 against exact (mean / lowest need) "
        "| recall@50 with the filter |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        started = time.perf_counter()
        index = synthetic_index(size, real, windows_per_row)
        build = time.perf_counter() - started
        coarse = index.dense._coarse
        path = "exact" if coarse is None else f"IVF int8, {coarse.lists} lists" if coarse.lists else "int8 pass"
        product, ranking, filtered, totals, recall, recall_filtered = [], [], [], [], [], []
        filters = Filters(departments=["29"])
        for run in range(runs):
            need, vector = needs[run % len(needs)], query_vectors[run % len(needs)]
            terms = query_terms(need)
            started = time.perf_counter()
            index.vectors @ vector
            product.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            hits = index.search(terms=terms, vector=vector, limit=50)
            ranking.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            filtered_hits = index.search(terms=terms, vector=vector, limit=50, filters=filters)
            filtered.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            backends_vector = backend.embed_queries([need + f" {run}"])[0]
            index.search(terms=terms, vector=backends_vector, limit=20)
            totals.append((time.perf_counter() - started) * 1000)
            if coarse is not None:  # the same ranking with the exact dense side
                index.dense._coarse = None
                exact = {hit.object_id for hit in index.search(terms=terms, vector=vector, limit=50)}
                exact_filtered = {
                    hit.object_id for hit in index.search(terms=terms, vector=vector, limit=50, filters=filters)
                }
                index.dense._coarse = coarse
                recall.append(len(exact & {hit.object_id for hit in hits}) / len(exact))
                recall_filtered.append(
                    len(exact_filtered & {hit.object_id for hit in filtered_hits}) / len(exact_filtered)
                )
        product_p50, rank, filt, total = (_percentiles(t) for t in (product, ranking, filtered, totals))
        print(
            f"| {size:,} | {path} | {build:.1f} | {index.memory_bytes / 1e6:.0f} | {product_p50[0]:.1f} | "
            f"{rank[0]:.1f} / {rank[1]:.1f} | {rank[0] / product_p50[0]:.2f} | {filt[0]:.1f} | {total[0]:.0f} | "
            f"{np.mean(recall) if recall else 1:.3f} / {min(recall) if recall else 1:.2f} | "
            f"{np.mean(recall_filtered) if recall else 1:.3f} |"
        )
        del index


def throughput(backend):
    """Profiles per second as the platform embeds them: each profile cut into its windows."""
    from synergies.matching.documents import windows

    profiles = [json.loads(line)["text"] for line in open(EVAL / "profiles.jsonl", encoding="utf-8")]
    print("\n| profile length | windows per profile | profiles per second |")
    print("|---|---:|---:|")
    for label, chars in [
        ("~150 characters (a short profile)", 150),
        ("~600 characters", 600),
        ("~2,500 characters", 2500),
    ]:
        texts = []
        for n in range(64):
            text = ""
            while len(text) < chars:
                text += " " + profiles[(n * 7 + len(text)) % len(profiles)]
            texts.append(text[:chars])
        cut = [window for text in texts for window in windows(text)]
        started = time.perf_counter()
        backend.embed_passages(cut)
        print(f"| {label} | {len(cut) / len(texts):.1f} | {len(texts) / (time.perf_counter() - started):.1f} |")


def end_to_end(size: int, runs: int):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from synergies.directory.demo import demo_directory_load
    from synergies.directory.models import Organisation
    from synergies.matching import backends, services
    from synergies.matching.models import Embedding
    from synergies.territories.models import Territory
    from synergies.territories.services import reference_territories_load

    if Organisation.objects.count() < size:
        reference_territories_load()
        demo_directory_load(Territory.objects.get(code="53"), {}, generated=size)
    backend = backends.get_backend()
    if Embedding.objects.count() < size:
        generator = np.random.default_rng(2)
        ids = list(Organisation.objects.values_list("pk", flat=True))
        rows = []
        for object_id in ids:
            vector = generator.standard_normal(backend.dim, dtype=np.float32)
            rows.append(
                Embedding(
                    kind="organisation",
                    object_id=object_id,
                    model_name=backend.name,
                    text_hash="synthetic",
                    vector=(vector / np.linalg.norm(vector)).tobytes(),
                )
            )
        Embedding.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        services.index_version_bump("organisation")
    started = time.perf_counter()
    services.current_index()
    build = time.perf_counter() - started
    needs, timings = _needs(), []
    for run in range(runs):
        backends.query_vector.cache_clear()
        started = time.perf_counter()
        services.match_text(needs[run % len(needs)], limit=20)
        timings.append((time.perf_counter() - started) * 1000)
    p50, p95 = _percentiles(timings)
    print(
        f"\nEnd to end (services.match_text, {size:,} organisations in SQLite, top 20 explained): "
        f"index loaded in {build:.1f} s; p50 {p50:.0f} ms, p95 {p95:.0f} ms over {runs} needs."
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--end-to-end", type=int, default=0)
    parser.add_argument(
        "--windows-per-row",
        type=int,
        default=1,
        help="vectors per organisation (a profile over 600 characters has up to 5); default one, as most profiles",
    )
    arguments = parser.parse_args()
    if arguments.end_to_end:
        folder = ROOT / "var" / "bench" / f"matching-{arguments.end_to_end}"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("SYNERGIES_VAR_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from synergies.matching.backends import get_backend

    backend = get_backend()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"model {backend.name}, {arguments.runs} needs per size, date {date.today().isoformat()}\n"
    )
    backend.embed_queries(["échauffement"])  # the first call maps the weights
    if arguments.windows_per_row > 1:
        print(f"Every organisation with {arguments.windows_per_row} windows (the worst case of long profiles)\n")
    index_level(arguments.sizes, backend, arguments.runs, arguments.windows_per_row)
    print(f"\nPeak resident memory of the process: {rss_mb():.0f} MB")
    throughput(backend)
    if arguments.end_to_end:
        end_to_end(arguments.end_to_end, arguments.runs)


if __name__ == "__main__":
    main()
