import json

from django.urls import reverse

from tests.opportunities.fixtures import respond


def test_a_person_downloads_their_own_data_and_only_theirs(client_for, people, opportunity, company):
    respond(people["org_member"], opportunity, organisation=company, message="Notre réponse personnelle")
    response = client_for("org_member").get(reverse("accounts:personal_data"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == people["org_member"].email
    assert data["account"]["memberships"][0]["organisation"] == company.name
    assert [r["message"] for r in data["opportunities"]["responses"]] == ["Notre réponse personnelle"]
    other = json.loads(client_for("org_admin").get(reverse("accounts:personal_data")).content)
    assert other["account"]["email"] == people["org_admin"].email
    assert other["opportunities"]["responses"] == []


def test_the_profile_page_offers_the_download(client_for):
    page = client_for("registered").get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:personal_data") in page
