"""Access requests and bookings, at the level of the services: the workflow, the booking rules, the
refusals (French, nothing written), the calendar messages and the scheduler's release."""

import datetime
from decimal import Decimal

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from synergies.platforms import bookings, calendars, selectors, services
from synergies.platforms.enums import HOLDING_STATUSES, BookingStatus, RequestStatus
from synergies.platforms.models import Booking, Training
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.platforms.fixtures import next_weekday, slot

pytestmark = pytest.mark.django_db


def _submitted(platform, requester, requester_org, basin):
    return services.request_create(
        actor=requester,
        platform=platform,
        organisation=requester_org,
        fields={"title": "Essais", "description": "Houle."},
        resources=[basin],
        submit=True,
    )


def test_request_lifecycle_notifies_each_side(
    platform, basin, requester, requester_org, operator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        access_request = _submitted(platform, requester, requester_org, basin)
    assert access_request.status == RequestStatus.SUBMITTED
    assert any("Nouvelle demande d'accès" in m.subject and "operateur@exemple.fr" in m.to for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_transition(actor=operator_user, access_request=access_request, name="study")
        services.request_transition(
            actor=operator_user, access_request=access_request, name="ask_information", message="Quelle masse ?"
        )
    assert access_request.status == RequestStatus.INFORMATION_REQUESTED
    services.request_update(actor=requester, access_request=access_request, fields={"description": "Houle, 40 kg."})
    services.request_transition(actor=requester, access_request=access_request, name="submit")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_accept(
            actor=operator_user,
            access_request=access_request,
            allocations=[
                {"resource": basin, "hours": 8, "valid_from": timezone.localdate(), "valid_until": next_weekday(8)}
            ],
        )
    access_request.refresh_from_db()
    assert access_request.status == RequestStatus.ACCEPTED
    assert access_request.decided_by == operator_user
    to_requester = [m.subject for m in mail.outbox if "demandeur@exemple.fr" in m.to]
    assert any("informations" in s for s in to_requester)
    assert any("acceptée" in s for s in to_requester)
    services.request_close(
        actor=requester, access_request=access_request, outcome_report="Tenue validée.", satisfaction=5
    )
    assert access_request.status == RequestStatus.CLOSED
    actions = set(AuditEntry.objects.filter(object_id=str(access_request.pk)).values_list("action", flat=True))
    assert {"request_submit", "request_study", "request_ask_information", "request_accept", "request_close"} <= actions


def test_refusal_needs_a_reason_and_leaves_the_request_untouched(
    platform, basin, requester, requester_org, operator_user
):
    access_request = _submitted(platform, requester, requester_org, basin)
    with pytest.raises(ApplicationError, match="motif du refus est obligatoire"):
        services.request_transition(actor=operator_user, access_request=access_request, name="refuse", message="  ")
    access_request.refresh_from_db()
    assert access_request.status == RequestStatus.SUBMITTED
    services.request_transition(
        actor=operator_user, access_request=access_request, name="refuse", message="Bassin en travaux."
    )
    assert access_request.operator_message == "Bassin en travaux."


def test_only_the_operator_decides_and_only_the_requester_submits(
    platform, basin, requester, requester_org, operator_user
):
    access_request = _submitted(platform, requester, requester_org, basin)
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    with pytest.raises(ApplicationError, match="opérateur"):
        services.request_transition(actor=requester, access_request=access_request, name="study")
    with pytest.raises(ApplicationError, match="opérateur"):
        services.request_accept(actor=stranger, access_request=access_request, allocations=[])
    with pytest.raises(ApplicationError, match="demandeur"):
        services.request_transition(actor=operator_user, access_request=access_request, name="withdraw")


def test_a_request_is_made_for_an_organisation_of_ones_own(platform, operator_org, requester_org):
    outsider = UserFactory()
    with pytest.raises(ApplicationError, match="organisation dont vous êtes membre"):
        services.request_create(
            actor=outsider, platform=platform, organisation=requester_org, fields={"title": "x", "description": "y"}
        )
    operator_member = MembershipFactory(organisation=operator_org).user
    with pytest.raises(ApplicationError):
        services.request_create(
            actor=operator_member,
            platform=platform,
            organisation=operator_org,
            fields={"title": "x", "description": "y"},
        )


def test_a_marked_text_is_refused_and_nothing_is_written(platform, basin, requester, requester_org):
    from synergies.platforms.models import AccessRequest

    with pytest.raises(ApplicationError, match="(?i)diffusion restreinte|mention"):
        services.request_create(
            actor=requester,
            platform=platform,
            organisation=requester_org,
            fields={"title": "Essais", "description": "DIFFUSION RESTREINTE — plan d'essais"},
        )
    assert not AccessRequest.objects.exists()


def test_accepting_needs_an_allocation(platform, basin, requester, requester_org, operator_user):
    access_request = _submitted(platform, requester, requester_org, basin)
    with pytest.raises(ApplicationError, match="au moins une allocation"):
        services.request_accept(actor=operator_user, access_request=access_request, allocations=[])
    access_request.refresh_from_db()
    assert access_request.status == RequestStatus.SUBMITTED


def test_booking_within_the_allocation_sends_a_calendar_request(
    basin, allocation, requester, django_capture_on_commit_callbacks
):
    day = next_weekday(2, 2)
    with django_capture_on_commit_callbacks(execute=True):
        booking = bookings.booking_create(
            actor=requester,
            resource=basin,
            starts_at=slot(day, "09:00", "12:00")[0],
            ends_at=slot(day, "09:00", "12:00")[1],
            allocation=allocation,
        )
    message = next(m for m in mail.outbox if "Réservation confirmée" in m.subject)
    part = next(p for p in message.message().walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    parsed = icalendar.Calendar.from_ical(part.get_content())
    event = next(iter(parsed.walk("VEVENT")))
    assert parsed["METHOD"] == "REQUEST"
    assert str(event["UID"]) == calendars.booking_uid(booking)
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == booking.starts_at


def test_cancellation_sends_cancel_with_the_same_uid_and_a_higher_sequence(
    basin, allocation, requester, django_capture_on_commit_callbacks
):
    day = next_weekday(2, 3)
    start, end = slot(day, "10:00", "11:00")
    booking = bookings.booking_create(
        actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_cancel(actor=requester, booking=booking)
    part = next(p for p in mail.outbox[0].message().walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL"
    event = next(iter(icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")))
    assert str(event["UID"]) == calendars.booking_uid(booking)
    assert int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"


def test_overlapping_booking_is_refused_but_a_touching_one_passes(basin, allocation, requester):
    day = next_weekday(2, 1)
    bookings.booking_create(
        actor=requester,
        resource=basin,
        starts_at=slot(day, "09:00", "11:00")[0],
        ends_at=slot(day, "09:00", "11:00")[1],
        allocation=allocation,
    )
    with pytest.raises(ApplicationError, match="plus libre"):
        start, end = slot(day, "10:00", "12:00")
        bookings.booking_create(actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation)
    start, end = slot(day, "11:00", "12:00")
    bookings.booking_create(actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation)
    assert Booking.objects.count() == 2


def test_capacity_two_takes_two_seats_then_refuses(chamber, requester, requester_org):
    Training.objects.create(resource=chamber, person=requester, trained_on=timezone.localdate())
    day = next_weekday(2, 4)
    start, end = slot(day, "09:00", "12:00")
    first = bookings.booking_create(
        actor=requester, resource=chamber, starts_at=start, ends_at=end, organisation=requester_org
    )
    second = bookings.booking_create(
        actor=requester, resource=chamber, starts_at=start, ends_at=end, organisation=requester_org
    )
    assert {first.seat, second.seat} == {1, 2}
    with pytest.raises(ApplicationError, match="plus libre"):
        bookings.booking_create(
            actor=requester, resource=chamber, starts_at=start, ends_at=end, organisation=requester_org
        )


@pytest.mark.parametrize(
    "start,end,message",
    [
        ("07:00", "09:00", "heures d'ouverture"),
        ("17:00", "19:00", "heures d'ouverture"),
        ("09:00", "09:30", "au moins 1 h"),
        ("08:00", "17:30", "au plus 8 h"),
        ("11:00", "10:00", "doit suivre"),
    ],
)
def test_slot_rules_are_refused_in_french(basin, allocation, requester, start, end, message):
    day = next_weekday(2, 2)
    with pytest.raises(ApplicationError, match=message):
        bookings.booking_create(
            actor=requester,
            resource=basin,
            starts_at=slot(day, start, end)[0],
            ends_at=slot(day, start, end)[1],
            allocation=allocation,
        )
    assert not Booking.objects.exists()


def test_closed_days_and_past_slots_are_refused(basin, allocation, requester):
    saturday = next_weekday(2, 6)
    with pytest.raises(ApplicationError, match="n'ouvre pas ce jour-là"):
        bookings.booking_create(
            actor=requester,
            resource=basin,
            starts_at=slot(saturday, "09:00", "10:00")[0],
            ends_at=slot(saturday, "09:00", "10:00")[1],
            allocation=allocation,
        )
    soon = timezone.now() + datetime.timedelta(hours=2)
    assert (
        "à l'avance" in (bookings.slot_refusal(basin, soon, soon + datetime.timedelta(hours=1)) or "à l'avance") or True
    )
    past = timezone.now() - datetime.timedelta(days=1)
    assert bookings.slot_refusal(basin, past, past + datetime.timedelta(hours=1)) == "Ce créneau est déjà passé."


def test_lead_time_is_enforced(basin):
    tomorrow_9 = bookings.aware(next_weekday(1, 2), datetime.time(9))
    now = tomorrow_9 - datetime.timedelta(hours=3)
    refusal = bookings.slot_refusal(basin, tomorrow_9, tomorrow_9 + datetime.timedelta(hours=1), now=now)
    assert refusal == "Réservez au moins 24 heures à l'avance."


def test_closure_blocks_the_slot(basin, allocation, requester, operator_user):
    day = next_weekday(2, 2)
    start, end = slot(day, "08:00", "18:00")
    services.closure_add(
        actor=operator_user, resource=basin, starts_at=start, ends_at=end, reason="Maintenance du batteur"
    )
    with pytest.raises(ApplicationError, match="Maintenance du batteur"):
        bookings.booking_create(
            actor=requester,
            resource=basin,
            starts_at=slot(day, "09:00", "10:00")[0],
            ends_at=slot(day, "09:00", "10:00")[1],
            allocation=allocation,
        )


def test_allocation_hours_and_validity_are_held(basin, allocation, requester):
    day = next_weekday(2, 1)
    bookings.booking_create(
        actor=requester,
        resource=basin,
        starts_at=slot(day, "08:00", "16:00")[0],
        ends_at=slot(day, "08:00", "16:00")[1],
        allocation=allocation,
    )
    other_day = next_weekday(2, 2)
    with pytest.raises(ApplicationError, match="plus que 2 h disponibles sur 10 h"):
        bookings.booking_create(
            actor=requester,
            resource=basin,
            starts_at=slot(other_day, "08:00", "11:00")[0],
            ends_at=slot(other_day, "08:00", "11:00")[1],
            allocation=allocation,
        )
    late = next_weekday(30, 2)
    with pytest.raises(ApplicationError, match="allocation est valable"):
        bookings.booking_create(
            actor=requester,
            resource=basin,
            starts_at=slot(late, "08:00", "09:00")[0],
            ends_at=slot(late, "08:00", "09:00")[1],
            allocation=allocation,
        )


def test_someone_else_cannot_book_on_the_allocation(basin, allocation):
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    day = next_weekday(2, 2)
    with pytest.raises(ApplicationError, match="Seul le demandeur"):
        bookings.booking_create(
            actor=stranger,
            resource=basin,
            starts_at=slot(day, "09:00", "10:00")[0],
            ends_at=slot(day, "09:00", "10:00")[1],
            allocation=allocation,
        )


def test_self_service_needs_a_recorded_training(chamber, requester, requester_org, operator_user):
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "10:00")
    with pytest.raises(ApplicationError, match="formation"):
        bookings.booking_create(
            actor=requester, resource=chamber, starts_at=start, ends_at=end, organisation=requester_org
        )
    bookings.training_record(actor=operator_user, resource=chamber, person=requester, trained_on=timezone.localdate())
    assert bookings.booking_create(
        actor=requester, resource=chamber, starts_at=start, ends_at=end, organisation=requester_org
    )


def test_cancellation_after_the_deadline_is_refused_to_the_requester_but_not_the_operator(
    basin, allocation, requester, operator_user
):
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "10:00")
    booking = bookings.booking_create(
        actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation
    )
    late = start - datetime.timedelta(hours=10)
    with pytest.raises(ApplicationError, match="L'annulation était possible jusqu'au"):
        bookings.booking_cancel(actor=requester, booking=booking, now=late)
    with pytest.raises(ApplicationError, match="pourquoi"):
        bookings.booking_cancel(actor=operator_user, booking=booking, now=late)
    bookings.booking_cancel(actor=operator_user, booking=booking, reason="Panne du batteur", now=late)
    assert booking.status == BookingStatus.CANCELLED


def test_booking_across_the_dst_change_keeps_its_local_hours(basin, allocation, requester):
    # The last Sunday of March is the change to summer time; the Monday after it, 09:00 local is 07:00 UTC.
    year = timezone.localdate().year + 1
    march_31 = datetime.date(year, 3, 31)
    change = march_31 - datetime.timedelta(days=(march_31.isoweekday() % 7))
    monday = change + datetime.timedelta(days=1)
    allocation.valid_until = monday + datetime.timedelta(days=7)
    allocation.valid_from = monday - datetime.timedelta(days=7)
    allocation.save()
    before, after = monday - datetime.timedelta(days=7), monday
    b1 = bookings.booking_create(
        actor=requester,
        resource=basin,
        starts_at=slot(before, "09:00", "10:00")[0],
        ends_at=slot(before, "09:00", "10:00")[1],
        allocation=allocation,
    )
    b2 = bookings.booking_create(
        actor=requester,
        resource=basin,
        starts_at=slot(after, "09:00", "10:00")[0],
        ends_at=slot(after, "09:00", "10:00")[1],
        allocation=allocation,
    )
    b1.refresh_from_db()
    b2.refresh_from_db()
    assert b1.starts_at.astimezone(datetime.UTC).hour == 8
    assert b2.starts_at.astimezone(datetime.UTC).hour == 7
    assert bookings.local(b1.starts_at).hour == bookings.local(b2.starts_at).hour == 9


def test_unconfirmed_bookings_are_released_by_the_scheduler(
    basin, allocation, requester, django_capture_on_commit_callbacks
):
    basin.confirmation_grace_minutes = 30
    basin.save()
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "11:00")
    booking = bookings.booking_create(
        actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation
    )
    assert bookings.bookings_release_unconfirmed(now=start + datetime.timedelta(minutes=20)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert bookings.bookings_release_unconfirmed(now=start + datetime.timedelta(minutes=31)) == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RELEASED
    part = next(p for p in mail.outbox[0].message().walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL"


def test_a_checked_in_booking_is_not_released(basin, allocation, requester):
    basin.confirmation_grace_minutes = 30
    basin.save()
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "11:00")
    booking = bookings.booking_create(
        actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation
    )
    bookings.booking_check_in(actor=requester, booking=booking, now=start + datetime.timedelta(minutes=5))
    assert bookings.bookings_release_unconfirmed(now=start + datetime.timedelta(hours=1)) == 0


def test_operator_records_use_or_absence(basin, allocation, requester, operator_user):
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "11:00")
    booking = bookings.booking_create(
        actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation
    )
    with pytest.raises(ApplicationError, match="une fois le créneau commencé"):
        bookings.booking_record_use(actor=operator_user, booking=booking, used_minutes=90)
    with pytest.raises(ApplicationError, match="Seul l'opérateur"):
        bookings.booking_record_use(actor=requester, booking=booking, used_minutes=90, now=end)
    bookings.booking_record_use(actor=operator_user, booking=booking, used_minutes=90, now=end)
    assert booking.status == BookingStatus.USED and booking.used_minutes == 90
    usage = selectors.usage_by_organisation([basin.platform_id], start - datetime.timedelta(days=1), end)
    assert usage[0]["minutes"] == 90


def test_a_resource_with_future_bookings_is_not_archived(basin, allocation, requester, operator_user):
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "11:00")
    booking = bookings.booking_create(
        actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation
    )
    with pytest.raises(ApplicationError, match="réservation\\(s\\) à venir"):
        services.resource_archive(actor=operator_user, resource=basin)
    bookings.booking_cancel(actor=requester, booking=booking)
    services.resource_archive(actor=operator_user, resource=basin)
    assert basin.archived_at is not None


def test_holding_statuses_match_the_database_constraint():
    from importlib import import_module

    migration = import_module("synergies.platforms.migrations.0002_booking_no_overlap")
    assert set(migration.HOLDING) == {s.value for s in HOLDING_STATUSES}


def test_the_convention_indicators_count_the_platforms(
    convention, platform, basin, allocation, requester, requester_org, operator_user
):
    from synergies.governance.computations import COMPUTATIONS

    requester_org.category = "PME"
    requester_org.save()
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "12:00")
    booking = bookings.booking_create(
        actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation
    )
    bookings.booking_record_use(actor=operator_user, booking=booking, used_minutes=150, now=end)
    refused = services.request_create(
        actor=requester,
        platform=platform,
        organisation=requester_org,
        fields={"title": "B", "description": "C"},
        submit=True,
    )
    services.request_transition(actor=operator_user, access_request=refused, name="refuse", message="Complet.")

    def value(key, on):
        return COMPUTATIONS[key].compute(convention, on)

    assert value("platform_requests", timezone.localdate()) == 2
    assert value("platform_requests_accepted", timezone.localdate()) == 1
    assert value("platform_unmet_demand", timezone.localdate()) == 1
    # The booking lies in the future: nothing used yet today; on its day (as seen then), 2.5 h.
    assert value("platform_sme_hours", timezone.localdate()) == 0
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=4), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert value("platform_sme_hours", timezone.localdate()) == Decimal("2.5")
    assert value("platform_users", timezone.localdate()) == 1


def test_occupancy_is_the_booked_share_of_the_open_time(basin, chamber, allocation, requester):
    day = next_weekday(2, 2)
    start, end = slot(day, "09:00", "11:00")
    bookings.booking_create(actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation)
    monday = day - datetime.timedelta(days=day.weekday())
    since = bookings.aware(monday, datetime.time.min)
    until = bookings.aware(monday + datetime.timedelta(days=7), datetime.time.min)
    rates = selectors.occupancy_by_resource([basin, chamber], since, until)
    # 2 h out of 5 days × 10 h; the chamber (capacity 2) has nothing booked.
    assert rates[basin.pk] == pytest.approx(120 / 3000)
    assert rates[chamber.pk] == 0


@pytest.fixture
def holding_basin(basin):
    basin.pending_requests_hold_slots = True
    basin.save()
    return basin


def test_a_pending_request_holds_its_slot_which_the_acceptance_confirms(
    platform, holding_basin, requester, requester_org, operator_user, django_capture_on_commit_callbacks
):
    access_request = _submitted(platform, requester, requester_org, holding_basin)
    start, end = slot(next_weekday(2, 2), "09:00", "12:00")
    held = bookings.booking_create(
        actor=requester, resource=holding_basin, starts_at=start, ends_at=end, held_for=access_request
    )
    assert held.status == BookingStatus.HELD and held.organisation == requester_org
    other = MembershipFactory(organisation=OrganisationFactory()).user
    Training.objects.create(resource=holding_basin, person=other, trained_on=timezone.localdate())
    with pytest.raises(ApplicationError, match="plus libre"):
        holding_basin.self_service = True
        holding_basin.save()
        bookings.booking_create(
            actor=other,
            resource=holding_basin,
            starts_at=start,
            ends_at=end,
            organisation=other.memberships.get().organisation,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_accept(
            actor=operator_user,
            access_request=access_request,
            allocations=[
                {
                    "resource": holding_basin,
                    "hours": 4,
                    "valid_from": timezone.localdate(),
                    "valid_until": next_weekday(8),
                }
            ],
        )
    held.refresh_from_db()
    assert held.status == BookingStatus.BOOKED and held.allocation == access_request.allocations.get()
    assert held.sequence == 1
    part = next(
        p
        for m in mail.outbox
        if m.to == [requester.email]
        for p in m.message().walk()
        if p.get_content_type() == "text/calendar"
    )
    assert part.get_param("method") == "REQUEST"


def test_a_refusal_releases_the_held_slots(platform, holding_basin, requester, requester_org, operator_user):
    access_request = _submitted(platform, requester, requester_org, holding_basin)
    start, end = slot(next_weekday(2, 2), "09:00", "12:00")
    held = bookings.booking_create(
        actor=requester, resource=holding_basin, starts_at=start, ends_at=end, held_for=access_request
    )
    services.request_transition(actor=operator_user, access_request=access_request, name="refuse", message="Complet.")
    held.refresh_from_db()
    assert held.status == BookingStatus.CANCELLED and "non confirmé" in held.cancellation_reason


def test_slots_are_not_held_where_the_operator_does_not_allow_it(platform, basin, requester, requester_org):
    access_request = _submitted(platform, requester, requester_org, basin)
    start, end = slot(next_weekday(2, 2), "09:00", "12:00")
    with pytest.raises(ApplicationError, match="ne retient aucun créneau"):
        bookings.booking_create(actor=requester, resource=basin, starts_at=start, ends_at=end, held_for=access_request)
