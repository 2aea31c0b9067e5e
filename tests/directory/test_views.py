import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from synergies.core.visibility import Visibility
from synergies.directory import services
from synergies.directory.models import Contact
from tests.conftest import ROLES
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CONTACTS = {
    Visibility.PUBLIC: "Anne Publique",
    Visibility.REGISTERED: "Ronan Inscrit",
    Visibility.PARTNERS: "Paul Partenaire",
    Visibility.RESTRICTED: "Rita Réservée",
}
# Which contact each role sees on the company's page, in the order of ROLES.
#                         anon reg  mem  oadm agent coord other natio admin
SEES = {
    Visibility.PUBLIC: (1, 1, 1, 1, 1, 1, 1, 1, 1),
    Visibility.REGISTERED: (0, 1, 1, 1, 1, 1, 1, 1, 1),
    Visibility.PARTNERS: (0, 0, 1, 1, 1, 1, 0, 1, 1),
    Visibility.RESTRICTED: (0, 0, 1, 1, 0, 1, 0, 1, 1),
}


@pytest.fixture
def contacts(company):
    company.description = "=cmd|' /C calc'!A0 pièces usinées"
    company.city = "Brest"
    company.save()
    services.organisation_reindex([company])
    for visibility, name in CONTACTS.items():
        Contact.objects.create(
            organisation=company, full_name=name, email=f"{name.split()[0]}@x.fr", visibility=visibility
        )
    return company


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_contacts_on_the_page_follow_their_visibility(client_for, contacts, role_index, role):
    page = client_for(role).get(reverse("directory:detail", kwargs={"pk": contacts.pk})).content.decode()
    for visibility, name in CONTACTS.items():
        assert (name in page) == bool(SEES[visibility][role_index]), (role, name)


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_exports_hold_only_the_contacts_the_user_may_see(client_for, contacts, role_index, role):
    client = client_for(role)
    response = client.get(reverse("directory:export", kwargs={"fmt": "csv"}) + "?q=usinées")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["name"] for row in rows] == [contacts.name]
    for visibility, name in CONTACTS.items():
        assert (name in rows[0]["contacts"]) == bool(SEES[visibility][role_index]), (role, name)
    assert rows[0]["description"].startswith("'=")  # not run as a formula by a spreadsheet
    workbook = load_workbook(io.BytesIO(client.get(reverse("directory:export", kwargs={"fmt": "xlsx"})).content))
    cells = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert cells[0][:3] == ["Référence", "Nom", "Type"]  # French titles for people's spreadsheets
    exported = " ".join(str(value) for row in cells for value in row if value)
    for visibility, name in CONTACTS.items():
        assert (name in exported) == bool(SEES[visibility][role_index]), (role, name)
    excel = client.get(reverse("directory:export", kwargs={"fmt": "excel"}) + "?q=usinées")
    text = b"".join(excel.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["Nom"] for row in rows] == [contacts.name] and rows[0]["Type"] == "entreprise"
    for visibility, name in CONTACTS.items():
        assert (name in rows[0]["Contacts"]) == bool(SEES[visibility][role_index]), (role, name)


def test_unknown_export_format_is_404(client):
    assert client.get(reverse("directory:export", kwargs={"fmt": "pdf"})).status_code == 404


def test_list_page_shows_results_facets_and_keeps_filters_in_pagination(client, bretagne, settings):
    settings.SYNERGIES_DIRECTORY_PAGE_SIZE = 2
    for number in range(5):
        OrganisationFactory(name=f"Atelier {number}", department="29", description="Usinage")
    services.organisation_reindex(list(bretagne.organisations.all()))
    page = client.get(reverse("directory:list") + "?q=usinage&departement=29").content.decode()
    assert "<strong>5</strong> organisations" in page
    assert "Atelier 0" in page and "Atelier 2" not in page
    assert "?q=usinage&amp;departement=29&amp;page=2" in page
    assert 'value="29"' in page and "checked" in page
    second = client.get(reverse("directory:list") + "?q=usinage&departement=29&page=2").content.decode()
    assert "Atelier 2" in second


def test_map_view_carries_the_points_of_the_results(client, bretagne):
    OrganisationFactory(name="Sur la carte", latitude=48.39, longitude=-4.48, city="Brest")
    OrganisationFactory(name="Sans position")
    page = client.get(reverse("directory:list") + "?vue=carte").content.decode()
    assert 'id="directory-map-points"' in page and "Sur la carte" in page
    assert "Sans position" not in page.split('id="directory-map-points"')[1]
    assert "vendor/leaflet/leaflet.js" in page


def test_an_empty_search_says_so(client, bretagne):
    page = client.get(reverse("directory:list") + "?q=introuvablezzz").content.decode()
    assert "Aucune organisation ne correspond" in page


def test_merged_organisation_redirects_to_the_one_kept(client, company, other_company):
    other_company.merged_into = company
    other_company.save()
    response = client.get(reverse("directory:detail", kwargs={"pk": other_company.pk}))
    assert response.status_code == 302 and response["Location"] == company.get_absolute_url()
    assert client.get(reverse("directory:detail", kwargs={"pk": 999999})).status_code == 404
