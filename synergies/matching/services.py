"""Matching: keep vectors current, keep each worker's index current, rank and explain.

Writes (vectors, index version) and the reads built on the index live here; `manage.py match`,
the pages, the API and the digests all call `match_text` / `rank_opportunities`.
"""

import dataclasses
import re
import threading
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import F

from synergies.core.marking import find_marking, marking_message
from synergies.core.tasks import enqueue_on_commit
from synergies.core.text import fold, search_terms
from synergies.directory.enums import SUPPLIER_KINDS, OrganisationKind
from synergies.directory.models import Capability, Organisation, OrganisationCertification
from synergies.matching import documents
from synergies.matching.backends import get_backend, hub_scores, query_vector
from synergies.matching.index import Filters, LayeredIndex, MatchIndex, query_terms
from synergies.matching.models import EmbeddedKind, Embedding, IndexChange, IndexVersion
from synergies.opportunities.enums import NEED_KINDS, ResponseStatus

BATCH = 32
MAX_NEED_CHARS = 50_000
WHY_MAX_CHARS = 300
# When nothing clears the relevance floor, this many weak leads are shown, labelled as such.
MAX_WEAK_LEADS = 3
WEAK_LEAD = "Piste faible : peu d'éléments en commun avec le besoin"
# How a need asks for organisations that are not suppliers (folded words); otherwise suppliers come first.
KIND_REQUESTS = {
    OrganisationKind.MILITARY_UNIT: ("unite militaire", "unites militaires", "regiment", "unite de l'armee"),
    OrganisationKind.STATE_SERVICE: ("service de l'etat", "services de l'etat", "administration"),
    OrganisationKind.LOCAL_AUTHORITY: ("collectivite", "commune", "mairie"),
    OrganisationKind.CLUSTER: ("pole de competitivite", "cluster", "grappe d'entreprises"),
}


class EmptyNeed(ValueError):
    """The need cannot be matched (it carries nothing to match on, or a protective marking); the
    message is French."""


# A worker updates the rows of its index changed since it was built, up to this many; beyond, or when
# the log of changes no longer reaches its version (kept for CHANGE_LOG_VERSIONS versions), it rebuilds.
MAX_CHANGED_ROWS = 5000
CHANGE_LOG_VERSIONS = 1000


# --- Vectors --------------------------------------------------------------------------------------


def _active_organisations():
    return Organisation.objects.active()


def organisation_texts(ids=None) -> dict[int, str]:
    queryset = _active_organisations().prefetch_related("capabilities", "certifications__certification")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return {organisation.pk: _organisation_text(organisation) for organisation in queryset.iterator(chunk_size=2000)}


def _organisation_text(organisation) -> str:
    """The embedded text of an organisation read with its capabilities and certifications prefetched."""
    return documents.organisation_text(
        organisation,
        capabilities=list(organisation.capabilities.all()),
        certifications=[item.certification for item in organisation.certifications.all()],
    )


def opportunity_texts(ids=None) -> dict[int, str]:
    from synergies.opportunities.models import Opportunity

    queryset = Opportunity.objects.prefetch_related("capabilities")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return {
        opportunity.pk: documents.opportunity_text(opportunity, capabilities=list(opportunity.capabilities.all()))
        for opportunity in queryset.iterator(chunk_size=2000)
    }


TEXTS = {EmbeddedKind.ORGANISATION: organisation_texts, EmbeddedKind.OPPORTUNITY: opportunity_texts}


def embeddings_refresh(*, kind: str = EmbeddedKind.ORGANISATION, ids=None, progress=None) -> int:
    """Embed every object of `kind` (or of `ids`) whose text changed since its vector was computed.
    Idempotent; returns the number of vectors written. Bumps the index version when it wrote any, or
    when `ids` were given (their words, filters or status may have changed without their text)."""
    backend = get_backend()
    texts = TEXTS[kind](ids)
    stored = dict(
        Embedding.objects.filter(kind=kind, model_name=backend.name, object_id__in=list(texts)).values_list(
            "object_id", "text_hash"
        )
    )
    stale = [
        (object_id, text) for object_id, text in texts.items() if stored.get(object_id) != documents.text_hash(text)
    ]
    written = 0
    changed = set() if ids is None else {int(i) for i in ids}
    for start in range(0, len(stale), BATCH):
        batch = stale[start : start + BATCH]
        # One vector per window of the text, stored end to end in the object's row.
        per_object = [documents.windows(text) for _, text in batch]
        vectors = backend.embed_passages([window for windows in per_object for window in windows])
        ends = np.cumsum([len(windows) for windows in per_object])
        with transaction.atomic():
            for (object_id, text), end, count in zip(batch, ends, (len(w) for w in per_object), strict=True):
                Embedding.objects.update_or_create(
                    kind=kind,
                    object_id=object_id,
                    model_name=backend.name,
                    defaults={
                        "text_hash": documents.text_hash(text),
                        "vector": vectors[end - count : end].astype(np.float32).tobytes(),
                    },
                )
        written += len(batch)
        changed.update(object_id for object_id, _ in batch)
        if progress:
            progress(written, len(stale))
    if changed:
        index_version_bump(kind, ids=changed)
    return written


def organisations_awaiting_vectors() -> int:
    """Active organisations that have no vector of the current model yet (the worker is computing
    them): matching ranks them by their words alone until then, and the pages say so."""
    backend = get_backend()
    embedded = Embedding.objects.filter(kind=EmbeddedKind.ORGANISATION, model_name=backend.name).values("object_id")
    return Organisation.objects.active().exclude(pk__in=embedded).count()


def index_version_bump(kind: str, ids=None) -> None:
    """Move the version of the `kind` index; with `ids`, record that only those rows changed, so that
    each worker updates them in its index instead of rebuilding it (none, or too many: a rebuild)."""
    with transaction.atomic():
        IndexVersion.objects.get_or_create(kind=kind)
        IndexVersion.objects.filter(kind=kind).update(version=F("version") + 1)
        version = index_version(kind)
        if ids is not None and len(ids) <= MAX_CHANGED_ROWS:
            IndexChange.objects.bulk_create(
                [IndexChange(kind=kind, version=version, object_id=object_id) for object_id in ids], batch_size=1000
            )
        IndexChange.objects.filter(kind=kind, version__lte=version - CHANGE_LOG_VERSIONS).delete()


def index_version(kind: str) -> int:
    return IndexVersion.objects.filter(kind=kind).values_list("version", flat=True).first() or 0


def schedule_refresh(*, kind: str = EmbeddedKind.ORGANISATION, ids=None) -> None:
    """After the current transaction commits, embed what changed in a background task."""
    from synergies.matching.tasks import refresh_embeddings

    id_list = None if ids is None else [int(i) for i in ids]
    enqueue_on_commit(refresh_embeddings, kind=kind, ids=id_list)


# --- In-memory index ------------------------------------------------------------------------------

_indexes: dict[str, MatchIndex] = {}
_lock = threading.Lock()


def _vectors(kind, ids, dim) -> dict:
    """The stored window vectors of `ids`, as MatchIndex takes them: `vectors` and the row of each
    (`window_rows`). An object without a vector yet gets one zero vector (no dense score)."""
    backend = get_backend()
    wanted, stored = set(ids), {}
    embeddings = Embedding.objects.filter(kind=kind, model_name=backend.name)
    if len(wanted) <= MAX_CHANGED_ROWS:  # the rows changed since the index was built, not all of them
        embeddings = embeddings.filter(object_id__in=wanted)
    for object_id, vector in embeddings.values_list("object_id", "vector").iterator(chunk_size=5000):
        if object_id in wanted:
            stored[object_id] = bytes(vector)
    empty = np.zeros((1, dim), dtype=np.float32)
    matrices = [
        np.frombuffer(stored[object_id], dtype=np.float32).reshape(-1, dim) if object_id in stored else empty
        for object_id in ids
    ]
    if not matrices:
        return {"vectors": np.zeros((0, dim), dtype=np.float32), "window_rows": None}
    window_rows = np.repeat(np.arange(len(ids)), [len(matrix) for matrix in matrices])
    vectors = np.vstack(matrices)
    return {"vectors": vectors, "window_rows": window_rows, "hub": hub_scores(vectors)}


def build_organisation_index(version: int = 0, *, ids=None, like: MatchIndex | None = None) -> MatchIndex:
    """The index of the active organisations (or of those among `ids`, scored like `like`)."""
    queryset = _active_organisations() if ids is None else _active_organisations().filter(pk__in=ids)
    rows = list(queryset.order_by("pk").values_list("pk", "search_document", "department", "kind", "has_clearance"))
    ids = [row[0] for row in rows]
    certifications: dict[int, list[int]] = {}
    links = OrganisationCertification.objects.values_list("organisation_id", "certification_id")
    for organisation_id, certification_id in links if like is None else links.filter(organisation_id__in=ids):
        certifications.setdefault(certification_id, []).append(organisation_id)
    return MatchIndex(
        ids=ids,
        documents=[row[1] for row in rows],
        **_vectors(EmbeddedKind.ORGANISATION, ids, get_backend().dim),
        departments=[row[2] for row in rows],
        kinds=[row[3] for row in rows],
        clearance=[bool(row[4]) for row in rows],
        certifications=certifications,
        version=version,
        like=like,
    )


def build_opportunity_index(version: int = 0, *, ids=None, like: MatchIndex | None = None) -> MatchIndex:
    from synergies.opportunities.models import Opportunity

    queryset = Opportunity.objects.listed() if ids is None else Opportunity.objects.listed().filter(pk__in=ids)
    rows = list(queryset.order_by("pk").values_list("pk", "search_document", "department", "kind"))
    ids = [row[0] for row in rows]
    return MatchIndex(
        ids=ids,
        documents=[row[1] for row in rows],
        **_vectors(EmbeddedKind.OPPORTUNITY, ids, get_backend().dim),
        departments=[row[2] for row in rows],
        kinds=[row[3] for row in rows],
        version=version,
        like=like,
    )


BUILDERS = {EmbeddedKind.ORGANISATION: build_organisation_index, EmbeddedKind.OPPORTUNITY: build_opportunity_index}


def current_index(kind: str = EmbeddedKind.ORGANISATION) -> MatchIndex:
    """This worker's index of `kind`, rebuilt when the version stored in the database has moved
    (one small query per call), so that every worker serves what the last write produced."""
    version = index_version(kind)
    index = _indexes.get(kind)
    if index is not None and index.version == version:
        return index
    with _lock:
        index = _indexes.get(kind)
        if index is None or index.version != version:
            index = _updated(kind, index, version) or BUILDERS[kind](version)
            _indexes[kind] = index
    return index


def _updated(kind: str, index: MatchIndex | None, version: int) -> MatchIndex | None:
    """`index` brought to `version` by rebuilding only the rows changed since (None: rebuild it all,
    because a version moved without its list of rows, or too many rows changed)."""
    if index is None or version < index.version:
        return None
    changes = IndexChange.objects.filter(kind=kind, version__gt=index.version, version__lte=version)
    if changes.values("version").distinct().count() != version - index.version:
        return None
    changed = set(changes.values_list("object_id", flat=True))
    if isinstance(index, LayeredIndex):
        changed |= index.changed_ids
        base = index.base
    else:
        base = index
    if len(changed) > MAX_CHANGED_ROWS:
        return None
    return LayeredIndex(base, BUILDERS[kind](version, ids=changed, like=base), changed, version)


def forget_indexes() -> None:
    _indexes.clear()


def warm_indexes() -> None:
    """Build every index now (a server's master process, before it forks its workers)."""
    for kind in BUILDERS:
        current_index(kind)


# --- Matching -------------------------------------------------------------------------------------


@dataclass
class Match:
    organisation: Organisation
    score: float
    why: str
    strong: bool = True  # False: a weak lead, shown only when nothing clears the floor


def clean_need(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise EmptyNeed("Décrivez le besoin en quelques mots (par exemple : « usinage 5 axes de pièces en titane »).")
    # A need is not stored, but it is read by the model and may be logged: the guardrail applies.
    label = find_marking(text)
    if label:
        raise EmptyNeed(marking_message(label, where="Le besoin"))
    return text[:MAX_NEED_CHARS]


def rank(text: str, *, kind: str = EmbeddedKind.ORGANISATION, filters: Filters | None = None, limit: int = 20):
    """(hits, terms) for a need written in plain French (or another language: the dense side reads it)."""
    text = clean_need(text)
    terms = query_terms(text)
    if not terms and not _has_letters(text):
        raise EmptyNeed("Le besoin ne contient aucun mot : décrivez-le en quelques mots.")
    index = current_index(kind)
    vector = query_vector(text[:2000])
    return index.search(terms=terms, vector=vector, filters=filters, limit=limit), terms


def _has_letters(text: str) -> bool:
    return bool(re.search(r"[^\W\d_]", text))


def match_text(text: str, *, filters: Filters | None = None, limit: int = 20) -> list[Match]:
    """The organisations that could answer a need, best first, each with a short French explanation.
    Suppliers come first unless the need or a filter asks for another kind; when nothing clears the
    relevance floor, only a few weak leads are returned, each said to be one."""
    filters = with_preferred_kinds(filters, text)
    hits, terms = rank(text, filters=filters, limit=limit)
    return explained(floored(hits), terms, filters)


def with_preferred_kinds(filters: Filters | None, text: str) -> Filters:
    """`filters` with suppliers preferred, plus every other kind the need names (« une unité
    militaire »), unless a kind filter already says what is wanted."""
    filters = filters or Filters()
    if filters.kinds:
        return filters
    folded = fold(text)
    asked = [kind for kind, words in KIND_REQUESTS.items() if any(word in folded for word in words)]
    return dataclasses.replace(filters, preferred_kinds=[*SUPPLIER_KINDS, *asked])


def floored(hits: list) -> list:
    """The hits as they are when one clears the relevance floor, else the first few weak leads."""
    return hits if any(hit.strong for hit in hits) else hits[:MAX_WEAK_LEADS]


def explained(hits, terms, filters) -> list[Match]:
    """The organisations of `hits`, read in one query, each with its explanation."""
    organisations = Organisation.objects.prefetch_related("capabilities", "certifications__certification").in_bulk(
        [hit.object_id for hit in hits]
    )
    taxonomy = taxonomy_phrases() if hits else []
    return [
        Match(
            organisations[hit.object_id],
            round(hit.score, 4),
            _lead(
                explain(organisations[hit.object_id], terms, filters, window=hit.window, taxonomy=taxonomy),
                hit.strong,
            ),
            hit.strong,
        )
        for hit in hits
        if hit.object_id in organisations
    ]


def _lead(why: str, strong: bool) -> str:
    return why if strong else f"{WEAK_LEAD} ; {why}"[:WHY_MAX_CHARS]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?;])\s+|\n+", text or "") if len(s.strip()) > 3]


def taxonomy_phrases() -> list[tuple]:
    """(capability, [stems of its name and of each synonym]) for the whole taxonomy."""
    return [
        (
            capability,
            [stems for stems in (frozenset(search_terms(p)) for p in [capability.name, *capability.synonyms]) if stems],
        )
        for capability in Capability.objects.order_by("domain__position", "position")
    ]


def capabilities_read(text: str, taxonomy: list[tuple]) -> list:
    """The capabilities whose name or a synonym `text` contains (every stem of it), in taxonomy order."""
    stems = set(search_terms(text))
    return [capability for capability, phrases in taxonomy if any(phrase <= stems for phrase in phrases)]


def explain(organisation, terms: list[str], filters: Filters | None = None, *, window: int = 0, taxonomy=None) -> str:
    """Why this organisation: the capabilities of the taxonomy that the need evokes and the profile
    holds (declared, or read in its text and said so), the passage of its profile that matches, the
    certifications and place that fit. `window` is the window of its profile closest to the need in
    meaning (the index's Hit.window)."""
    wanted = set(terms)
    parts = []
    taxonomy = taxonomy_phrases() if taxonomy is None else taxonomy
    declared = list(organisation.capabilities.all())
    evoked = {capability.pk for capability, phrases in taxonomy if any(wanted & phrase for phrase in phrases)}
    shared = [capability.name for capability in declared if capability.pk in evoked]
    if shared:
        parts.append("Capacités : " + ", ".join(shared[:4]))
    profile_text = " ".join([organisation.description, organisation.defence_experience, *organisation.keywords])
    read = [c for c in capabilities_read(profile_text, taxonomy) if c not in declared]
    inferred = [c.name for c in read if c.pk in evoked]
    if inferred:
        parts.append("Capacités lues dans le profil (non déclarées) : " + ", ".join(inferred[:3]))
    best, best_overlap = "", 0
    for sentence in _sentences(organisation.description) + _sentences(organisation.defence_experience):
        overlap = len(wanted & set(search_terms(sentence)))
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    if best:
        parts.append(_quoted(best, WHY_MAX_CHARS - 60))
    certifications = [item.certification for item in organisation.certifications.all()]
    asked = set(filters.certifications) if filters else set()
    folded_terms = " ".join(terms)
    fitting = [
        c.name
        for c in certifications
        if c.pk in asked or (fold(c.name).replace(" ", "") and _mentions(folded_terms, c.name))
    ]
    if fitting:
        parts.append("Certifications : " + ", ".join(fitting))
    if filters and filters.clearance and organisation.has_clearance:
        parts.append("Habilitation défense déclarée")
    where = " ".join(
        part for part in (organisation.city, f"({organisation.department})" if organisation.department else "") if part
    )
    if where:
        parts.append("Lieu : " + where)
    if not shared and not inferred and not best:
        # No word in common: the model found the closeness. Show what the profile says of itself
        # (the passage the model found closest in a long profile, else its opening), so that the
        # reader can judge it.
        own = [capability.name for capability in declared][:3]
        closest = documents.passage(_organisation_text(organisation), window) if window else ""
        opening = next(iter(_sentences(closest or organisation.description)), "")
        said = [f"Capacités du profil : {', '.join(own)}"] if own else []
        if read and not inferred:
            said.append("Capacités lues dans le profil : " + ", ".join(c.name for c in read[:3]))
        if opening:
            said.append(_quoted(opening, 120))
        parts[:0] = ["Profil proche par le sens, sans mot en commun", *said]
    return " ; ".join(parts)[:WHY_MAX_CHARS]


def _quoted(sentence: str, limit: int) -> str:
    return f"« {sentence[:limit]}{'…' if len(sentence) > limit else ''} »"


def _mentions(folded_terms: str, name: str) -> bool:
    stems = search_terms(name)
    return bool(stems) and all(stem in folded_terms.split() for stem in stems)


# --- Matching around opportunities ---------------------------------------------------------------


def organisations_for_opportunity(opportunity, *, limit: int = 10) -> list[Match]:
    """« Organisations qui pourraient répondre »: the opportunity's own text as the need; the
    publisher is left out; the explanation names the required certifications each one holds."""
    capabilities = list(opportunity.capabilities.all())
    text = documents.opportunity_text(opportunity, capabilities=capabilities)
    required = list(opportunity.certifications.values_list("pk", flat=True))
    kinds = list(SUPPLIER_KINDS) if opportunity.kind in NEED_KINDS else []
    hits, terms = rank(text, filters=Filters(exclude_ids=[opportunity.publisher_id], kinds=kinds), limit=limit)
    return explained(floored(hits), terms, Filters(certifications=required))


def partners_for(opportunity, organisation, *, limit: int = 8) -> list[Match]:
    """Partners that complement `organisation` on a call: the capabilities the call asks for and the
    organisation lacks come first in the need."""
    wanted = list(opportunity.capabilities.all())
    owned = set(organisation.capabilities.values_list("pk", flat=True))
    missing = [c for c in wanted if c.pk not in owned]
    text = " ".join(
        [", ".join(c.name for c in missing), opportunity.title, opportunity.description if not missing else ""]
    )
    hits, terms = rank(text, filters=Filters(exclude_ids=[organisation.pk, opportunity.publisher_id]), limit=limit)
    return explained(floored(hits), terms, None)


@dataclass
class OpportunityMatch:
    opportunity: object
    score: float


def opportunities_for_organisation(organisation, visible_opportunities, *, limit: int = 10) -> list[OpportunityMatch]:
    """Open opportunities ranked for an organisation's profile (« Opportunités pour vous »), among
    those its viewer may see (`visible_opportunities`, a queryset)."""
    text = organisation_texts([organisation.pk]).get(organisation.pk, organisation.name)
    try:
        hits, _ = rank(text, kind=EmbeddedKind.OPPORTUNITY, limit=200)
    except EmptyNeed:
        return []
    scores = {hit.object_id: hit.score for hit in hits}
    # Not its own, and not those it already answered (a withdrawn answer may be sent again).
    answered = organisation.opportunity_responses.exclude(status=ResponseStatus.WITHDRAWN).values("opportunity_id")
    shown = visible_opportunities.filter(pk__in=list(scores)).exclude(publisher=organisation).exclude(pk__in=answered)
    ranked = sorted(shown, key=lambda o: -scores[o.pk])[:limit]
    return [OpportunityMatch(o, round(scores[o.pk], 4)) for o in ranked]


def opportunity_scores_for_user(user, opportunity_ids) -> dict[int, float]:
    """The best score of each opportunity for any organisation of `user` (the digest's order)."""
    from synergies.accounts.roles import roles_of

    organisation_ids = sorted(roles_of(user).all_acting_organisation_ids)[:5]
    if not organisation_ids or not opportunity_ids:
        return {}
    best: dict[int, float] = {}
    for text in organisation_texts(organisation_ids).values():
        try:
            hits, _ = rank(text, kind=EmbeddedKind.OPPORTUNITY, limit=500)
        except EmptyNeed:
            continue
        for hit in hits:
            if hit.object_id in opportunity_ids:
                best[hit.object_id] = max(best.get(hit.object_id, 0.0), hit.score)
    return best
