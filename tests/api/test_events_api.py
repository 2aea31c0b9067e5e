"""Events through the API, with tokens: the same rules as the pages."""

import pytest
from django.test import Client

from synergies.events.models import Registration
from tests.api.test_directory_api import bearer
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mails_at_once")]


def _post(user, path, payload):
    return Client().post(f"/api/v1{path}", payload, content_type="application/json", headers=bearer(user))


def _get(user, path):
    return Client().get(f"/api/v1{path}", headers=bearer(user))


def test_events_are_public_and_filtered(event, make_event):
    make_event(title="Réservé (test)", visibility="partners")
    body = Client().get("/api/v1/events", {"q": "cyber"}).json()
    assert body["count"] == 1 and body["results"][0]["title"] == event.title
    assert body["results"][0]["seats_left"] is None and body["results"][0]["city"] == "Rennes"
    assert Client().get("/api/v1/events", {"type": "inconnu"}).status_code == 400


def test_register_wait_and_take_a_freed_seat_through_the_api(make_event, organiser):
    event = make_event(capacity=1)
    first, second = UserFactory(email="un@exemple.fr"), UserFactory(email="deux@exemple.fr")
    created = _post(first, f"/events/{event.pk}/registrations", {"name": "Un"})
    assert created.status_code == 201 and created.json()["status"] == "confirmed"
    waiting = _post(second, f"/events/{event.pk}/registrations", {"name": "Deux"})
    assert waiting.json()["status"] == "waitlisted" and waiting.json()["waiting_position"] == 1
    again = _post(second, f"/events/{event.pk}/registrations", {"name": "Deux"})
    assert again.status_code == 400 and "déjà inscrit" in again.json()["detail"]
    # Another person cannot act on someone's registration: it does not exist for them.
    assert (
        _post(second, f"/event-registrations/{created.json()['id']}/transition", {"action": "withdraw"}).status_code
        == 404
    )
    assert (
        _post(first, f"/event-registrations/{created.json()['id']}/transition", {"action": "withdraw"}).status_code
        == 200
    )
    mine = _get(second, "/event-registrations").json()
    assert [r["status"] for r in mine] == ["offered"]
    taken = _post(second, f"/event-registrations/{mine[0]['id']}/transition", {"action": "accept_offer"})
    assert taken.json()["status"] == "confirmed"


def test_organisers_list_registrations_and_check_in_others_cannot(event, organiser):
    person = UserFactory(email="p@exemple.fr")
    registration_id = _post(person, f"/events/{event.pk}/registrations", {"name": "P"}).json()["id"]
    code = Registration.objects.get(pk=registration_id).checkin_code
    assert _get(person, f"/events/{event.pk}/registrations").status_code == 403
    assert _post(person, f"/events/{event.pk}/checkin", {"code": code}).status_code == 403
    listed = _get(organiser, f"/events/{event.pk}/registrations").json()
    assert [r["email"] for r in listed] == ["p@exemple.fr"]
    checked = _post(organiser, f"/events/{event.pk}/checkin", {"code": code})
    assert checked.status_code == 200 and checked.json()["attendance"] == "present"
    twice = _post(organiser, f"/events/{event.pk}/checkin", {"code": code})
    assert twice.status_code == 400 and "déjà accueilli" in twice.json()["detail"]


def test_registering_for_someone_elses_organisation_is_refused(event, company):
    outsider = UserFactory()
    refused = _post(outsider, f"/events/{event.pk}/registrations", {"name": "X", "organisation_id": company.pk})
    assert refused.status_code == 400 and "membre" in refused.json()["detail"]
    member = MembershipFactory(organisation=company).user
    accepted = _post(member, f"/events/{event.pk}/registrations", {"name": "Y", "organisation_id": company.pk})
    assert accepted.status_code == 201 and accepted.json()["organisation_id"] == company.pk


def test_meetings_through_the_api(make_event, company, other_company):
    from synergies.events import services

    event = make_event(meetings_open=True)
    buyer = MembershipFactory(organisation=company, user__email="acheteur@exemple.fr").user
    supplier = MembershipFactory(organisation=other_company, user__email="fournisseur@exemple.fr").user
    services.registration_create(actor=buyer, event=event, name="Acheteur", email=buyer.email)
    supplied = services.registration_create(actor=supplier, event=event, name="Fournisseur", email=supplier.email)
    asked = _post(buyer, f"/events/{event.pk}/meetings", {"registration_id": supplied.pk, "note": "Titane ?"})
    assert asked.status_code == 201 and asked.json()["with_name"] == "Fournisseur"
    meeting_id = asked.json()["id"]
    assert _post(buyer, f"/event-meetings/{meeting_id}/action", {"action": "accept"}).status_code == 400
    assert _post(UserFactory(), f"/event-meetings/{meeting_id}/action", {"action": "accept"}).status_code == 404
    accepted = _post(supplier, f"/event-meetings/{meeting_id}/action", {"action": "accept"})
    assert accepted.json()["status"] == "accepted" and accepted.json()["with_name"] == "Acheteur"
    assert [m["status"] for m in _get(buyer, "/event-meetings").json()] == ["accepted"]
