"""The in-memory matching index: French BM25 and dense vectors over the same rows, hard filters, fusion.

Rows are organisations (or opportunities). BM25 reads the stems of the directory's search document
(core.text: accents folded, Snowball stems, stop words out), so that « pièces usinées » and
« usinage » meet; the dense side reads E5 vectors, so that « tests d'intrusion » meets « pentest »
and an English need meets a French profile. Both are scored over every row that passes the filters;
the two scores are normalised over the best candidates of each and mixed.
"""

from dataclasses import dataclass, field

import numpy as np

from synergies.core.text import search_terms
from synergies.matching.dense import SHORTLIST_PER_ROW, DenseIndex

# b = 0.5 rather than the textbook 0.75: a detailed profile (or a long legal text) is penalised less
# for its length; it gained on all three evaluation sets (docs/benchmarks.md).
K1, B = 1.2, 0.5
CANDIDATES = 200  # best rows of each side that enter the fusion
DENSE_WEIGHT = 0.7  # chosen on our set and cnil_epitca, checked on cdtn_datafiller (docs/benchmarks.md)
MAX_QUERY_TERMS = 64
# Some profiles are close in meaning to every need (a « hub »: generic prose, a short list); their
# closeness to a few empty requests (backends.NULL_QUERIES) is taken off, half of it, before ranking.
# It gained on our two sets and on cnil_epitca (docs/benchmarks.md).
HUB_WEIGHT = 0.5
# A row of a kind the need did not ask for (a military unit for a subcontracting need) keeps this
# share of its score: still findable, never ahead of a supplier that fits as well.
OTHER_KIND_FACTOR = 0.5
# A hit is « strong » when the model finds it closer to the need than to an empty request by this
# much, or when it holds at least this share of the need's words (weighted by their rarity).
STRONG_DENSE = 0.02
STRONG_COVERAGE = 0.5
# A need none of whose words any profile uses (« recette de la tarte aux pommes ») is judged by the
# model alone, with a stricter floor.
STRONG_DENSE_UNKNOWN_WORDS = 0.04
# Words of a buyer's request that say nothing of the capability sought.
NEED_BOILERPLATE = frozenset(
    search_terms(
        "cherche cherchons recherchons prestataire prestataires fournisseur fournisseurs sous-traitant "
        "sous-traitants société sociétés besoin besoins consultation capable capables souhaitons souhaite "
        "nous notre nos pouvant peut"
    )
)


class Bm25:
    """Okapi BM25 over space-separated stem documents, with precomputed per-posting weights."""

    def __init__(self, documents: list[str], like: "Bm25 | None" = None):
        """`like`: a larger index whose statistics (rarity of each word, mean length) these documents
        are scored with, so that their scores compare with its own (the rows changed since it was built)."""
        vocabulary: dict[str, int] = {}
        term_ids, doc_ids = [], []
        lengths = np.zeros(len(documents), dtype=np.float32)
        for row, document in enumerate(documents):
            terms = document.split()
            lengths[row] = len(terms)
            for term in terms:
                term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
                doc_ids.append(row)
        self.vocabulary = vocabulary
        self.size = len(documents)
        self.corpus_size = like.corpus_size if like is not None else self.size
        self.average = like.average if like is not None else float(lengths.mean()) if len(lengths) else 1.0
        if not term_ids:
            self.document_frequency = np.zeros(0, dtype=np.float32)
            self.starts = np.zeros(1, dtype=np.int64)
            self.rows = np.zeros(0, dtype=np.int32)
            self.weights = np.zeros(0, dtype=np.float32)
            self.idf = np.zeros(0, dtype=np.float32)
            return
        keys = np.asarray(term_ids, dtype=np.int64) * max(1, self.size) + np.asarray(doc_ids, dtype=np.int64)
        unique, tf = np.unique(keys, return_counts=True)  # sorted by term, then row
        terms = unique // max(1, self.size)
        rows = (unique % max(1, self.size)).astype(np.int32)
        document_frequency = np.bincount(terms, minlength=len(vocabulary)).astype(np.float32)
        if like is not None:  # a word the larger index holds keeps its rarity there
            for term, index in vocabulary.items():
                if term in like.vocabulary:
                    document_frequency[index] = like.document_frequency[like.vocabulary[term]]
        self.document_frequency = document_frequency
        corpus = self.corpus_size
        self.idf = np.log(1 + (corpus - document_frequency + 0.5) / (document_frequency + 0.5)).astype(np.float32)
        norm = K1 * (1 - B + B * lengths[rows] / (self.average or 1.0))
        self.weights = (tf * (K1 + 1) / (tf + norm)).astype(np.float32)
        self.rows = rows
        self.starts = np.concatenate([[0], np.cumsum(np.bincount(terms, minlength=len(vocabulary)))]).astype(np.int64)

    def coverage(self, terms: list[str], rows: np.ndarray) -> np.ndarray:
        """The share of the need's words (each weighted by its rarity; a word no document holds
        weighs as much as the rarest) that each of `rows` holds."""
        unique = set(terms)
        rarest = float(np.log(1 + (self.corpus_size + 0.5) / 0.5))
        total = sum(float(self.idf[self.vocabulary[t]]) if t in self.vocabulary else rarest for t in unique)
        held = np.zeros(len(rows), dtype=np.float32)
        if not total or not len(rows):
            return held
        for term in unique:
            index = self.vocabulary.get(term)
            if index is None:
                continue
            postings = self.rows[self.starts[index] : self.starts[index + 1]]  # ascending
            found = np.minimum(np.searchsorted(postings, rows), len(postings) - 1)
            held[postings[found] == rows] += float(self.idf[index])
        return held / total

    def scores(self, terms: list[str]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for term in set(terms):
            index = self.vocabulary.get(term)
            if index is None:
                continue
            start, end = self.starts[index], self.starts[index + 1]
            scores[self.rows[start:end]] += self.idf[index] * self.weights[start:end]
        return scores


def query_terms(text: str) -> list[str]:
    """The stems of a need, without the words of any request (« nous cherchons un prestataire »); a
    very long need keeps its most frequent terms."""
    terms = [term for term in search_terms(text) if term not in NEED_BOILERPLATE]
    if len(set(terms)) <= MAX_QUERY_TERMS:
        return terms
    counts: dict[str, int] = {}
    for term in terms:
        counts[term] = counts.get(term, 0) + 1
    return sorted(counts, key=counts.get, reverse=True)[:MAX_QUERY_TERMS]


@dataclass
class Filters:
    """Hard constraints: a row that fails one is never returned."""

    departments: list[str] = field(default_factory=list)  # any of
    certifications: list[int] = field(default_factory=list)  # all of (certification ids)
    kinds: list[str] = field(default_factory=list)  # any of
    clearance: bool = False  # declared company clearance
    exclude_ids: list[int] = field(default_factory=list)
    # Soft, not hard: rows of another kind are ranked lower (OTHER_KIND_FACTOR), not left out.
    preferred_kinds: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.departments or self.certifications or self.kinds or self.clearance or self.exclude_ids)


@dataclass
class Hit:
    object_id: int
    score: float
    dense: float
    lexical: float
    window: int = 0  # the row's window closest to the need (0 for a one-window profile)
    strong: bool = True  # enough evidence to be shown as an answer, not only as a weak lead


class MatchIndex:
    """Rows with their vectors, BM25 postings and filter attributes. Immutable once built."""

    def __init__(
        self,
        *,
        ids,
        documents: list[str],
        vectors: np.ndarray,
        window_rows=None,
        departments=None,
        kinds=None,
        clearance=None,
        certifications: dict[int, list[int]] | None = None,
        hub=None,
        version: int = 0,
        like: "MatchIndex | None" = None,
    ):
        self.ids = np.asarray(ids, dtype=np.int64)
        self.position = {int(object_id): row for row, object_id in enumerate(self.ids)}
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        # A row may have several vectors (the windows of a long profile: `window_rows` gives the row of
        # each vector, ascending, every row at least once); its dense score is its best window's.
        if window_rows is None or not len(self.ids):
            self.window_starts = self.window_ends = None
            # An empty index (no opportunity yet) has no row to reshape.
            self.vectors = vectors.reshape(len(self.ids), -1) if len(self.ids) else np.zeros((0, 1), dtype=np.float32)
            norms = np.linalg.norm(self.vectors, axis=1)
        else:
            window_rows = np.asarray(window_rows, dtype=np.int64)
            self.vectors = vectors.reshape(len(window_rows), -1)
            self.window_starts = np.searchsorted(window_rows, np.arange(len(self.ids)))
            if np.any(np.diff(window_rows) < 0) or len(np.unique(window_rows)) != len(self.ids):
                raise ValueError("window_rows: every row needs at least one vector, in row order")
            norms = np.maximum.reduceat(np.linalg.norm(self.vectors, axis=1), self.window_starts)
            self.window_ends = np.append(self.window_starts[1:], len(window_rows))
        self.window_row = window_rows if self.window_starts is not None else np.arange(len(self.ids))
        self.has_vector = norms > 0 if len(self.ids) else np.zeros(0, dtype=bool)
        # Each vector's mean closeness to empty requests (None: no correction).
        self.hub = None if hub is None else np.asarray(hub, dtype=np.float32).reshape(len(self.vectors))
        self.dense = DenseIndex(self.vectors, self.hub, HUB_WEIGHT)
        self.bm25 = Bm25(documents, like=like.bm25 if like is not None else None)
        self.departments = np.asarray(departments if departments is not None else [""] * len(self.ids), dtype=object)
        self.kinds = np.asarray(kinds if kinds is not None else [""] * len(self.ids), dtype=object)
        self.clearance = np.asarray(clearance if clearance is not None else [False] * len(self.ids), dtype=bool)
        # certification id -> boolean row mask
        self.certifications = {}
        for certification, object_ids in (certifications or {}).items():
            mask = np.zeros(len(self.ids), dtype=bool)
            rows = [self.position[o] for o in object_ids if o in self.position]
            mask[rows] = True
            self.certifications[certification] = mask
        self.version = version

    def __len__(self):
        return len(self.ids)

    @property
    def memory_bytes(self) -> int:
        arrays = [
            self.ids,
            self.bm25.rows,
            self.bm25.weights,
            self.bm25.starts,
            self.bm25.idf,
            self.clearance,
            *([self.window_starts, self.window_ends] if self.window_starts is not None else []),
            *([self.hub] if self.hub is not None else []),
        ]
        certifications = sum(m.nbytes for m in self.certifications.values())
        return sum(a.nbytes for a in arrays) + certifications + self.dense.memory_bytes

    def dense_scores(self, vector: np.ndarray) -> np.ndarray:
        """Closeness of each row (its best window) to a query vector: the cosine, less a share of the
        window's closeness to empty requests."""
        return self._row_scores(self._window_scores(vector))

    def _window_scores(self, vector: np.ndarray) -> np.ndarray:
        return self.dense.scores(vector)

    def _row_scores(self, window_scores: np.ndarray) -> np.ndarray:
        if self.window_starts is None:
            return window_scores
        return np.maximum.reduceat(window_scores, self.window_starts)

    def mask(self, filters: Filters) -> np.ndarray:
        allowed = np.ones(len(self.ids), dtype=bool)
        if filters.departments:
            allowed &= np.isin(self.departments, filters.departments)
        if filters.kinds:
            allowed &= np.isin(self.kinds, filters.kinds)
        if filters.clearance:
            allowed &= self.clearance
        for certification in filters.certifications:
            allowed &= self.certifications.get(certification, np.zeros(len(self.ids), dtype=bool))
        if filters.exclude_ids:
            rows = [self.position[o] for o in filters.exclude_ids if o in self.position]
            allowed[rows] = False
        return allowed

    def search(
        self,
        *,
        terms: list[str],
        vector: np.ndarray | None,
        filters: Filters | None = None,
        limit: int = 20,
        dense_weight: float = DENSE_WEIGHT,
    ) -> list[Hit]:
        """The `limit` best rows for a need (its stems and its query vector), best first."""
        if not len(self.ids) or limit <= 0:
            return []
        allowed = self._allowed(filters)
        lexical = self._lexical(terms)
        if allowed is not None:
            lexical = np.where(allowed, lexical, -1.0)
        dense_candidates, row_dense = self._dense_side(vector, allowed)
        candidates = set(_top(lexical, CANDIDATES, floor=0.0)) | set(dense_candidates.tolist())
        if not candidates:
            return []
        rows = np.fromiter(candidates, dtype=np.int64)
        dense, windows = row_dense(rows)
        fused = dense_weight * _normalised(dense) + (1 - dense_weight) * _normalised(lexical[rows])
        if filters and filters.preferred_kinds and not filters.kinds:
            fused = np.where(np.isin(self.kinds[rows], filters.preferred_kinds), fused, fused * OTHER_KIND_FACTOR)
        order = np.argsort(-fused, kind="stable")[:limit]
        shown = rows[order]
        coverage = self._coverage(terms, shown) if terms else np.zeros(len(order), dtype=np.float32)
        # Above the floor by the model only when the correction for hubs was applied (with a real model).
        hub = self._hub_of(shown, windows[order]) if vector is not None else np.zeros(len(order), dtype=np.float32)
        strong_dense = dense[order] - (1 - HUB_WEIGHT) * hub
        # A need of request words alone (« nous cherchons un prestataire ») asks for nothing yet.
        known_words = self._knows_any(terms)
        dense_floor = STRONG_DENSE if known_words else STRONG_DENSE_UNKNOWN_WORDS if terms else np.inf
        return [
            Hit(
                int(self.ids[row]),
                float(fused[i]),
                float(dense[i]),
                float(lexical[row]),
                int(windows[i]),
                strong=bool(covered >= STRONG_COVERAGE or (self.hub is not None and strength >= dense_floor)),
            )
            for i, row, covered, strength in zip(order, shown, coverage, strong_dense, strict=True)
        ]

    # The primitives of `search`, over this index's rows (LayeredIndex answers them over two indexes).

    def _allowed(self, filters: Filters | None):
        return self.mask(filters) if filters and not filters.is_empty else None

    def _lexical(self, terms: list[str]) -> np.ndarray:
        return self.bm25.scores(terms) if terms else np.zeros(len(self.ids), dtype=np.float32)

    def _coverage(self, terms: list[str], rows: np.ndarray) -> np.ndarray:
        return self.bm25.coverage(terms, rows)

    def _knows_any(self, terms: list[str]) -> bool:
        return any(term in self.bm25.vocabulary for term in terms)

    def _dense_side(self, vector, allowed):
        """The rows the model puts first (at most CANDIDATES), and a function giving the exact dense
        score and best window of any rows."""
        if vector is None:
            # No model: every allowed row is as close as the next (dense 0); the words decide.
            scores = np.zeros(len(self.ids), dtype=np.float32)
            if allowed is not None:
                scores = np.where(allowed, scores, -2.0)
            return _top(scores, CANDIDATES, floor=-1.0), lambda rows: (
                np.zeros(len(rows), dtype=np.float32),
                np.zeros(len(rows), dtype=np.int64),
            )
        if self.dense.is_exact:
            window_scores = self._window_scores(vector)
            dense = self._row_scores(window_scores)
            masked = np.where(allowed, dense, -2.0) if allowed is not None else dense
            return _top(masked, CANDIDATES, floor=-1.0), lambda rows: self._best_windows(
                rows, window_scores.__getitem__
            )
        allowed_vectors = allowed if allowed is None or self.window_starts is None else allowed[self.window_row]
        # Enough vectors for CANDIDATES rows even when every row has several windows.
        wanted = CANDIDATES * SHORTLIST_PER_ROW * -(-len(self.vectors) // len(self.ids))
        shortlisted = np.unique(self.window_row[self.dense.shortlist(vector, wanted, allowed_vectors)])

        def exact(rows):
            return self._best_windows(rows, lambda vector_ids: self.dense.scores_of(vector, vector_ids))

        scores, _ = exact(shortlisted)
        return shortlisted[_top(scores, CANDIDATES, floor=-np.inf)], exact

    def _best_windows(self, rows: np.ndarray, window_scores_of):
        """The dense score of each row (its best window's, from `window_scores_of(vector ids)`) and
        that window's rank in the row."""
        if self.window_starts is None:
            return np.asarray(window_scores_of(rows), dtype=np.float32), np.zeros(len(rows), dtype=np.int64)
        starts, counts = self.window_starts[rows], self.window_ends[rows] - self.window_starts[rows]
        segments = np.cumsum(counts) - counts  # where each row's windows begin in the gathered block
        local = np.arange(int(counts.sum())) - np.repeat(segments, counts)
        scores = window_scores_of(np.repeat(starts, counts) + local)
        best = np.maximum.reduceat(scores, segments)
        first_best = np.where(scores == np.repeat(best, counts), local, np.iinfo(np.int64).max)
        return best.astype(np.float32), np.minimum.reduceat(first_best, segments)

    def _hub_of(self, rows: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """The hub closeness of the given window of each row (zeros without the correction)."""
        if self.hub is None:
            return np.zeros(len(rows), dtype=np.float32)
        first = self.window_starts[rows] if self.window_starts is not None else rows
        return self.hub[first + windows]


class LayeredIndex(MatchIndex):
    """A built index and the rows changed since (added, edited or gone), searched as one: the base's
    copies of the changed rows are hidden, the new versions sit in a small exact index scored with the
    base's word statistics. Updating it costs the changed rows only, not a rebuild."""

    def __init__(self, base: MatchIndex, changes: MatchIndex, changed_ids, version: int):
        self.base, self.changes, self.version = base, changes, version
        self.changed_ids = frozenset(int(i) for i in changed_ids)
        self.offset = len(base.ids)
        self.hidden = np.isin(base.ids, np.fromiter(self.changed_ids, dtype=np.int64, count=len(self.changed_ids)))
        self.ids = np.concatenate([base.ids, changes.ids])
        self.kinds = np.concatenate([base.kinds, changes.kinds])
        self.hub = base.hub

    def __len__(self):
        return int(len(self.ids) - self.hidden.sum())

    @property
    def has_vector(self) -> np.ndarray:
        return np.concatenate([self.base.has_vector[~self.hidden], self.changes.has_vector])

    @property
    def memory_bytes(self) -> int:
        return self.base.memory_bytes + self.changes.memory_bytes

    def _split(self, rows: np.ndarray):
        in_base = rows < self.offset
        return in_base, rows[in_base], rows[~in_base] - self.offset

    @staticmethod
    def _join(in_base, base_values, change_values, dtype):
        values = np.empty(len(in_base), dtype=dtype)
        values[in_base], values[~in_base] = base_values, change_values
        return values

    def _allowed(self, filters):
        base, changes = self.base._allowed(filters), self.changes._allowed(filters)
        if base is None:  # no filter: only the hidden rows are left out
            return np.concatenate([~self.hidden, np.ones(len(self.changes.ids), dtype=bool)])
        return np.concatenate([base & ~self.hidden, changes])

    def _lexical(self, terms):
        return np.concatenate([self.base._lexical(terms), self.changes._lexical(terms)])

    def _coverage(self, terms, rows):
        in_base, base_rows, change_rows = self._split(rows)
        return self._join(
            in_base, self.base._coverage(terms, base_rows), self.changes._coverage(terms, change_rows), np.float32
        )

    def _knows_any(self, terms):
        return self.base._knows_any(terms) or self.changes._knows_any(terms)

    def _hub_of(self, rows, windows):
        in_base, base_rows, change_rows = self._split(rows)
        return self._join(
            in_base,
            self.base._hub_of(base_rows, windows[in_base]),
            self.changes._hub_of(change_rows, windows[~in_base]),
            np.float32,
        )

    def _dense_side(self, vector, allowed):
        base_candidates, base_dense = self.base._dense_side(vector, allowed[: self.offset])
        if not len(self.changes.ids):  # every changed row is gone
            return base_candidates, base_dense
        change_candidates, change_dense = self.changes._dense_side(vector, allowed[self.offset :])

        def row_dense(rows):
            in_base, base_rows, change_rows = self._split(rows)
            (base_scores, base_windows), (change_scores, change_windows) = (
                base_dense(base_rows),
                change_dense(change_rows),
            )
            return (
                self._join(in_base, base_scores, change_scores, np.float32),
                self._join(in_base, base_windows, change_windows, np.int64),
            )

        return np.concatenate([base_candidates, change_candidates + self.offset]), row_dense


def _top(scores: np.ndarray, k: int, *, floor: float) -> np.ndarray:
    """Indices of the k highest scores strictly above `floor` (a row filtered out sits below it)."""
    eligible = np.flatnonzero(scores > floor)
    if len(eligible) <= k:
        return eligible
    best = np.argpartition(-scores[eligible], k - 1)[:k]
    return eligible[best]


def _normalised(values: np.ndarray) -> np.ndarray:
    """Min-max over the candidates. All equal: each is as good as the best (1), unless none has any
    signal (0), so that a lone candidate keeps a meaningful score."""
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.full_like(values, 1.0 if high > 0 else 0.0, dtype=np.float32)
    return ((values - low) / (high - low)).astype(np.float32)
