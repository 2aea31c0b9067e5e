import pytest
from django.urls import reverse

from synergies.accounts.models import OrganisationMembership
from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from synergies.directory import services
from synergies.directory.duplicates import likely_duplicates
from synergies.directory.models import Capability, Certification, Contact, OrganisationCertification
from synergies.directory.taxonomy import taxonomy_load
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(bretagne):
    taxonomy_load()
    sirene = OrganisationFactory(
        name="ARMOR USINAGE SAS",
        siret="73282932000074",
        siren="732829320",
        commune_insee="29019",
        city="Brest",
        source="sirene",
    )
    curated = OrganisationFactory(
        name="Armor Usinage", ref="ARM-1", commune_insee="29019", city="Brest", description="Usinage titane",
        website="https://armor.example", has_clearance=True, keywords=["titane"], source="liste",
    )  # fmt: skip
    curated.capabilities.add(Capability.objects.get(slug="usinage-precision"))
    OrganisationCertification.objects.create(
        organisation=curated, certification=Certification.objects.get(slug="en-9100")
    )
    Contact.objects.create(organisation=curated, full_name="Jeanne Martin")
    MembershipFactory(organisation=curated, user__email="jeanne@armor.example")
    OrganisationFactory(name="Armor Usinage", commune_insee="56260", city="Vannes")  # another commune
    OrganisationFactory(name="Kreiz Bois", commune_insee="29019", city="Brest")
    return sirene, curated


def test_likely_duplicates_by_name_in_the_same_commune(bretagne, pair):
    found = likely_duplicates(bretagne)
    assert [{p.first.pk, p.second.pk} for p in found] == [{pair[0].pk, pair[1].pk}]
    assert found[0].reason == "nom très proche dans la même commune"


def test_same_siren_in_the_same_commune(bretagne):
    OrganisationFactory(name="Site A", siren="732829320", commune_insee="29019")
    OrganisationFactory(name="Site B", siren="732829320", commune_insee="29019")
    assert [p.reason for p in likely_duplicates(bretagne)] == ["même SIREN (732829320) dans la même commune"]


def test_merge_keeps_every_curated_piece(people, pair):
    sirene, curated = pair
    services.organisation_merge(actor=people["coordinator"], kept=sirene, merged=curated)
    sirene.refresh_from_db()
    curated.refresh_from_db()
    assert curated.merged_into == sirene and curated.ref is None
    assert sirene.ref == "ARM-1" and sirene.description == "Usinage titane" and sirene.has_clearance is True
    assert sirene.website == "https://armor.example" and sirene.keywords == ["titane"]
    assert [c.slug for c in sirene.capabilities.all()] == ["usinage-precision"]
    assert [c.certification.slug for c in sirene.certifications.all()] == ["en-9100"]
    assert [c.full_name for c in sirene.contacts.all()] == ["Jeanne Martin"]
    assert OrganisationMembership.objects.get(user__email="jeanne@armor.example").organisation == sirene
    assert "titan" in sirene.search_document.split()
    assert AuditEntry.objects.filter(action="organisations_merged").count() == 1


def test_merge_refuses_nonsense(people, pair, territories):
    sirene, curated = pair
    with pytest.raises(ApplicationError):
        services.organisation_merge(actor=people["coordinator"], kept=sirene, merged=sirene)
    elsewhere = OrganisationFactory(territory=territories["normandie"])
    with pytest.raises(ApplicationError, match="même territoire"):
        services.organisation_merge(actor=people["coordinator"], kept=sirene, merged=elsewhere)


def test_coordinator_merges_from_the_duplicates_page(client_for, pair):
    sirene, curated = pair
    client = client_for("coordinator")
    page = client.get(reverse("directory:duplicates", kwargs={"slug": "bretagne"})).content.decode()
    assert "nom très proche dans la même commune" in page.lower()
    response = client.post(
        reverse("directory:merge", kwargs={"slug": "bretagne"}),
        {"pair": f"{sirene.pk},{curated.pk}", "kept": str(curated.pk)},
    )
    assert response.status_code == 302 and response["Location"] == curated.get_absolute_url()
    sirene.refresh_from_db()
    assert sirene.merged_into == curated
    curated.refresh_from_db()
    assert curated.siret == "73282932000074"  # the SIRET moved to the kept profile
    # A forged pair is refused.
    response = client.post(reverse("directory:merge", kwargs={"slug": "bretagne"}), {"pair": "1,2", "kept": "3"})
    assert response.status_code == 302
