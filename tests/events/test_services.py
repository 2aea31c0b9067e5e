"""Events: publishing, registration rules, moderation, the waiting list with time-limited offers,
check-in, reminders, cancellation, calendars and retention."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from synergies.events import calendars, personal_data, services
from synergies.events.enums import Attendance
from synergies.events.enums import RegistrationStatus as S
from synergies.events.models import Registration
from tests.events.fixtures import in_days
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mails_at_once")]


def register(event, n, *, actor=None, organisation=None, now=None):
    return services.registration_create(
        actor=actor, event=event, name=f"Personne {n}", email=f"p{n}@exemple.fr", organisation=organisation, now=now
    )


def ics_of(message):
    """The METHOD of the e-mail's calendar part (Content-Type) and the parsed VEVENT."""
    for attachment in message.attachments:
        content_type = attachment.get_content_type()
        if content_type == "text/calendar":
            calendar = icalendar.Calendar.from_ical(attachment.get_content())
            return attachment.get_param("method"), calendar, calendar.walk("VEVENT")[0]
    return None, None, None


def test_a_registration_to_an_open_event_is_confirmed_with_a_calendar_request(event):
    registration = register(event, 1)
    assert registration.status == S.CONFIRMED
    message = mail.outbox[-1]
    assert message.to == ["p1@exemple.fr"]
    method, calendar, vevent = ics_of(message)
    assert method == "REQUEST" and calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]) == calendars.registration_uid(registration)
    assert vevent["SEQUENCE"] == event.sequence + registration.sequence
    assert vevent.decoded("DTSTART") == event.starts_at


def test_registering_twice_is_refused_and_leaves_one_registration(event):
    register(event, 1)
    with pytest.raises(ApplicationError, match="déjà inscrit"):
        services.registration_create(actor=None, event=event, name="Encore", email="P1@exemple.fr")
    assert event.registrations.count() == 1


def test_registration_outside_its_window_is_refused(make_event):
    later = make_event(registration_opens_at=in_days(5), registration_closes_at=in_days(10))
    with pytest.raises(ApplicationError, match="ouvrent le"):
        register(later, 1)
    with pytest.raises(ApplicationError, match="closes"):
        register(later, 2, now=in_days(11))
    draft = make_event(publish=False, title="Brouillon (test)")
    with pytest.raises(ApplicationError, match="pas encore publié"):
        register(draft, 3)
    assert not Registration.objects.exists()


def test_a_full_event_puts_the_next_person_on_the_waiting_list(make_event):
    event = make_event(capacity=2)
    register(event, 1), register(event, 2)
    third = register(event, 3)
    assert third.status == S.WAITLISTED and third.position == 1
    assert "liste d'attente" in mail.outbox[-1].subject
    assert ics_of(mail.outbox[-1])[0] is None  # no calendar entry for a seat one does not have


def test_a_freed_seat_is_offered_to_the_first_in_line_for_a_limited_time(make_event, settings):
    settings.SYNERGIES_EVENTS_OFFER_HOURS = 24
    event = make_event(capacity=1)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    now = timezone.now()
    services.registration_transition(actor=None, registration=first, name="withdraw", token=first.token, now=now)
    second.refresh_from_db(), third.refresh_from_db()
    assert second.status == S.OFFERED and third.status == S.WAITLISTED
    assert second.offer_expires_at == now + datetime.timedelta(hours=24)
    assert any(m.to == ["p2@exemple.fr"] and "place se libère" in m.subject for m in mail.outbox)
    # The offer lapses: the scheduler gives the seat to the next person.
    assert services.offers_expire(now=now + datetime.timedelta(hours=25)) == 1
    second.refresh_from_db(), third.refresh_from_db()
    assert second.status == S.OFFER_EXPIRED and third.status == S.OFFERED
    services.registration_transition(actor=None, registration=third, name="accept_offer", token=third.token)
    third.refresh_from_db()
    assert third.status == S.CONFIRMED
    assert event.registrations.holding_seat().count() == 1


def test_the_first_withdrawal_cancels_the_calendar_entry(event):
    registration = register(event, 1)
    sequence_before = event.sequence + registration.sequence
    services.registration_transition(actor=None, registration=registration, name="withdraw", token=registration.token)
    method, _, vevent = ics_of(mail.outbox[-1])
    assert method == "CANCEL" and vevent["STATUS"] == "CANCELLED"
    assert str(vevent["UID"]) == calendars.registration_uid(registration)
    assert vevent["SEQUENCE"] > sequence_before


def test_only_the_registered_person_or_the_link_holder_withdraws(event):
    registration = register(event, 1)
    stranger = UserFactory()
    with pytest.raises(ApplicationError, match="Seule la personne inscrite"):
        services.registration_transition(actor=stranger, registration=registration, name="withdraw")
    with pytest.raises(ApplicationError):
        services.registration_transition(actor=None, registration=registration, name="withdraw", token="faux")
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_moderation_keeps_a_seat_pending_and_refusal_needs_a_reason(make_event, organiser):
    event = make_event(moderated=True, capacity=1)
    registration = register(event, 1)
    assert registration.status == S.PENDING
    assert any("à valider" in m.subject and "organisateur@exemple.fr" in m.to for m in mail.outbox)
    waiting = register(event, 2)
    assert waiting.status == S.WAITLISTED
    with pytest.raises(ApplicationError, match="motif du refus est obligatoire"):
        services.registration_transition(actor=organiser, registration=registration, name="refuse")
    services.registration_transition(
        actor=organiser, registration=registration, name="refuse", reason="Public visé : PME."
    )
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    # An accepted offer of a moderated event still goes through the organiser.
    services.registration_transition(actor=None, registration=waiting, name="accept_offer", token=waiting.token)
    waiting.refresh_from_db()
    assert waiting.status == S.PENDING
    services.registration_transition(actor=organiser, registration=waiting, name="confirm")
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED and waiting.decided_by == organiser


def test_a_participant_cannot_decide_and_an_organiser_of_another_event_cannot_either(make_event):
    event = make_event(moderated=True)
    registration = register(event, 1)
    other_organiser = MembershipFactory(organisation=OrganisationFactory()).user
    for actor in (other_organiser, UserFactory()):
        with pytest.raises(ApplicationError, match="organisateurs"):
            services.registration_transition(actor=actor, registration=registration, name="confirm")


def test_the_cap_per_organisation_refuses_a_third_person(make_event, company):
    event = make_event(per_organisation_cap=2)
    member = MembershipFactory(organisation=company).user
    register(event, 1, actor=member, organisation=company)
    register(event, 2, actor=member, organisation=company)
    with pytest.raises(ApplicationError, match="au plus 2 personne"):
        register(event, 3, actor=member, organisation=company)
    assert event.registrations.count() == 2


def test_registering_for_an_organisation_one_is_not_member_of_is_refused(event, company):
    with pytest.raises(ApplicationError, match="dont vous êtes membre"):
        register(event, 1, actor=UserFactory(), organisation=company)


def test_seats_reserved_for_regional_smes_go_to_them_only(make_event, bretagne):
    event = make_event(capacity=2, reserved_sme_seats=1)
    large = OrganisationFactory(territory=bretagne, category="GE")
    sme = OrganisationFactory(territory=bretagne, category="PME")
    large_member, sme_member = MembershipFactory(organisation=large).user, MembershipFactory(organisation=sme).user
    assert register(event, 1, actor=large_member, organisation=large).status == S.CONFIRMED
    assert register(event, 2, actor=large_member, organisation=None).status == S.WAITLISTED
    assert register(event, 3, actor=sme_member, organisation=sme).status == S.CONFIRMED


def test_the_organiser_reorders_the_waiting_list_only_with_a_reason(make_event, organiser):
    event = make_event(capacity=1)
    register(event, 1)
    second, third = register(event, 2), register(event, 3)
    with pytest.raises(ApplicationError, match="pourquoi"):
        services.waitlist_move(actor=organiser, registration=third, position=1, reason="")
    services.waitlist_move(actor=organiser, registration=third, position=1, reason="Intervenant du programme.")
    assert list(event.registrations.waiting()) == [third, second]
    entry = AuditEntry.objects.get(action="waitlist_moved")
    assert entry.changes["reason"] == [None, "Intervenant du programme."]


def test_check_in_by_code_refuses_another_events_code_and_a_second_scan(make_event, organiser):
    event, other = make_event(), make_event(title="Autre (test)")
    registration, foreign = register(event, 1), register(other, 2)
    arrived = services.checkin(actor=organiser, event=event, code=registration.checkin_code.lower())
    assert arrived.attendance == Attendance.PRESENT and arrived.checked_in_at
    with pytest.raises(ApplicationError, match="déjà accueilli"):
        services.checkin(actor=organiser, event=event, code=registration.checkin_code)
    with pytest.raises(ApplicationError, match="autre événement"):
        services.checkin(actor=organiser, event=event, code=foreign.checkin_code)
    with pytest.raises(ApplicationError, match="organisateurs"):
        services.checkin(actor=UserFactory(), event=event, code=registration.checkin_code)


def test_self_check_in_opens_an_hour_before_the_start(event):
    registration = register(event, 1)
    with pytest.raises(ApplicationError, match="une heure avant"):
        services.self_checkin(registration=registration, token=registration.token)
    services.self_checkin(
        registration=registration, token=registration.token, now=event.starts_at - datetime.timedelta(minutes=30)
    )
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT


def test_reminders_never_reach_those_registered_after_the_rule_and_go_once(make_event):
    event = make_event(reminder_days=[7, 1])
    early = register(event, 1)
    seven_days_before = event.starts_at - datetime.timedelta(days=7)
    late = register(event, 2)
    Registration.objects.filter(pk=early.pk).update(created_at=seven_days_before - datetime.timedelta(days=1))
    Registration.objects.filter(pk=late.pk).update(created_at=seven_days_before + datetime.timedelta(hours=1))
    mail.outbox.clear()
    assert services.reminders_send(now=seven_days_before + datetime.timedelta(hours=2)) == 1
    assert [m.to for m in mail.outbox] == [["p1@exemple.fr"]] and "J-7" in mail.outbox[0].subject
    assert services.reminders_send(now=seven_days_before + datetime.timedelta(hours=3)) == 0
    # J-1: both were registered by then.
    assert services.reminders_send(now=event.starts_at - datetime.timedelta(hours=20)) == 2


def test_reminders_stay_dormant_until_the_event_is_published(make_event, organiser):
    event = make_event(publish=False, reminder_days=[7])
    assert services.reminders_send(now=event.starts_at - datetime.timedelta(days=2)) == 0


def test_a_change_of_time_sends_an_update_with_a_higher_sequence(event, organiser, organiser_org):
    registration = register(event, 1)
    first_sequence = ics_of(mail.outbox[-1])[2]["SEQUENCE"]
    mail.outbox.clear()
    services.event_save(
        actor=organiser,
        organiser=organiser_org,
        event=event,
        fields={"starts_at": event.starts_at + datetime.timedelta(hours=1), "ends_at": event.ends_at},
    )
    method, _, vevent = ics_of(mail.outbox[-1])
    assert method == "REQUEST" and "modifié" in mail.outbox[-1].subject
    assert vevent["SEQUENCE"] == first_sequence + 1
    assert str(vevent["UID"]) == calendars.registration_uid(registration)
    assert vevent.decoded("DTSTAMP") == event.changed_at.replace(microsecond=0)


def test_cancelling_the_event_cancels_every_registration_with_a_calendar_cancel(make_event, organiser):
    event = make_event(capacity=1)
    register(event, 1), register(event, 2)
    mail.outbox.clear()
    with pytest.raises(ApplicationError, match="motif"):
        services.event_cancel(actor=organiser, event=event, reason=" ")
    services.event_cancel(actor=organiser, event=event, reason="Alerte météo.")
    assert set(event.registrations.values_list("status", flat=True)) == {S.CANCELLED}
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@exemple.fr", "p2@exemple.fr"]
    assert {ics_of(m)[0] for m in mail.outbox} == {"CANCEL"}


def test_the_event_feed_parses_back_with_stable_uids(event, make_event):
    make_event(title="Second (test)")
    feed = icalendar.Calendar.from_ical(calendars.events_feed([event], "Agenda"))
    vevent = feed.walk("VEVENT")[0]
    assert feed["METHOD"] == "PUBLISH"
    assert str(vevent["UID"]) == calendars.event_uid(event) and str(vevent["SUMMARY"]) == event.title


def test_retention_anonymises_registrations_but_keeps_what_is_counted(make_event, settings, company):
    settings.SYNERGIES_RETENTION_EVENT_REGISTRATION_DAYS = 30
    event = make_event()
    member = MembershipFactory(organisation=company).user
    registration = register(event, 1, actor=member, organisation=company)
    assert personal_data.registrations_anonymise(now=event.ends_at + datetime.timedelta(days=29)) == 0
    assert personal_data.registrations_anonymise(now=event.ends_at + datetime.timedelta(days=31)) == 1
    registration.refresh_from_db()
    assert registration.name == personal_data.ERASED_NAME and "p1@" not in registration.email
    assert registration.organisation == company and registration.status == S.CONFIRMED


def test_a_marking_in_the_description_is_refused(organiser, organiser_org):
    from tests.events.fixtures import event_fields

    with pytest.raises(ApplicationError, match="(?i)mention"):
        services.event_save(
            actor=organiser, organiser=organiser_org, fields=event_fields(description="DIFFUSION RESTREINTE — plan")
        )


def test_only_an_organisations_people_publish_in_its_name(organiser_org):
    from tests.events.fixtures import event_fields

    with pytest.raises(ApplicationError, match="au nom d'une organisation"):
        services.event_save(actor=UserFactory(), organiser=organiser_org, fields=event_fields())


def test_the_scheduler_passes_a_lapsed_offer_to_the_next_person(make_event):
    from django.core.management import call_command

    event = make_event(capacity=1)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    services.registration_transition(actor=None, registration=first, name="withdraw", token=first.token)
    Registration.objects.filter(pk=second.pk).update(offer_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("run_scheduler", "--once")
    second.refresh_from_db(), third.refresh_from_db()
    assert (second.status, third.status) == (S.OFFER_EXPIRED, S.OFFERED)


def test_the_satisfaction_survey_goes_once_to_those_who_came(make_event, organiser):
    event = make_event()
    came, absent = register(event, 1), register(event, 2)
    services.attendance_mark(actor=organiser, registration=absent, attendance="absent")
    mail.outbox.clear()
    assert services.surveys_send(now=event.ends_at - datetime.timedelta(minutes=1)) == 0  # not over yet
    assert services.surveys_send(now=event.ends_at + datetime.timedelta(hours=1)) == 1
    assert [m.to for m in mail.outbox] == [["p1@exemple.fr"]] and came.token in mail.outbox[0].body
    assert services.surveys_send(now=event.ends_at + datetime.timedelta(hours=2)) == 0


def test_a_full_session_is_refused_with_its_name_and_a_withdrawal_frees_it(make_event, organiser):
    event = make_event()
    workshop = services.session_add(
        actor=organiser,
        event=event,
        title="Atelier drones",
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=1),
        capacity=1,
    )
    first = services.registration_create(actor=None, event=event, name="A", email="a@exemple.fr", sessions=[workshop])
    with pytest.raises(ApplicationError, match="Complet : Atelier drones"):
        services.registration_create(actor=None, event=event, name="B", email="b@exemple.fr", sessions=[workshop])
    assert event.registrations.count() == 1
    services.registration_transition(actor=None, registration=first, name="withdraw", token=first.token)
    assert services.session_seats_left(workshop) == 1
    with pytest.raises(ApplicationError, match="pendant l'événement"):
        services.session_add(
            actor=organiser,
            event=event,
            title="Hors horaires",
            starts_at=event.ends_at,
            ends_at=event.ends_at + datetime.timedelta(hours=1),
            capacity=None,
        )
