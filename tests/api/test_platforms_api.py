"""Platforms through the API, with tokens: the same rules as the pages."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from synergies.platforms.models import AccessRequest, Booking
from tests.api.test_directory_api import bearer
from tests.factories import MembershipFactory, OrganisationFactory
from tests.platforms.fixtures import next_weekday, slot

pytestmark = pytest.mark.django_db


def _post(user, path, payload):
    return Client().post(f"/api/v1{path}", payload, content_type="application/json", headers=bearer(user))


def test_catalogue_is_public_and_filtered(platform, basin):
    body = Client().get("/api/v1/platforms", {"q": "houle"}).json()
    assert body["count"] == 1 and body["results"][0]["resources"][0]["name"] == "Bassin de houle"
    assert {t["category"] for t in body["results"][0]["tariffs"]} == {"sme", "lab"}
    assert Client().get("/api/v1/platforms", {"q": "anéchoïque"}).json()["count"] == 0
    assert Client().get("/api/v1/platforms", {"trl": "douze"}).status_code == 422


def test_request_accept_book_cancel_through_the_api(platform, basin, requester, requester_org, operator_user):
    created = _post(
        requester,
        f"/platforms/{platform.pk}/requests",
        {"organisation_id": requester_org.pk, "title": "Essais", "description": "Houle.", "resource_ids": [basin.pk]},
    )
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    request_id = created.json()["id"]
    # The requester cannot accept its own request; the operator can.
    refused = _post(requester, f"/platform-requests/{request_id}/accept", {"allocations": []})
    assert refused.status_code == 403
    until = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    accepted = _post(
        operator_user,
        f"/platform-requests/{request_id}/accept",
        {
            "allocations": [
                {
                    "resource_id": basin.pk,
                    "hours": 5,
                    "valid_from": timezone.localdate().isoformat(),
                    "valid_until": until,
                }
            ]
        },
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    allocation_id = accepted.json()["allocations"][0]["id"]
    day = next_weekday(2, 2)
    booked = _post(
        requester,
        f"/resources/{basin.pk}/bookings",
        {"starts_at": f"{day}T09:00:00", "ends_at": f"{day}T11:00:00", "allocation_id": allocation_id},
    )
    assert booked.status_code == 201
    assert Booking.objects.get().starts_at == slot(day, "09:00", "11:00")[0]  # no offset: Paris time
    overlapping = _post(
        requester,
        f"/resources/{basin.pk}/bookings",
        {"starts_at": f"{day}T10:00:00+01:00", "ends_at": f"{day}T12:00:00+01:00", "allocation_id": allocation_id},
    )
    assert overlapping.status_code == 400 and "plus libre" in overlapping.json()["detail"]
    cancelled = _post(requester, f"/platform-bookings/{booked.json()['id']}/cancel", {})
    assert cancelled.json()["status"] == "cancelled"


def test_another_organisation_sees_no_request(platform, basin, requester, requester_org, accepted_request):
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    assert Client().get("/api/v1/platform-requests", headers=bearer(stranger)).json() == []
    assert Client().get(f"/api/v1/platform-requests/{accepted_request.pk}", headers=bearer(stranger)).status_code == 404
    mine = Client().get("/api/v1/platform-requests", headers=bearer(requester)).json()
    assert [r["id"] for r in mine] == [accepted_request.pk]
    assert AccessRequest.objects.count() == 1


def test_availability_through_the_api(basin):
    day = next_weekday(2, 2)
    body = Client().get("/api/v1/platform-availability", {"du": day.isoformat(), "au": day.isoformat()}).json()
    assert body[0]["resource_name"] == "Bassin de houle" and body[0]["free_hours"] == 10
    assert Client().get("/api/v1/platform-availability").status_code == 400
