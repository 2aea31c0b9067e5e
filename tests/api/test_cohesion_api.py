"""Cohesion through the API, with the pages' permissions: a candidate applies, uploads and signs; the
referent reviews and moves the file; others see nothing of it."""

import datetime

import pytest
from django.test import Client

from synergies.cohesion import employers
from tests.api.test_directory_api import bearer
from tests.cohesion.fixtures import upload

pytestmark = pytest.mark.django_db


def test_apply_upload_review_through_the_api(mission, candidate, referent, other_candidate, people):
    as_candidate, as_referent = bearer(candidate), bearer(referent)
    body = {"first_name": "Anne", "last_name": "Le Goff", "birth_date": "1995-05-17", "conditions_confirmed": True}
    created = Client().post(
        f"/api/v1/reserve-missions/{mission.pk}/files", body, content_type="application/json", headers=as_candidate
    )
    assert created.status_code == 201, created.content
    file_id, document_id = created.json()["id"], created.json()["documents"][0]["id"]
    again = Client().post(
        f"/api/v1/reserve-missions/{mission.pk}/files", body, content_type="application/json", headers=as_candidate
    )
    assert again.status_code == 400 and "déjà un dossier" in again.json()["detail"]
    uploaded = Client().post(
        f"/api/v1/reserve-documents/{document_id}/upload", {"file": upload()}, headers=as_candidate
    )
    assert uploaded.status_code == 200 and uploaded.json()["status"] == "waiting"
    refused = Client().post(
        f"/api/v1/reserve-documents/{document_id}/review",
        {"action": "send_back"},
        content_type="application/json",
        headers=as_referent,
    )
    assert refused.status_code == 400 and "corriger" in refused.json()["detail"]
    reviewed = Client().post(
        f"/api/v1/reserve-documents/{document_id}/review",
        {"action": "validate"},
        content_type="application/json",
        headers=as_referent,
    )
    assert reviewed.json()["status"] == "validated"
    moved = Client().post(
        f"/api/v1/reserve-files/{file_id}/transition",
        {"action": "preselect"},
        content_type="application/json",
        headers=as_referent,
    )
    assert moved.json()["status"] == "preselected"
    board = Client().get("/api/v1/reserve-files/board", {"etat": "preselected"}, headers=as_referent).json()
    assert board["count"] == 1 and board["results"][0]["id"] == file_id
    for outsider in (other_candidate, people["coordinator"], people["org_member"]):
        assert Client().get(f"/api/v1/reserve-files/{file_id}", headers=bearer(outsider)).status_code == 404
    assert Client().get("/api/v1/reserve-files/board", headers=bearer(people["coordinator"])).status_code == 403
    assert [f["id"] for f in Client().get("/api/v1/reserve-files", headers=as_candidate).json()] == [file_id]


def test_commitments_public_and_recorded(company, people):
    employers.commitment_save(
        actor=people["org_admin"], organisation=company, fields={"kind": "spouse_pledge", "stage": "interested"}
    )
    assert Client().get(f"/api/v1/employers/{company.pk}/commitments").json() == []
    assert (
        len(Client().get(f"/api/v1/employers/{company.pk}/commitments", headers=bearer(people["org_member"])).json())
        == 1
    )
    payload = {"kind": "defence_partner_label", "stage": "signed", "signed_on": datetime.date.today().isoformat()}
    denied = Client().post(
        f"/api/v1/employers/{company.pk}/commitments",
        payload,
        content_type="application/json",
        headers=bearer(people["registered"]),
    )
    assert denied.status_code == 400
    created = Client().post(
        f"/api/v1/employers/{company.pk}/commitments",
        payload,
        content_type="application/json",
        headers=bearer(people["coordinator"]),
    )
    assert created.status_code == 201
    assert [c["kind"] for c in Client().get(f"/api/v1/employers/{company.pk}/commitments").json()] == [
        "defence_partner_label"
    ]


def test_public_youth_counts_and_private_profiles(people):
    assert Client().get("/api/v1/youth/counts").json()["partnerships"] == 0
    assert Client().get("/api/v1/spouse-profiles", headers=bearer(people["org_member"])).status_code == 403
    assert Client().get("/api/v1/reserve-missions/api-engagement").json()["ok"] is True
