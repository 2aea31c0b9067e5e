import pytest
from django.urls import reverse

from synergies.core.models import AuditEntry
from synergies.directory.models import Capability, Certification
from synergies.directory.taxonomy import taxonomy_load
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

#        anon reg  mem  oadm agent coord other natio admin
EDIT = (302, 403, 200, 200, 403, 200, 403, 403, 200)


@pytest.fixture(autouse=True)
def taxonomy(bretagne):
    taxonomy_load()


def form_data(**overrides):
    data = {
        "name": "Armor Usinage",
        "website": "armor.example",
        "description": "Usinage 5 axes de pièces en titane.",
        "defence_experience": "Pièces pour le programme FDI.",
        "has_clearance": "oui",
        "capabilities": [str(Capability.objects.get(slug="usinage-precision").pk)],
        "keywords": "titane, inconel",
        "certifications-TOTAL_FORMS": "2",
        "certifications-INITIAL_FORMS": "0",
        "certifications-0-certification": str(Certification.objects.get(slug="en-9100").pk),
        "certifications-0-valid_until": "2027-06-30",
        "certifications-0-scope": "Usinage",
        "certifications-1-certification": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-full_name": "Jeanne Martin",
        "contacts-0-role": "Directrice commerciale",
        "contacts-0-email": "jeanne@armor.example",
        "contacts-0-visibility": "partners",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_who_may_edit_a_profile(client_for, company, role_index, role):
    response = client_for(role).get(reverse("directory:edit", kwargs={"pk": company.pk}))
    assert response.status_code == EDIT[role_index]


def test_a_member_edits_the_profile(client_for, company):
    response = client_for("org_member").post(reverse("directory:edit", kwargs={"pk": company.pk}), form_data())
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.description.startswith("Usinage 5 axes") and company.website == "https://armor.example"
    assert company.has_clearance is True and company.keywords == ["titane", "inconel"]
    assert [c.slug for c in company.capabilities.all()] == ["usinage-precision"]
    certification = company.certifications.get()
    assert certification.certification.slug == "en-9100" and str(certification.valid_until) == "2027-06-30"
    assert company.contacts.get().visibility == "partners"
    assert "titan" in company.search_document.split() and "inconel" in company.search_document.split()
    entry = AuditEntry.objects.get(action="profile_updated")
    assert entry.changes["has_clearance"] == [None, True]


def test_a_marked_text_is_refused_and_nothing_changes(client_for, company):
    response = client_for("org_member").post(
        reverse("directory:edit", kwargs={"pk": company.pk}),
        form_data(description="Extrait CONFIDENTIEL DÉFENSE du programme"),
    )
    assert response.status_code == 200
    assert "CONFIDENTIEL DEFENSE" in response.content.decode() or "CONFIDENTIEL DÉFENSE" in response.content.decode()
    company.refresh_from_db()
    assert company.description == "" and not company.contacts.exists()


def test_a_contact_without_name_is_refused(client_for, company):
    response = client_for("org_member").post(
        reverse("directory:edit", kwargs={"pk": company.pk}), form_data(**{"contacts-0-full_name": ""})
    )
    assert "Indiquez le nom du contact." in response.content.decode()


def test_the_edit_page_shows_the_current_profile(client_for, company):
    client = client_for("org_admin")
    client.post(reverse("directory:edit", kwargs={"pk": company.pk}), form_data())
    page = client.get(reverse("directory:edit", kwargs={"pk": company.pk})).content.decode()
    assert "Jeanne Martin" in page and "titane, inconel" in page
    capability = Capability.objects.get(slug="usinage-precision")
    assert f'value="{capability.pk}" checked' in " ".join(page.split())
