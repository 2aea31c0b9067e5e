"""The dense side of the matching index: which stored vectors are closest to a need, at any scale.

A vector's score is its cosine to the need less a share of its closeness to empty requests (the hub
correction, see index.HUB_WEIGHT). Up to EXACT_MAX_VECTORS vectors every score is computed exactly
(numpy). Beyond, a first pass over int8 copies of the vectors (faiss; a quarter of the bytes of
float32) keeps SHORTLIST_PER_ROW vectors for each row wanted, whose exact scores the index then computes from the float32
vectors; from IVF_MIN_VECTORS the first pass itself reads only the inverted lists nearest to the need
(faiss IVF), a quarter of them. Filters stay hard: the first pass sees only the allowed vectors.
Measured in docs/benchmarks.md (bench/matching_speed.py): recall against the exact search, and time
against the exact float32 product.
"""

import numpy as np

EXACT_MAX_VECTORS = 50_000
# A filter that leaves at most this many vectors: they are gathered and scored exactly (cheaper than
# the first pass over all the vectors).
EXACT_ALLOWED_MAX = 5_000
IVF_MIN_VECTORS = 100_000
# The first pass keeps this many vectors for each row the caller asks for; the exact scores reorder
# them. The int8 rounding moves a score by about 0.001, far less than the gaps among the best rows.
SHORTLIST_PER_ROW = 2
IVF_LISTS_PER_SQRT = 1  # lists = √vectors (316 lists at 100,000 vectors, 1,000 at 1,000,000)
IVF_PROBED_SHARE = 0.25
INT8_MAX = 127


class DenseIndex:
    """Immutable. `vectors`: (n, dim) float32; `hub`: (n,) closeness to empty requests, or None."""

    def __init__(self, vectors: np.ndarray, hub: np.ndarray | None, hub_weight: float):
        self.vectors = vectors
        self.correction = None if hub is None else (hub_weight * hub).astype(np.float32)
        self._coarse = _Int8Pass(vectors, self.correction) if len(vectors) > EXACT_MAX_VECTORS else None

    @property
    def is_exact(self) -> bool:
        return self._coarse is None

    @property
    def memory_bytes(self) -> int:
        extra = self.correction.nbytes if self.correction is not None else 0
        return self.vectors.nbytes + extra + (self._coarse.memory_bytes if self._coarse else 0)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Exact corrected score of every vector."""
        scores = self.vectors @ query
        if self.correction is not None:
            scores -= self.correction
        return scores

    def scores_of(self, query: np.ndarray, vector_ids: np.ndarray) -> np.ndarray:
        """Exact corrected scores of the given vectors only."""
        scores = self.vectors[vector_ids] @ query
        if self.correction is not None:
            scores -= self.correction[vector_ids]
        return scores

    def shortlist(self, query: np.ndarray, k: int, allowed: np.ndarray | None) -> np.ndarray:
        """Ids of about the k best vectors among the allowed ones (a boolean mask, None: all), by the
        first pass (int8). Only for an index that is not exact."""
        if allowed is not None:
            allowed_ids = np.flatnonzero(allowed)
            if len(allowed_ids) <= EXACT_ALLOWED_MAX:  # few enough to score exactly
                scores = self.scores_of(query, allowed_ids)
                return allowed_ids[_top_k(scores, k)]
        return self._coarse.search(query, k, allowed)


class _Int8Pass:
    """The vectors rounded to int8 (one scale for all coordinates), plus one coordinate holding the hub
    correction (its own scale), so that the inner product with [query, scale ratio, 0…] is the
    corrected score times the scale."""

    def __init__(self, vectors: np.ndarray, correction: np.ndarray | None):
        import faiss

        faiss.omp_set_num_threads(1)  # one query at a time: no idle thread pool beside the model's
        self.faiss = faiss
        self.scale = INT8_MAX / max(float(np.abs(vectors).max()), 1e-6)
        self.correction_scale = INT8_MAX / max(float(correction.max()), 1e-6) if correction is not None else 0.0
        # One coordinate for the correction, and zeros up to a multiple of 16: faiss's vectorised int8
        # code reads 16 coordinates at a time (at 385 it fell back to scalar code, 25× slower).
        dim = -(-(vectors.shape[1] + 1) // 16) * 16
        self.dim = dim
        kind = faiss.ScalarQuantizer.QT_8bit_direct_signed  # code = round(value) + 128, no training
        if len(vectors) >= IVF_MIN_VECTORS:
            self.lists = max(1, int(IVF_LISTS_PER_SQRT * np.sqrt(len(vectors))))
            quantizer = faiss.IndexFlatIP(dim)
            self.index = faiss.IndexIVFScalarQuantizer(quantizer, dim, self.lists, kind, faiss.METRIC_INNER_PRODUCT)
            sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), self.lists * 40), replace=False)
            self.index.train(self._codes_input(vectors, correction, np.sort(sample)))
            self.index.nprobe = max(1, int(self.lists * IVF_PROBED_SHARE))
        else:
            self.lists = 0
            self.index = faiss.IndexScalarQuantizer(dim, kind, faiss.METRIC_INNER_PRODUCT)
            self.index.train(np.zeros((1, dim), dtype=np.float32))
        for start in range(0, len(vectors), 100_000):  # bounded temporary memory
            self.index.add(self._codes_input(vectors, correction, np.arange(start, min(start + 100_000, len(vectors)))))

    def _codes_input(self, vectors, correction, ids) -> np.ndarray:
        block = np.zeros((len(ids), self.dim), dtype=np.float32)
        width = vectors.shape[1]
        block[:, :width] = vectors[ids] * self.scale
        if correction is not None:
            block[:, width] = -correction[ids] * self.correction_scale
        return np.round(block)

    @property
    def memory_bytes(self) -> int:
        return int(self.index.ntotal * self.index.sa_code_size())

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None) -> np.ndarray:
        extra = self.scale / self.correction_scale if self.correction_scale else 0.0
        probe = np.zeros((1, self.dim), dtype=np.float32)
        probe[0, : len(query)], probe[0, len(query)] = query, extra
        faiss = self.faiss
        parameters, bitmap = None, None
        if allowed is not None:
            bitmap = np.packbits(allowed, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bitmap))
            if self.lists:
                # The probed lists hold fewer allowed vectors: probe more of them, as many allowed
                # vectors as without the filter (up to every list).
                share = max(float(allowed.mean()), 1e-6)
                probed = min(self.lists, int(np.ceil(self.index.nprobe / share)))
                parameters = faiss.SearchParametersIVF(sel=selector, nprobe=probed)
            else:
                parameters = faiss.SearchParameters(sel=selector)
        _, ids = self.index.search(probe, k, params=parameters)  # `bitmap` stays alive until here
        ids = ids[0]
        return ids[ids >= 0]


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(-scores, k - 1)[:k]
