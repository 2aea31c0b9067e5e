"""« Quelle plateforme pour tester … ? » : the catalogue ranked for a need written in plain words, with
the matching engine's two signals (French BM25 over the platform's stems, capability synonyms
included, and the E5 vectors of its text), fused as the organisations' matching fuses them.

The catalogue of a territory is small (tens to hundreds of platforms): the vectors of the platforms'
texts are kept in the process, keyed by the platform's last change, and computed when missing.
"""

from dataclasses import dataclass

import numpy as np

from synergies.core.text import search_terms
from synergies.matching.backends import get_backend, query_vector
from synergies.matching.index import DENSE_WEIGHT, Bm25, query_terms
from synergies.matching.services import clean_need
from synergies.platforms.selectors import platforms_visible_to

_vectors: dict[tuple[str, int, str], np.ndarray] = {}
# A platform sharing no word with the need is shown only as a lead, and only when its text is this
# close in meaning (cosine of E5 vectors; unrelated French texts score about 0.75 with this model).
DENSE_FLOOR = 0.82
MAX_LEADS = 3
# A platform sharing a word but no capability with the need counts when its fused score (0 to 1,
# relative to the best platform) reaches this: one common word in a long description is not a match.
STRONG_FLOOR = 0.35


@dataclass
class PlatformMatch:
    platform: object
    score: float
    shared: list[str]  # the platform's capabilities whose names or synonyms the need uses
    is_weak: bool  # no word in common: close in meaning only, shown as a lead to check


def platform_text(platform) -> str:
    capabilities = " ; ".join(c.name for c in platform.capabilities.all())
    resources = " ; ".join(f"{r.name} ({r.get_kind_display()})" for r in platform.resources.active())
    return f"{platform.name}. {platform.summary} {platform.description} {capabilities}. {resources}"


def _passage_vectors(platforms) -> np.ndarray:
    backend = get_backend()

    def key(platform):
        return (type(backend).__name__, platform.pk, platform.updated_at.isoformat())

    missing = [p for p in platforms if key(p) not in _vectors]
    if missing:
        for platform, vector in zip(missing, backend.embed_passages([platform_text(p) for p in missing]), strict=True):
            _vectors[key(platform)] = vector
    return np.stack([_vectors[key(p)] for p in platforms])


def _shared_capabilities(platform, need_terms: set[str]) -> list[str]:
    shared = []
    for capability in platform.capabilities.all():
        words = set(search_terms(" ".join([capability.name, *capability.synonyms])))
        if words & need_terms:
            shared.append(capability.name)
    return shared


def platforms_for_need(user, text: str, *, limit: int = 10) -> list[PlatformMatch]:
    """Best platforms first; raises matching.services.EmptyNeed with a French message for an empty need."""
    text = clean_need(text)
    platforms = list(
        platforms_visible_to(user)
        .filter(is_published=True)
        .select_related("operator")
        .prefetch_related("capabilities", "resources")
        .order_by("pk")
    )
    if not platforms:
        return []
    terms = query_terms(text)
    lexical = Bm25([p.search_document for p in platforms]).scores(terms)
    dense = _passage_vectors(platforms) @ query_vector(text[:2000])
    lexical_norm = lexical / lexical.max() if lexical.max() > 0 else lexical
    spread = dense.max() - dense.min()
    dense_norm = (dense - dense.min()) / spread if spread > 0 else np.zeros_like(dense)
    fused = DENSE_WEIGHT * dense_norm + (1 - DENSE_WEIGHT) * lexical_norm
    need_terms = set(terms)
    strong, leads = [], []
    for i in sorted(range(len(platforms)), key=lambda i: -fused[i]):
        shared = _shared_capabilities(platforms[i], need_terms)
        if shared or (lexical[i] > 0 and fused[i] >= STRONG_FLOOR):
            strong.append(PlatformMatch(platforms[i], round(float(fused[i]), 2), shared, is_weak=False))
        elif dense[i] >= DENSE_FLOOR and len(leads) < MAX_LEADS:
            leads.append(PlatformMatch(platforms[i], round(float(fused[i]), 2), [], is_weak=True))
    return (strong + leads)[:limit]


def forget_vectors() -> None:
    _vectors.clear()
