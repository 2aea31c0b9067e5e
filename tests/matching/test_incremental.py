"""A profile change reaches every worker's index without a rebuild: the changed rows are read again
and layered over the index already built (index.LayeredIndex); a rebuild happens only when the log of
changed rows does not reach the worker's version, or too many rows changed."""

import numpy as np
import pytest

from synergies.directory import services as directory_services
from synergies.directory.enums import OrganisationKind
from synergies.directory.models import Organisation
from synergies.matching import services
from synergies.matching.index import Filters, LayeredIndex, MatchIndex, query_terms
from synergies.matching.models import IndexChange
from tests.factories import OrganisationFactory
from tests.matching.fixtures import real_model


def refs(matches):
    return [match.organisation.ref for match in matches]


@pytest.fixture
def no_rebuild(monkeypatch):
    """Fails the test if a worker rebuilds a whole index."""
    builders = dict(services.BUILDERS)

    def only_changed_rows(kind):
        def build(version=0, *, ids=None, like=None):
            assert ids is not None, "the whole index was rebuilt"
            return builders[kind](version, ids=ids, like=like)

        return build

    for kind in builders:
        monkeypatch.setitem(services.BUILDERS, kind, only_changed_rows(kind))


@pytest.mark.django_db
def test_an_edited_profile_is_searchable_without_a_rebuild(directory, monkeypatch, request):
    with real_model():
        before = services.current_index()
        request.getfixturevalue("no_rebuild")
        menuiserie = directory["ORG-2"]
        menuiserie.description = "Conception de drones sous-marins pour la guerre des mines."
        menuiserie.save()
        directory_services.organisation_reindex([menuiserie])  # as the profile form does
        assert services.embeddings_refresh(ids=[menuiserie.pk]) == 1
        index = services.current_index()
        assert isinstance(index, LayeredIndex) and index.base is before
        assert index.changed_ids == {menuiserie.pk}
        assert "ORG-2" in refs(services.match_text("drones sous-marins guerre des mines", limit=2))
        # Its old words are gone: the base's copy of the row is hidden.
        with_old_words = index.search(terms=query_terms("escaliers en bois massif"), vector=None, limit=10)
        assert menuiserie.pk not in {hit.object_id for hit in with_old_words if hit.lexical > 0}
        assert before.search(terms=query_terms("escaliers"), vector=None, limit=10)[0].object_id == menuiserie.pk
        assert len(index) == len(before)


@pytest.mark.django_db
def test_a_deactivated_organisation_leaves_and_a_new_one_arrives(directory, request):
    with real_model():
        services.current_index()
        request.getfixturevalue("no_rebuild")
        Organisation.objects.filter(ref="ORG-3").update(is_closed=True)
        services.embeddings_refresh(ids=[directory["ORG-3"].pk])  # nothing to embed, the row still changed
        assert "ORG-3" not in refs(services.match_text("tests d'intrusion", limit=7))
        newcomer = OrganisationFactory(
            ref="ORG-8",
            name="Pentest Breizh",
            kind=OrganisationKind.COMPANY,
            department="35",
            description="Tests d'intrusion et audits de sécurité.",
            territory=directory["ORG-1"].territory,
        )
        directory_services.organisation_reindex([newcomer])
        services.embeddings_refresh(ids=[newcomer.pk])
        ranked = refs(services.match_text("tests d'intrusion", limit=3, filters=Filters(departments=["35"])))
        assert ranked[0] == "ORG-8"
        index = services.current_index()
        assert index.changed_ids == {directory["ORG-3"].pk, newcomer.pk}  # changes accumulate over one base


@pytest.mark.django_db
def test_a_version_without_its_rows_or_too_many_rows_rebuild(directory, monkeypatch):
    with real_model():
        first = services.current_index()
        services.index_version_bump("organisation")  # no list of rows: a rebuild
        rebuilt = services.current_index()
        assert type(rebuilt) is MatchIndex and rebuilt is not first
        monkeypatch.setattr(services, "MAX_CHANGED_ROWS", 1)
        services.index_version_bump("organisation", ids=[directory["ORG-1"].pk, directory["ORG-2"].pk])
        assert not IndexChange.objects.filter(version=services.index_version("organisation")).exists()
        assert type(services.current_index()) is MatchIndex


@pytest.mark.django_db
def test_the_log_of_changes_is_pruned(directory, monkeypatch):
    monkeypatch.setattr(services, "CHANGE_LOG_VERSIONS", 3)
    for _ in range(5):
        services.index_version_bump("organisation", ids=[directory["ORG-1"].pk])
    current = services.index_version("organisation")
    assert sorted(IndexChange.objects.values_list("version", flat=True)) == [current - 2, current - 1, current]


def test_a_layered_index_ranks_as_a_rebuilt_one():
    """Same rows, same vectors: the layered index returns what a full rebuild returns (the words are
    scored with the base's statistics, so only the dense ranking is compared exactly)."""
    generator = np.random.default_rng(4)
    vectors = generator.standard_normal((300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    hub = generator.uniform(0.5, 0.9, 300).astype(np.float32)
    ids = np.arange(300)
    departments = generator.choice(np.array(["29", "35"], dtype=object), 300)

    def columns(rows, vectors):
        return dict(
            ids=ids[rows],
            documents=[f"mot{row % 7}" for row in rows],
            vectors=vectors[rows],
            hub=hub[rows],
            departments=departments[rows],
        )

    base = MatchIndex(**columns(np.arange(300), vectors))
    edited = vectors.copy()
    edited[[5, 17, 250]] = generator.standard_normal((3, 16))
    edited /= np.linalg.norm(edited, axis=1, keepdims=True)
    kept = np.array([row for row in range(300) if row != 99])  # 99 is gone
    changed = [5, 17, 250]
    layered = LayeredIndex(base, MatchIndex(**columns(np.array(changed), edited), like=base), [*changed, 99], 1)
    rebuilt = MatchIndex(**columns(kept, edited))
    for query in generator.standard_normal((10, 16)).astype(np.float32):
        for filters in (None, Filters(departments=["29"])):
            got = layered.search(terms=[], vector=query, filters=filters, limit=30)
            expected = rebuilt.search(terms=[], vector=query, filters=filters, limit=30)
            assert [hit.object_id for hit in got] == [hit.object_id for hit in expected]
            assert 99 not in {hit.object_id for hit in got}
    with_the_word = [
        {hit.object_id for hit in index.search(terms=["mot5"], vector=None, limit=300) if hit.lexical > 0}
        for index in (layered, rebuilt)
    ]
    assert with_the_word[0] == with_the_word[1] and 5 in with_the_word[0]
