"""The final engine, judged the way an outside evaluation judges it: each set's organisations are
imported into a database of their own with `manage.py import_organisations` (the curated format),
its needs are run through `manage.py match --queries` (docs/formats/match-cli.md), and the results
are scored (nDCG@10, Recall@50) against the set's graded relevance.

    python bench/matching_cli_eval.py own2              # bench/matching_eval2/ (organisations.csv, needs.jsonl)
    python bench/matching_cli_eval.py own               # bench/matching_eval/ (profiles converted to the import format)
    python bench/matching_cli_eval.py cnil_epitca       # ../shared/data/retrieval/<name> (BEIR), documents as organisations
    python bench/matching_cli_eval.py own2 --per-need   # also the worst needs, to read

Each set keeps its database under var/bench/cli-eval/ between runs: re-importing the same file
changes nothing and `match` embeds only what changed, so a second run costs the ranking alone.
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from matching_quality import load_beir, load_own, ndcg_at, recall_at  # noqa: E402

WORK = ROOT / "var" / "bench" / "cli-eval"
COLUMNS = ["ref", "name", "kind", "description"]


def own2_set():
    folder = ROOT / "bench" / "matching_eval2"
    needs = [json.loads(line) for line in (folder / "needs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return folder / "organisations.csv", folder / "needs.jsonl", {n["id"]: n["relevance"] for n in needs}


def converted_set(name, documents, queries, qrels):
    """A set of plain texts written in the import format: every document an organisation (a company;
    the first sentence its name when short) and every query a need without filters."""
    folder = WORK / name
    folder.mkdir(parents=True, exist_ok=True)
    organisations = folder / "organisations.csv"
    with open(organisations, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for document_id, text in documents.items():
            first, _, rest = text.partition(". ")
            short = rest and len(first) <= 80
            writer.writerow(
                {
                    "ref": document_id,
                    "name": first if short else f"Document {document_id}",
                    "kind": "entreprise",
                    "description": rest if short else text,
                }
            )
    needs = folder / "needs.jsonl"
    with open(needs, "w", encoding="utf-8") as handle:
        for query_id, text in queries.items():
            handle.write(json.dumps({"id": query_id, "text": text}, ensure_ascii=False) + "\n")
    return organisations, needs, qrels


def manage(database: Path, *arguments, stdout=None):
    environment = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        PYTHONWARNINGS="ignore",
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=environment,
        check=True,
        stdout=stdout or subprocess.DEVNULL,
        cwd=ROOT,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data" / "retrieval"))
    parser.add_argument("--per-need", action="store_true")
    arguments = parser.parse_args()
    if arguments.collection == "own2":
        organisations, needs, qrels = own2_set()
    elif arguments.collection == "own":
        documents, queries, qrels = load_own()
        organisations, needs, qrels = converted_set("own", documents, queries, qrels)
    else:
        documents, queries, qrels = load_beir(Path(arguments.shared) / arguments.collection, with_title=False)
        organisations, needs, qrels = converted_set(arguments.collection, documents, queries, qrels)
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / f"{arguments.collection}.sqlite3"
    started = time.perf_counter()
    manage(database, "migrate", "--no-input")
    manage(database, "import_organisations", str(organisations))
    results_path = WORK / f"{arguments.collection}-results.jsonl"
    with open(results_path, "w", encoding="utf-8") as handle:
        manage(database, "match", "--queries", str(needs), "--limit", "50", "--format", "jsonl", stdout=handle)
    seconds = time.perf_counter() - started
    ndcg, recall, worst = [], [], []
    texts = {}
    for line in needs.read_text(encoding="utf-8").splitlines():
        if line:
            need = json.loads(line)
            texts[need["id"]] = need["text"]
    for line in results_path.read_text(encoding="utf-8").splitlines():
        result = json.loads(line)
        ranked = [item["ref"] for item in result["results"]]
        relevance = qrels.get(result["id"], {})
        ndcg.append(ndcg_at(ranked, relevance, 10))
        recall.append(recall_at(ranked, relevance, 50))
        worst.append((ndcg[-1], result["id"], ranked[:5]))
    print(
        f"{arguments.collection}: {len(ndcg)} needs through manage.py match, nDCG@10 {sum(ndcg) / len(ndcg):.3f}, "
        f"Recall@50 {sum(recall) / len(recall):.3f} ({seconds:.0f} s with import and embedding)"
    )
    if arguments.per_need:
        for score, need_id, top in sorted(worst)[:15]:
            print(f"  {score:.2f} {need_id} {texts.get(need_id, '')[:90]!r} -> {top}")
    return 0 if not math.isnan(sum(ndcg)) else 1


if __name__ == "__main__":
    sys.exit(main())
