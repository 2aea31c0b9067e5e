"""Ranking a small set of texts (a territory's platforms, an event's participants) for a need, with the
matching engine's two signals fused as for organisations: French BM25 over the texts' stems and the E5
vectors of the texts. The sets are small (tens to hundreds): vectors are kept in the process, keyed by
what they were computed from, and computed when missing."""

import numpy as np

from synergies.matching.backends import get_backend, query_vector
from synergies.matching.index import DENSE_WEIGHT, Bm25, query_terms

_vectors: dict[tuple, np.ndarray] = {}


def passage_vectors(items: list[tuple[tuple, str]]) -> np.ndarray:
    """The vectors of `items`, each (key, text); the key says when the text changed (kind, id, stamp)."""
    backend = get_backend()
    name = type(backend).__name__
    missing = [(key, text) for key, text in items if (name, *key) not in _vectors]
    if missing:
        for (key, _), vector in zip(missing, backend.embed_passages([t for _, t in missing]), strict=True):
            _vectors[(name, *key)] = vector
    return np.stack([_vectors[(name, *key)] for key, _ in items])


def fused_scores(need: str, documents: list[str], vectors: np.ndarray):
    """(fused 0…1, lexical BM25, dense cosine) of each document for the need; `documents` are the
    texts' stems (core.text.search_terms joined), `vectors` their passage vectors."""
    terms = query_terms(need)
    lexical = Bm25(documents).scores(terms)
    dense = vectors @ query_vector(need[:2000])
    lexical_norm = lexical / lexical.max() if lexical.max() > 0 else lexical
    spread = dense.max() - dense.min()
    dense_norm = (dense - dense.min()) / spread if spread > 0 else np.zeros_like(dense)
    return DENSE_WEIGHT * dense_norm + (1 - DENSE_WEIGHT) * lexical_norm, lexical, dense


def forget_vectors() -> None:
    _vectors.clear()
