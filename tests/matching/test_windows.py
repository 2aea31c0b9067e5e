"""Long profiles are read in windows: how a text is cut, how the vectors are stored, how the index
scores a row by its best window."""

import numpy as np
import pytest

from synergies.matching import documents, services
from synergies.matching.backends import get_backend
from synergies.matching.index import MatchIndex
from synergies.matching.models import Embedding
from tests.factories import OrganisationFactory

LONG = "Forge Armor. " + " ".join(f"paragraphe{i} blindage composite" for i in range(200))


def test_a_short_text_is_one_window():
    assert documents.windows("Usinage Breton. Usinage 5 axes.") == ["Usinage Breton. Usinage 5 axes."]
    assert documents.windows("  trop   d'espaces ") == ["trop d'espaces"]


def test_a_long_text_is_cut_between_words_each_window_opened_by_the_heading():
    windows = documents.windows(LONG)
    assert len(windows) == documents.MAX_WINDOWS  # the rest is beyond the cap
    assert windows[0].startswith("Forge Armor. paragraphe0 ")
    for window in windows[1:]:
        assert window.startswith("Forge Armor. ") and not window.startswith("Forge Armor. Forge")
    for window in windows:
        assert len(window) <= documents.WINDOW_CHARS + 1
    # Read back without the headings, the windows are the start of the text, in order, word for word.
    body = " ".join([windows[0]] + [w.removeprefix("Forge Armor. ") for w in windows[1:]])
    assert LONG.startswith(body)
    assert len(body) > documents.WINDOW_CHARS * (documents.MAX_WINDOWS - 1)


def test_a_text_without_a_short_first_sentence_has_no_heading():
    text = " ".join(f"mot{i}" for i in range(300))
    windows = documents.windows(text)
    assert len(windows) > 1 and windows[1].startswith("mot")


def test_the_index_scores_a_row_by_its_best_window():
    vectors = np.eye(4, dtype=np.float32)  # row 0: windows e0, e1; row 1: e2; row 2: e3
    index = MatchIndex(ids=[10, 11, 12], documents=["a", "b", "c"], vectors=vectors, window_rows=[0, 0, 1, 2])
    query = np.array([0.0, 1.0, 0.0, 0.0], dtype=np.float32)  # only row 0's second window
    assert list(index.dense_scores(query)) == [1.0, 0.0, 0.0]
    best = index.search(terms=[], vector=query, limit=1)[0]
    assert (best.object_id, best.window) == (10, 1)
    assert index.search(terms=[], vector=np.array([0.0, 0.0, 1.0, 0.0], dtype=np.float32), limit=1)[0].window == 0
    with pytest.raises(ValueError):
        MatchIndex(ids=[10, 11], documents=["a", "b"], vectors=vectors[:2], window_rows=[0, 0])


@pytest.mark.django_db
def test_a_long_profile_is_stored_as_its_windows_and_indexed_as_one_row(bretagne):
    services.forget_indexes()
    organisation = OrganisationFactory(name="Forge Armor", description=LONG)
    short = OrganisationFactory(name="Petit Profil", description="Soudure.")
    assert services.embeddings_refresh() == 2
    dim = get_backend().dim
    stored = Embedding.objects.get(object_id=organisation.pk).as_array(dim)
    assert stored.shape == (documents.MAX_WINDOWS, dim)
    assert Embedding.objects.get(object_id=short.pk).as_array(dim).shape == (1, dim)
    index = services.current_index()
    assert len(index) == 2 and index.has_vector.all()
    row = index.position[organisation.pk]
    query = stored[3] / np.linalg.norm(stored[3])
    assert index.dense_scores(query)[row] == pytest.approx(float((stored @ query).max()))
    services.forget_indexes()


@pytest.mark.django_db
def test_a_meaning_only_match_quotes_the_window_the_model_found_closest(bretagne):
    from synergies.matching.index import Hit

    filler = " ".join(f"Atelier {i} de mécanique générale." for i in range(40))
    organisation = OrganisationFactory(
        name="Forge Armor",
        description=f"Forge et chaudronnerie. {filler} Nous concevons des blindages composites pour véhicules. {filler}",
    )
    text = services.organisation_texts([organisation.pk])[organisation.pk]
    closest = next(i for i, window in enumerate(documents.windows(text)) if "blindages composites" in window)
    assert closest > 0

    why = services.explained([Hit(organisation.pk, 0.5, 0.5, 0.0, closest)], ["protect"], None)[0].why
    assert why.startswith("Profil proche par le sens, sans mot en commun")
    assert "Forge et chaudronnerie" not in why
    quoted = why.split("« ")[1].split(" »")[0].removesuffix("…")
    assert quoted in documents.windows(text)[closest] and quoted not in documents.windows(text)[0]
    # A window the profile no longer has (edited since it was embedded): its opening, as before.
    why = services.explained([Hit(organisation.pk, 0.5, 0.5, 0.0, 99)], ["protect"], None)[0].why
    assert "« Forge et chaudronnerie. »" in why
