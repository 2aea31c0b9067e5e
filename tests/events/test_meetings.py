"""B2B meetings at an event: offers and requests, meeting requests with expiry and a cap, the placement
(automatic and by hand), the calendar invitations, outcomes and the convention's indicators."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from synergies.core.exceptions import ApplicationError
from synergies.events import calendars, meetings, services, suggestions
from synergies.events.enums import MeetingStatus as M
from synergies.events.models import MeetingRequest
from synergies.governance.computations import COMPUTATIONS
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mails_at_once")]


@pytest.fixture
def fair(make_event, organiser):
    event = make_event(kind="business_meetings", meetings_open=True, max_open_meeting_requests=2)
    meetings.slots_add(
        actor=organiser,
        event=event,
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=1),
        minutes=20,
        tables=2,
    )
    return event


@pytest.fixture
def participants(fair, bretagne):
    """Four participants with accounts, each of their own company."""
    result = []
    for _n, name in enumerate(["Acheteur", "Usineur", "Composites", "Radars"]):
        organisation = OrganisationFactory(name=f"{name} (test)", territory=bretagne, category="PME")
        user = MembershipFactory(organisation=organisation, user__email=f"{name.lower()}@exemple.fr").user
        registration = services.registration_create(
            actor=user, event=fair, name=name, email=user.email, organisation=organisation
        )
        result.append((user, registration))
    return result


def test_the_block_becomes_slots_with_their_tables(fair):
    assert [(s.tables, (s.ends_at - s.starts_at).seconds // 60) for s in fair.meeting_slots.all()] == [(2, 20)] * 3


def test_a_request_is_accepted_placed_and_arrives_in_both_calendars(fair, participants, organiser):
    (buyer, _buyer_reg), (maker, maker_reg) = participants[0], participants[1]
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg, note="Usinage titane ?")
    assert any(m.to == ["usineur@exemple.fr"] and "Demande de rendez-vous" in m.subject for m in mail.outbox)
    meetings.meeting_answer(actor=maker, meeting=meeting, accept=True)
    mail.outbox.clear()
    placement = meetings.meetings_schedule(actor=organiser, event=fair)
    meeting.refresh_from_db()
    assert placement.unscheduled == [] and meeting.slot is not None and meeting.table == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["acheteur@exemple.fr", "usineur@exemple.fr"]
    part = next(p for p in mail.outbox[0].attachments if p.get_content_type() == "text/calendar")
    vevent = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert part.get_param("method") == "REQUEST" and str(vevent["UID"]) == calendars.meeting_uid(meeting)
    assert vevent.decoded("DTSTART") == meeting.slot.starts_at


def test_bad_requests_are_refused(fair, participants):
    (buyer, buyer_reg), (maker, maker_reg) = participants[0], participants[1]
    with pytest.raises(ApplicationError, match="soi-même"):
        meetings.meeting_request(actor=buyer, event=fair, requested=buyer_reg)
    meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    with pytest.raises(ApplicationError, match="déjà demandé"):
        meetings.meeting_request(actor=maker, event=fair, requested=buyer_reg)  # the other way round too
    meetings.meeting_request(actor=buyer, event=fair, requested=participants[2][1])
    with pytest.raises(ApplicationError, match="au plus 2"):
        meetings.meeting_request(actor=buyer, event=fair, requested=participants[3][1])
    with pytest.raises(ApplicationError, match="participants confirmés"):
        meetings.meeting_request(actor=UserFactory(), event=fair, requested=maker_reg)
    with pytest.raises(ApplicationError, match="sollicitée"):
        meetings.meeting_answer(actor=buyer, meeting=MeetingRequest.objects.first(), accept=True)
    assert MeetingRequest.objects.count() == 2


def test_an_unanswered_request_expires_and_blocks_nothing(fair, participants):
    (buyer, _), (_, maker_reg) = participants[0], participants[1]
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    assert meetings.meeting_requests_expire(now=meeting.expires_at + datetime.timedelta(minutes=1)) == 1
    meeting.refresh_from_db()
    assert meeting.status == M.EXPIRED
    meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)  # asking again is possible


def test_nobody_is_placed_twice_in_a_slot_and_hand_placements_stay(fair, participants, organiser):
    users = [u for u, _ in participants]
    regs = [r for _, r in participants]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    made = []
    for a, b in pairs:
        fair.max_open_meeting_requests = 10
        fair.save(update_fields=["max_open_meeting_requests"])
        meeting = meetings.meeting_request(actor=users[a], event=fair, requested=regs[b])
        meetings.meeting_answer(actor=users[b], meeting=meeting, accept=True)
        made.append(meeting)
    last_slot = fair.meeting_slots.last()
    meetings.meeting_place(actor=organiser, meeting=made[0], slot=last_slot, table=2)
    placement = meetings.meetings_schedule(actor=organiser, event=fair)
    assert placement.unscheduled == []  # 6 meetings of 4 participants: 3 slots × 2 tables suffice
    placed = list(MeetingRequest.objects.filter(slot__isnull=False))
    seen = set()
    for meeting in placed:
        for person in (meeting.requester_id, meeting.requested_id):
            assert (person, meeting.slot_id) not in seen
            seen.add((person, meeting.slot_id))
    made[0].refresh_from_db()
    assert (made[0].slot, made[0].table, made[0].placed_by_hand) == (last_slot, 2, True)
    with pytest.raises(ApplicationError, match="déjà un rendez-vous"):
        meetings.meeting_place(actor=organiser, meeting=made[1], slot=last_slot, table=1)  # 0 meets 1 then


def test_unavailability_is_respected(fair, participants, organiser):
    (buyer, _buyer_reg), (maker, maker_reg) = participants[0], participants[1]
    slots = list(fair.meeting_slots.all())
    meetings.unavailability_set(actor=maker, event=fair, slots=slots[:2])
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    meetings.meeting_answer(actor=maker, meeting=meeting, accept=True)
    meetings.meetings_schedule(actor=organiser, event=fair)
    meeting.refresh_from_db()
    assert meeting.slot == slots[2]


def test_cancelling_a_placed_meeting_sends_a_calendar_cancel(fair, participants, organiser):
    (buyer, _), (maker, maker_reg) = participants[0], participants[1]
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    meetings.meeting_answer(actor=maker, meeting=meeting, accept=True)
    meetings.meetings_schedule(actor=organiser, event=fair)
    mail.outbox.clear()
    meetings.meeting_cancel(actor=maker, meeting=meeting)
    methods = {
        p.get_param("method") for m in mail.outbox for p in m.attachments if p.get_content_type() == "text/calendar"
    }
    assert methods == {"CANCEL"} and len(mail.outbox) == 2


def test_outcomes_feed_the_indicators(fair, participants, organiser, convention):
    (buyer, _), (maker, maker_reg) = participants[0], participants[1]
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    meetings.meeting_answer(actor=maker, meeting=meeting, accept=True)
    meetings.meetings_schedule(actor=organiser, event=fair)
    meeting.refresh_from_db()
    with pytest.raises(ApplicationError, match="après un rendez-vous"):
        meetings.meeting_report(actor=buyer, meeting=meeting, outcome="took_place")
    later = meeting.slot.ends_at + datetime.timedelta(days=200)
    meetings.meeting_report(actor=buyer, meeting=meeting, outcome="possible_cooperation", now=meeting.slot.ends_at)
    meetings.meeting_report(actor=maker, meeting=meeting, follow_up="agreement", now=later)
    day = timezone.localtime(later).date()
    assert COMPUTATIONS["event_meetings"].compute(convention, day) == 1
    assert COMPUTATIONS["event_agreements"].compute(convention, day) == 1


def test_suggestions_put_the_matching_offer_first(fair, participants):
    from synergies.matching import small

    small.forget_vectors()
    (buyer, _), (maker, _), (composites, _) = participants[0], participants[1], participants[2]
    meetings.item_save(
        actor=maker,
        event=fair,
        fields={"kind": "business_offer", "title": "Usinage 5 axes", "description": "Pièces en titane et aluminium."},
    )
    meetings.item_save(
        actor=composites,
        event=fair,
        fields={"kind": "technology_offer", "title": "Drapage composite", "description": "Carbone pour drones."},
    )
    meetings.item_save(
        actor=buyer,
        event=fair,
        fields={"kind": "business_request", "title": "Sous-traitant usinage", "description": "Pièces titane."},
    )
    found = suggestions.whom_to_meet(participants[0][1])
    assert found[0].registration.name == "Usineur" and "Usinage 5 axes" in found[0].reason


def test_an_offer_cannot_name_an_opportunity_its_author_may_not_see(fair, participants, make_opportunity):
    hidden = make_opportunity(title="Besoin réservé aux partenaires", visibility="partners")
    with pytest.raises(ApplicationError, match="que vous pouvez voir"):
        meetings.item_save(
            actor=participants[1][0],
            event=fair,
            fields={"kind": "business_offer", "title": "Offre", "description": "Texte.", "opportunity": hidden},
        )


def test_a_placed_meeting_is_in_both_personal_calendars(client, fair, participants, organiser):
    from django.urls import reverse

    from synergies.accounts import services as account_services

    (buyer, _), (maker, maker_reg) = participants[0], participants[1]
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    meetings.meeting_answer(actor=maker, meeting=meeting, accept=True)
    meetings.meetings_schedule(actor=organiser, event=fair)
    for person in (buyer, maker):
        key = account_services.feed_key_regenerate(user=person)
        body = client.get(reverse("site:agenda") + f"?cle={key}").content.decode().replace("\r\n ", "")
        assert f"UID:{calendars.meeting_uid(meeting)}" in body
    outsider = account_services.feed_key_regenerate(user=participants[2][0])
    assert (
        calendars.meeting_uid(meeting) not in client.get(reverse("site:agenda") + f"?cle={outsider}").content.decode()
    )


def test_accepting_with_a_proposed_slot_places_the_meeting_there(fair, participants, organiser):
    (buyer, _), (maker, maker_reg) = participants[0], participants[1]
    last = fair.meeting_slots.last()
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    meetings.meeting_answer(actor=maker, meeting=meeting, accept=True, proposed_slot=last)
    meetings.meetings_schedule(actor=organiser, event=fair)
    meeting.refresh_from_db()
    assert meeting.slot == last


def test_the_reminder_lists_the_persons_placed_meetings(fair, participants, organiser):
    from synergies.events.models import ReminderRule

    (buyer, _buyer_reg), (maker, maker_reg) = participants[0], participants[1]
    meeting = meetings.meeting_request(actor=buyer, event=fair, requested=maker_reg)
    meetings.meeting_answer(actor=maker, meeting=meeting, accept=True)
    meetings.meetings_schedule(actor=organiser, event=fair)
    ReminderRule.objects.create(event=fair, days_before=1)
    mail.outbox.clear()
    services.reminders_send(now=fair.starts_at - datetime.timedelta(hours=12))
    reminder = next(m for m in mail.outbox if buyer.email in m.to)
    assert "Vos rendez-vous d'affaires" in reminder.body and "table 1 : Usineur" in reminder.body
