"""« Quelle plateforme pour tester … ? » : the catalogue ranked for a need written in plain words, with
the matching engine's two signals (French BM25 over the platform's stems, capability synonyms
included, and the E5 vectors of its text), fused as the organisations' matching fuses them.

The catalogue of a territory is small (tens to hundreds of platforms): matching.small keeps the vectors
of the platforms' texts in the process, keyed by the platform's last change.
"""

from dataclasses import dataclass

from synergies.core.text import search_terms
from synergies.matching import small
from synergies.matching.index import query_terms
from synergies.matching.services import clean_need
from synergies.platforms.selectors import platforms_visible_to

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
    vectors = small.passage_vectors(
        [(("platform", p.pk, p.updated_at.isoformat()), platform_text(p)) for p in platforms]
    )
    fused, lexical, dense = small.fused_scores(text, [p.search_document for p in platforms], vectors)
    need_terms = set(query_terms(text))
    strong, leads = [], []
    for i in sorted(range(len(platforms)), key=lambda i: -fused[i]):
        shared = _shared_capabilities(platforms[i], need_terms)
        if shared or (lexical[i] > 0 and fused[i] >= STRONG_FLOOR):
            strong.append(PlatformMatch(platforms[i], round(float(fused[i]), 2), shared, is_weak=False))
        elif dense[i] >= DENSE_FLOOR and len(leads) < MAX_LEADS:
            leads.append(PlatformMatch(platforms[i], round(float(fused[i]), 2), [], is_weak=True))
    return (strong + leads)[:limit]
