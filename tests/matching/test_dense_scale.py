"""The dense side at national scale: the int8 first pass and the IVF lists give the same answers as the
exact search, filters stay hard, long profiles keep their best window. The thresholds are lowered so
that a few thousand rows take the large-index paths."""

import numpy as np
import pytest

from synergies.matching import dense
from synergies.matching.index import Filters, MatchIndex

pytest.importorskip("faiss", reason="faiss-cpu is a runtime dependency (requirements/base.txt)")

DIM = 32


def clustered_vectors(count: int, seed: int = 1) -> np.ndarray:
    """Unit vectors around a few hundred centres, as profiles of a territory are (not uniform noise)."""
    generator = np.random.default_rng(seed)
    centres = generator.standard_normal((200, DIM)).astype(np.float32)
    vectors = centres[generator.integers(0, 200, count)] + 0.3 * generator.standard_normal((count, DIM))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def build(count: int, *, windows_per_row: int = 1, seed: int = 1):
    generator = np.random.default_rng(seed)
    vectors = clustered_vectors(count * windows_per_row, seed)
    return dict(
        ids=np.arange(1000, 1000 + count),
        documents=[f"mot{row % 50} commun" for row in range(count)],
        vectors=vectors,
        window_rows=np.repeat(np.arange(count), windows_per_row) if windows_per_row > 1 else None,
        departments=generator.choice(np.array(["22", "29", "35", "56"], dtype=object), count),
        kinds=["company"] * count,
        hub=generator.uniform(0.6, 0.9, len(vectors)).astype(np.float32),
    )


def queries(count: int = 20) -> np.ndarray:
    return clustered_vectors(count, seed=7)


@pytest.fixture
def large_paths(monkeypatch):
    """Every index above 500 vectors takes the int8 pass, above 3,000 the IVF lists."""
    monkeypatch.setattr(dense, "EXACT_MAX_VECTORS", 500)
    monkeypatch.setattr(dense, "IVF_MIN_VECTORS", 3000)


def same_answers(exact: MatchIndex, approximate: MatchIndex, *, filters=None, limit=20) -> float:
    """Share of the exact top `limit` that the approximate index also returns, over the queries; the
    scores of rows returned by both are equal (each computed from the float32 vectors)."""
    found = []
    for query in queries():
        expected = {
            hit.object_id: hit for hit in exact.search(terms=["mot3"], vector=query, filters=filters, limit=limit)
        }
        got = approximate.search(terms=["mot3"], vector=query, filters=filters, limit=limit)
        for hit in got:
            if hit.object_id in expected:
                assert hit.dense == pytest.approx(expected[hit.object_id].dense, abs=1e-5)
                assert hit.window == expected[hit.object_id].window
        found.append(len(expected.keys() & {hit.object_id for hit in got}) / max(1, len(expected)))
    return float(np.mean(found))


def test_small_indexes_stay_exact():
    assert MatchIndex(**build(400)).dense.is_exact


@pytest.mark.parametrize("rows", [2000, 6000])  # the int8 pass alone; the IVF lists
def test_the_large_index_paths_find_what_the_exact_search_finds(large_paths, rows, monkeypatch):
    approximate = MatchIndex(**build(rows))
    assert not approximate.dense.is_exact
    assert (approximate.dense._coarse.lists > 0) == (rows >= dense.IVF_MIN_VECTORS)
    monkeypatch.setattr(dense, "EXACT_MAX_VECTORS", 10**9)
    exact = MatchIndex(**build(rows))
    assert exact.dense.is_exact
    assert same_answers(exact, approximate) >= 0.98


def test_filters_stay_hard_on_the_large_paths(large_paths, monkeypatch):
    approximate = MatchIndex(**build(6000))
    filters = Filters(departments=["29"])
    for query in queries():
        hits = approximate.search(terms=[], vector=query, filters=filters, limit=50)
        assert len(hits) == 50
        assert {approximate.departments[approximate.position[hit.object_id]] for hit in hits} == {"29"}
    monkeypatch.setattr(dense, "EXACT_MAX_VECTORS", 10**9)
    assert same_answers(MatchIndex(**build(6000)), approximate, filters=filters) >= 0.98


def test_a_narrow_filter_is_scored_exactly(large_paths):
    """Few allowed vectors: the first pass is skipped and every allowed row is scored exactly."""
    index = MatchIndex(**build(2000))
    allowed = list(index.ids[:30])
    for query in queries(5):
        hits = index.search(terms=[], vector=query, filters=Filters(exclude_ids=[]), limit=10)
        assert len(hits) == 10
        narrow = index.search(
            terms=[], vector=query, filters=Filters(kinds=["company"], exclude_ids=list(index.ids[30:])), limit=10
        )
        expected = sorted(allowed, key=lambda object_id: -float(index.dense_scores(query)[index.position[object_id]]))[
            :10
        ]
        assert [hit.object_id for hit in narrow] == expected


def test_long_profiles_keep_their_best_window_on_the_large_paths(large_paths, monkeypatch):
    approximate = MatchIndex(**build(900, windows_per_row=3))
    monkeypatch.setattr(dense, "EXACT_MAX_VECTORS", 10**9)
    exact = MatchIndex(**build(900, windows_per_row=3))
    assert same_answers(exact, approximate) >= 0.98


def test_the_int8_pass_reads_a_quarter_of_the_bytes(large_paths):
    index = MatchIndex(**build(2000))
    float32_bytes = index.vectors.nbytes
    assert index.dense._coarse.memory_bytes == float32_bytes // 4 * (DIM + 16) // DIM  # + correction, padding
