"""Likely duplicates in a territory's directory: same SIREN in the same commune, or names that read
the same in the same commune (case, accents, legal forms and « (démo) » ignored)."""

import re
from collections import defaultdict
from dataclasses import dataclass

from synergies.core.text import fold
from synergies.directory.models import Organisation

LEGAL_FORMS = {"sa", "sas", "sasu", "sarl", "eurl", "sci", "snc", "scop", "gie", "et", "cie", "demo", "groupe", "ste"}
NAME_SIMILARITY = 0.8  # share of common words above which two names in one commune are a likely pair


def name_words(name: str) -> frozenset[str]:
    words = re.findall(r"[0-9a-z]+", fold(name))
    return frozenset(word for word in words if word not in LEGAL_FORMS and len(word) > 1)


@dataclass
class DuplicatePair:
    first: Organisation
    second: Organisation
    reason: str


def likely_duplicates(territory, limit: int = 200) -> list[DuplicatePair]:
    organisations = (
        Organisation.objects.not_merged()
        .filter(territory=territory)
        .exclude(commune_insee="")
        .only("id", "name", "legal_name", "siren", "siret", "commune_insee", "city", "source", "is_closed")
        .order_by("commune_insee", "id")
    )
    by_commune = defaultdict(list)
    for organisation in organisations.iterator(chunk_size=5000):
        by_commune[organisation.commune_insee].append(organisation)
    pairs = []
    for group in by_commune.values():
        if len(group) < 2:
            continue
        words = {organisation.pk: name_words(organisation.name) for organisation in group}
        by_siren = defaultdict(list)
        for organisation in group:
            if organisation.siren:
                by_siren[organisation.siren].append(organisation)
        for same in by_siren.values():
            for other in same[1:]:
                pairs.append(DuplicatePair(same[0], other, f"même SIREN ({same[0].siren}) dans la même commune"))
        # Names: compare within blocks sharing a word, so that a large commune stays cheap.
        by_word = defaultdict(list)
        for organisation in group:
            for word in words[organisation.pk]:
                by_word[word].append(organisation)
        seen = {(pair.first.pk, pair.second.pk) for pair in pairs}
        for block in by_word.values():
            if len(block) > 50:  # a very common word (« bretagne »): other words decide
                continue
            for i, first in enumerate(block):
                for second in block[i + 1 :]:
                    key = (min(first.pk, second.pk), max(first.pk, second.pk))
                    if key in seen:
                        continue
                    a, b = words[first.pk], words[second.pk]
                    if a and b and len(a & b) / len(a | b) >= NAME_SIMILARITY:
                        seen.add(key)
                        pairs.append(DuplicatePair(first, second, "nom très proche dans la même commune"))
        if len(pairs) >= limit:
            break
    return pairs[:limit]
