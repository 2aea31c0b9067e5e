"""« Qui rencontrer ? » : the event's participants ranked for a participant's requests (business,
technology, R&D) against the others' offers and organisation profiles, with the matching engine's
signals (matching.small), and the reason of each suggestion."""

from dataclasses import dataclass

from synergies.core.text import search_terms
from synergies.events.enums import OFFER_KINDS, REQUEST_KINDS, RegistrationStatus
from synergies.matching import small

# A participant with no word in common is suggested only when this close in meaning (E5 cosine).
DENSE_FLOOR = 0.82


@dataclass
class Suggestion:
    registration: object
    score: float
    reason: str


def _offer_text(registration) -> str:
    parts = [f"{i.title}. {i.description}" for i in registration.marketplace_items.all() if i.kind in OFFER_KINDS]
    organisation = registration.organisation
    if organisation is not None:
        parts.append(f"{organisation.name}. {organisation.description}")
        parts.extend(c.name for c in organisation.capabilities.all())
    return " ".join(parts)


def request_text(registration) -> str:
    return " ".join(
        f"{i.title}. {i.description}" for i in registration.marketplace_items.all() if i.kind in REQUEST_KINDS
    )


def whom_to_meet(participant, *, limit: int = 8) -> list[Suggestion]:
    need = request_text(participant)
    if not need.strip():
        return []
    others = list(
        participant.event.registrations.filter(status=RegistrationStatus.CONFIRMED, user__isnull=False)
        .exclude(pk=participant.pk)
        .exclude(organisation__isnull=False, organisation_id=participant.organisation_id)
        .select_related("organisation")
        .prefetch_related("marketplace_items", "organisation__capabilities")
        .order_by("pk")
    )
    texts = [_offer_text(r) for r in others]
    keep = [i for i, text in enumerate(texts) if text.strip()]
    if not keep:
        return []
    others, texts = [others[i] for i in keep], [texts[i] for i in keep]
    vectors = small.passage_vectors(
        [(("participant", r.pk, _stamp(r)), text) for r, text in zip(others, texts, strict=True)]
    )
    documents = [" " + " ".join(search_terms(text)) + " " for text in texts]
    fused, lexical, dense = small.fused_scores(need, documents, vectors)
    suggestions = []
    for i in sorted(range(len(others)), key=lambda i: -fused[i]):
        if lexical[i] > 0:
            reason = _reason(others[i], need)
        elif dense[i] >= DENSE_FLOOR:
            reason = "Proche de vos demandes par le sens (aucun mot en commun) : à vérifier."
        else:
            continue
        suggestions.append(Suggestion(others[i], round(float(fused[i]), 2), reason))
    return suggestions[:limit]


def _stamp(registration) -> str:
    items = [i.updated_at.isoformat() for i in registration.marketplace_items.all()]
    return max([registration.updated_at.isoformat(), *items])


def _reason(registration, need: str) -> str:
    need_terms = set(search_terms(need))
    for item in registration.marketplace_items.all():
        if item.kind in OFFER_KINDS and need_terms & set(search_terms(f"{item.title} {item.description}")):
            return f"Son offre « {item.title} » répond à vos demandes."
    if registration.organisation is not None:
        return f"Le profil de {registration.organisation.name} partage des mots avec vos demandes."
    return "Partage des mots avec vos demandes."
