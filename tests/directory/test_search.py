"""Directory search: French full text (accents, word forms, prefixes), filters, facets, sorting."""

import pytest
from django.http import QueryDict

from synergies.directory import services
from synergies.directory.models import Capability, Certification, Label, OrganisationCertification
from synergies.directory.selectors import DirectoryQuery, directory_facets, directory_search
from synergies.directory.taxonomy import taxonomy_load
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(bretagne):
    taxonomy_load()
    machining = Capability.objects.get(slug="usinage-precision")
    audit = Capability.objects.get(slug="audit-securite")
    drones = Capability.objects.get(slug="sous-marins")
    rows = {
        "titane": OrganisationFactory(
            name="Armor Titane",
            description="Pièces usinées en titane pour l'aéronautique.",
            department="29",
            commune_insee="29019",
            city="Brest",
            naf_code="25.62B",
            headcount_band="12",
        ),
        "bois": OrganisationFactory(
            name="Kreiz Bois",
            description="Usinage du bois, menuiserie navale.",
            department="56",
            commune_insee="56121",
            city="Lorient",
            naf_code="16.23Z",
            headcount_band="02",
        ),
        "cyber": OrganisationFactory(
            name="Cyberkern",
            description="Cybersécurité : tests d'intrusion et audits qualifiés.",
            department="35",
            commune_insee="35238",
            city="Rennes",
            naf_code="62.02A",
            headcount_band="21",
        ),
        "surete": OrganisationFactory(
            name="Garde Ouest",
            description="Sécurité physique des sites : gardiennage et contrôle d'accès.",
            department="35",
            commune_insee="35238",
            city="Rennes",
            naf_code="80.10Z",
            headcount_band="NN",
        ),
        "drones": OrganisationFactory(
            name="Océan Robotique",
            description="Drones sous-marins autonomes.",
            department="56",
            kind="laboratoire",
        ),
        "closed": OrganisationFactory(name="Ancienne Forge", description="Usinage de pièces.", is_closed=True),
    }
    rows["titane"].capabilities.add(machining)
    rows["bois"].capabilities.add(Capability.objects.get(slug="equipements-pont"))
    rows["cyber"].capabilities.add(audit)
    rows["drones"].capabilities.add(drones)
    rows["cyber"].labels.add(Label.objects.get(slug="pole-excellence-cyber"))
    OrganisationCertification.objects.create(
        organisation=rows["cyber"], certification=Certification.objects.get(slug="passi")
    )
    services.organisation_reindex(rows.values())
    return rows


def names(user, **params):
    query = DirectoryQuery.from_params(_qd(params))
    return [o.name for o in directory_search(user, query).queryset]


def _qd(params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


@pytest.mark.parametrize(
    "text,expected",
    [
        ("pièce usinée", {"Armor Titane"}),  # singular finds plural, accents as typed
        ("PIECES USINEES", {"Armor Titane"}),  # no accents, upper case
        ("titane", {"Armor Titane"}),
        ("cybersécurité", {"Cyberkern"}),
        ("cybers", {"Cyberkern"}),  # the last word is a prefix: found while typing
        ("intrusions", {"Cyberkern"}),
        ("drone sous-marin", {"Océan Robotique"}),
        ("gardiennage", {"Garde Ouest"}),
        ("usinage", {"Armor Titane", "Kreiz Bois"}),  # Armor Titane: its capability « usinage de précision »
        ("securite physique", {"Garde Ouest"}),
        ("Rennes", {"Cyberkern", "Garde Ouest"}),
        ("le la les de", set()),  # only stop words: no text condition, everything
    ],
)
def test_full_text_ignores_accents_and_word_forms(directory, text, expected):
    found = set(names(None, q=text))
    if expected:
        assert found == expected
    else:
        assert len(found) == 5  # the whole directory but the closed establishment


def test_capability_synonyms_and_taxonomy_are_searchable(directory):
    assert set(names(None, q="pentest")) == {"Cyberkern"}  # a synonym of « audit de sécurité »
    assert "Armor Titane" in names(None, q="usinage de précision")


def test_filters_combine_and_multiple_values_of_one_filter_are_alternatives(directory):
    assert set(names(None, departement=["29", "56"])) == {"Armor Titane", "Kreiz Bois", "Océan Robotique"}
    assert names(None, departement="35", certification="passi") == ["Cyberkern"]
    assert names(None, capacite="usinage-precision", q="titane") == ["Armor Titane"]
    assert names(None, domaine="naval") == ["Kreiz Bois", "Océan Robotique"]
    assert names(None, type="laboratoire") == ["Océan Robotique"]
    assert names(None, label="pole-excellence-cyber") == ["Cyberkern"]
    assert names(None, naf="80.10Z") == ["Garde Ouest"]
    assert set(names(None, effectif=["12", "21"])) == {"Armor Titane", "Cyberkern"}
    assert names(None, type="inconnu") == names(None)  # an unknown value is dropped, not an error


def test_closed_establishments_are_hidden_unless_asked(directory):
    assert "Ancienne Forge" not in names(None, q="usinage")
    assert "Ancienne Forge" in names(None, q="usinage", fermees="oui")


def test_sorts(directory):
    assert names(None, tri="nom")[0] == "Armor Titane"
    by_size = names(None, tri="effectif")
    assert by_size.index("Cyberkern") < by_size.index("Armor Titane") < by_size.index("Kreiz Bois")
    assert by_size.index("Kreiz Bois") < by_size.index("Garde Ouest")  # non-employers last
    # Relevance: the name match ranks first.
    assert names(None, q="titane usinée")[0] == "Armor Titane"


def test_facets_count_the_current_results(directory):
    query = DirectoryQuery.from_params(_qd({"departement": "35"}))
    facets = {facet.name: facet for facet in directory_facets(directory_search(None, query), query)}
    departments = {value.value: (value.count, value.selected) for value in facets["departement"].values}
    assert departments == {"35": (2, True)}
    assert {value.value: value.count for value in facets["certification"].values} == {"passi": 1}
    assert {value.value: value.count for value in facets["domaine"].values} == {"cyber": 1}
    naf = {value.value: value.label for value in facets["naf"].values}
    assert naf["62.02A"].startswith("62.02A — Conseil en systèmes")


def test_facets_with_a_text_query(directory):
    query = DirectoryQuery.from_params(_qd({"q": "usinage"}))
    facets = {facet.name: facet for facet in directory_facets(directory_search(None, query), query)}
    assert {value.value: value.count for value in facets["capacite"].values} == {
        "usinage-precision": 1,
        "equipements-pont": 1,
    }


def test_a_very_long_or_odd_query_is_handled(directory):
    assert names(None, q="x" * 5000) == []
    assert names(None, q='"; DROP TABLE directory_organisation; --') == []
    assert names(None, q="AND OR NOT * ( ) :") is not None


def test_cached_counts_follow_every_write(directory):
    query = DirectoryQuery.from_params(_qd({"q": "usinage"}))
    result = directory_search(None, query)
    assert result.count() == 2
    before = {f.name: {v.value: v.count for v in f.values} for f in directory_facets(result, query)}
    assert before["capacite"] == {"usinage-precision": 1, "equipements-pont": 1}
    # A single save (signal) and a bulk write (explicit bump) both change the key.
    OrganisationFactory(name="Nouvel Atelier", description="Usinage de précision")
    services.organisation_reindex(list(directory.values()))
    directory["bois"].capabilities.add(Capability.objects.get(slug="usinage-precision"))
    result = directory_search(None, query)
    assert result.count() == 2  # the new one has no search document yet
    after = {f.name: {v.value: v.count for v in f.values} for f in directory_facets(result, query)}
    assert after["capacite"]["usinage-precision"] == 2


def test_the_scheduled_warm_up_counts_the_unfiltered_directory_once_per_change(directory):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from synergies.directory.tasks import warm_directory_counts

    def counting_queries():
        with CaptureQueriesContext(connection) as queries:
            query = DirectoryQuery()
            result = directory_search(None, query)
            total = result.count()
            directory_facets(result, query)
        return total, [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]

    from synergies.directory.models import Organisation

    listed = Organisation.objects.filter(is_closed=False, merged_into__isnull=True)
    cache.clear()
    warm_directory_counts.call()
    total, counts = counting_queries()
    assert total == listed.count() and counts == []  # the visitor reads what the task computed
    OrganisationFactory(name="Nouvel Atelier")  # a change: the cached counts no longer apply
    assert counting_queries()[1] != []
    warm_directory_counts.call()
    total, counts = counting_queries()
    assert total == listed.count() and counts == []
