import pytest
from django.test import Client

from synergies.accounts import services as account_services
from synergies.directory import services
from synergies.directory.models import Contact
from synergies.directory.taxonomy import taxonomy_load
from tests.conftest import ROLES
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

#          anon reg  mem  oadm agent coord other natio admin
PATCH = (401, 403, 200, 200, 403, 200, 403, 403, 200)
SEES_PARTNER_CONTACT = (0, 0, 1, 1, 1, 1, 0, 1, 1)


@pytest.fixture
def directory(company, bretagne):
    taxonomy_load()
    company.description = "Pièces usinées en titane"
    company.department = "29"
    company.save()
    OrganisationFactory(name="Cyberkern", description="Tests d'intrusion", department="35")
    services.organisation_reindex(list(bretagne.organisations.all()))
    Contact.objects.create(organisation=company, full_name="Paul Partenaire", visibility="partners")
    return company


def bearer(user):
    _, key = account_services.api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {key}"}


def test_search_with_the_page_filters(directory):
    body = Client().get("/api/v1/organisations", {"q": "pièce usinée", "departement": "29"}).json()
    assert body["count"] == 1 and body["results"][0]["name"] == directory.name
    assert body["results"][0]["url"] == f"/organisations/{directory.pk}/"
    assert Client().get("/api/v1/organisations", {"departement": ["29", "35"]}).json()["count"] == 2
    assert Client().get("/api/v1/organisations", {"page_size": 1}).json()["pages"] == 2


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_detail_contacts_follow_visibility_with_a_token(people, directory, role_index, role):
    headers = bearer(people[role]) if people[role] else {}
    body = Client().get(f"/api/v1/organisations/{directory.pk}", headers=headers).json()
    assert body["name"] == directory.name
    assert ("Paul Partenaire" in [c["full_name"] for c in body["contacts"]]) == bool(SEES_PARTNER_CONTACT[role_index])


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_profile_update_is_for_members_and_coordinators(people, directory, role_index, role):
    headers = bearer(people[role]) if people[role] else {}
    response = Client().patch(
        f"/api/v1/organisations/{directory.pk}",
        {"description": "Usinage 5 axes", "capabilities": ["usinage-precision"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == PATCH[role_index], response.content
    if response.status_code == 200:
        body = response.json()
        assert body["description"] == "Usinage 5 axes"
        assert [c["slug"] for c in body["capabilities"]] == ["usinage-precision"]
        # Contacts and the rest of the profile are kept.
        directory.refresh_from_db()
        assert directory.contacts.count() == 1 and directory.name == "Armor Usinage (test)"


def test_profile_update_keeps_the_certifications_and_contacts(people, directory):
    from synergies.directory.models import Certification, OrganisationCertification

    OrganisationCertification.objects.create(
        organisation=directory, certification=Certification.objects.get(slug="en-9100"), scope="Usinage"
    )
    response = Client().patch(
        f"/api/v1/organisations/{directory.pk}",
        {"website": "https://armor.example"},
        content_type="application/json",
        headers=bearer(people["org_member"]),
    )
    assert response.status_code == 200, response.content
    assert [(c["slug"], c["scope"]) for c in response.json()["certifications"]] == [("en-9100", "Usinage")]
    assert directory.contacts.get().full_name == "Paul Partenaire"


def test_profile_update_refuses_a_marking_and_an_unknown_capability(people, directory):
    headers = bearer(people["org_member"])
    response = Client().patch(
        f"/api/v1/organisations/{directory.pk}",
        {"description": "SECRET DÉFENSE"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and "mention de protection" in response.json()["detail"]
    response = Client().patch(
        f"/api/v1/organisations/{directory.pk}",
        {"capabilities": ["teleportation"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and "teleportation" in response.json()["detail"]
    directory.refresh_from_db()
    assert directory.description == "Pièces usinées en titane"


def test_a_bad_token_is_refused_and_an_unknown_id_is_404(directory):
    assert Client().get("/api/v1/organisations", headers={"Authorization": "Bearer syn_faux"}).status_code == 401
    assert Client().get("/api/v1/organisations/999999").status_code == 404
