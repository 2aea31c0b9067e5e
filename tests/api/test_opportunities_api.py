import pytest
from django.test import Client

from synergies.opportunities.models import Opportunity, Response
from tests.api.test_directory_api import bearer
from tests.conftest import ROLES
from tests.opportunities.fixtures import in_days, respond

pytestmark = pytest.mark.django_db

#            anon reg  mem  oadm agent coord other natio admin
CREATE = (401, 403, 403, 403, 201, 201, 403, 403, 201)
MANAGE = (401, 403, 403, 403, 200, 200, 403, 403, 200)
REVIEW = (401, 403, 403, 403, 200, 403, 403, 403, 200)
READ_RESPONSE = (401, 404, 200, 200, 200, 404, 404, 404, 200)


def _client(people, role):
    user = people[role]
    return (Client(), {}) if user is None else (Client(), bearer(user))


def _payload(publisher, **extra):
    return {
        "territory": "53",
        "publisher_id": publisher.pk,
        "kind": "research",
        "title": "Apprentissage frugal",
        "description": "Détection d'anomalies.",
        "deadline": in_days(20).isoformat(),
        "objective": 3,
        "capabilities": [],
        "publish": True,
        **extra,
    }


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_create_per_role(people, publisher, role_index, role):
    client, headers = _client(people, role)
    response = client.post(
        "/api/v1/opportunities", _payload(publisher), content_type="application/json", headers=headers
    )
    assert response.status_code == CREATE[role_index], response.content
    if response.status_code == 201:
        body = response.json()
        assert body["status"] == "published" and body["objective"] == 3 and body["publisher"] == publisher.name


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_update_transition_and_review_per_role(people, opportunity, company, role_index, role):
    response = respond(people["org_member"], opportunity, company)
    client, headers = _client(people, role)
    patch = client.patch(
        f"/api/v1/opportunities/{opportunity.pk}", {"place": "Brest"}, content_type="application/json", headers=headers
    )
    assert patch.status_code == MANAGE[role_index], patch.content
    listed = client.get(f"/api/v1/opportunities/{opportunity.pk}/responses", headers=headers)
    assert listed.status_code == REVIEW[role_index]
    read = client.get(f"/api/v1/responses/{response.pk}", headers=headers)
    assert read.status_code == READ_RESPONSE[role_index]
    close = client.post(
        f"/api/v1/opportunities/{opportunity.pk}/transitions",
        {"action": "close"},
        content_type="application/json",
        headers=headers,
    )
    assert close.status_code == MANAGE[role_index]
    opportunity.refresh_from_db()
    assert (opportunity.status == "closed") is (MANAGE[role_index] == 200)


def test_a_forged_organisation_or_opportunity_is_refused(people, opportunity, other_company, make_opportunity):
    headers = bearer(people["org_member"])
    body = {"organisation_id": other_company.pk, "message": "x", "contact_name": "a", "contact_email": "a@b.fr"}
    answer = Client().post(
        f"/api/v1/opportunities/{opportunity.pk}/responses", body, content_type="application/json", headers=headers
    )
    assert answer.status_code == 400 and "membre" in answer.json()["detail"]
    hidden = make_opportunity(title="Pour les partenaires", visibility="partners")
    answer = Client().post(
        f"/api/v1/opportunities/{hidden.pk}/responses", body, content_type="application/json", headers=headers
    )
    assert answer.status_code == 404
    assert not Response.objects.exists()


def test_respond_then_publisher_shortlists_then_respondent_withdraws(people, opportunity, company):
    member = bearer(people["org_member"])
    body = {
        "organisation_id": company.pk,
        "kind": "application",
        "message": "Offre.",
        "contact_name": "Y",
        "contact_email": "y@a.fr",
    }
    created = Client().post(
        f"/api/v1/opportunities/{opportunity.pk}/responses", body, content_type="application/json", headers=member
    )
    assert created.status_code == 201
    response_id = created.json()["id"]
    again = Client().post(
        f"/api/v1/opportunities/{opportunity.pk}/responses", body, content_type="application/json", headers=member
    )
    assert again.status_code == 400 and "déjà répondu" in again.json()["detail"]
    url = f"/api/v1/responses/{response_id}/transitions"
    forged = Client().post(url, {"action": "accept"}, content_type="application/json", headers=member)
    assert forged.status_code == 403
    agent = bearer(people["defence_agent"])
    shortlisted = Client().post(url, {"action": "shortlist"}, content_type="application/json", headers=agent)
    assert shortlisted.json()["status"] == "shortlisted"
    withdrawn = Client().post(url, {"action": "withdraw"}, content_type="application/json", headers=member)
    assert withdrawn.json()["status"] == "withdrawn"
    mine = Client().get("/api/v1/responses", headers=member).json()
    assert [r["id"] for r in mine] == [response_id]


def test_bad_input_gets_french_messages(people, publisher):
    headers = bearer(people["defence_agent"])
    for extra, message in [
        ({"capabilities": ["teleportation"]}, "Capacité"),
        ({"objective": 9}, "objectif"),
        ({"description": "NATO SECRET annex"}, "mention de protection"),
        ({"deadline": in_days(-1).isoformat()}, "date limite"),
    ]:
        answer = Client().post(
            "/api/v1/opportunities", _payload(publisher, **extra), content_type="application/json", headers=headers
        )
        assert answer.status_code == 400 and message.lower() in answer.json()["detail"].lower(), (extra, answer.content)
    assert not Opportunity.objects.exists()
