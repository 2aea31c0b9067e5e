"""Events pages: what each person sees and can do, and French messages on bad input."""

import html
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from synergies.events import services
from synergies.events.enums import RegistrationStatus as S
from synergies.events.models import Event, Registration
from tests.events.fixtures import in_days
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mails_at_once")]


def logged(client, user):
    client.force_login(user)
    return client


def test_a_visitor_registers_without_an_account_and_manages_it_from_the_link(client, event):
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {"name": "Anne Kervella", "email": "anne@exemple.fr", "consent_to_publish": "on"},
    )
    registration = Registration.objects.get()
    assert response.status_code == 302 and response.url == registration.get_absolute_url()
    page = client.get(response.url)
    assert "Confirmée" in page.content.decode() and registration.checkin_code in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    link = re.search(r"https?://\S+/evenements/inscription/\S+/", mail.outbox[-1].body).group(0)
    assert link.endswith(registration.get_absolute_url())
    client.post(reverse("events:registration_action", args=[registration.token]), {"action": "withdraw"})
    registration.refresh_from_db()
    assert registration.status == S.WITHDRAWN


def test_the_qr_code_is_an_svg_that_points_to_the_check_in_page_with_the_code(client, event):
    registration = services.registration_create(actor=None, event=event, name="A", email="a@exemple.fr")
    response = client.get(reverse("events:registration_qr", args=[registration.token]))
    assert response["Content-Type"] == "image/svg+xml" and response.content.startswith(b"<?xml")
    from synergies.events.documents import checkin_url

    assert checkin_url(registration).endswith(f"/evenements/{event.pk}/accueil/?code={registration.checkin_code}")


def test_a_bad_registration_gets_a_french_message_and_writes_nothing(client, event):
    services.registration_create(actor=None, event=event, name="A", email="a@exemple.fr")
    response = client.post(reverse("events:register", args=[event.pk]), {"name": "A bis", "email": "A@exemple.fr"})
    assert response.status_code == 400
    assert "déjà inscrit" in response.content.decode()
    response = client.post(reverse("events:register", args=[event.pk]), {"name": "", "email": "pas-un-email"})
    assert response.status_code == 400 and "Saisissez une adresse de courriel valide" in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_event_page_carries_schema_org_json_ld(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["location"]["address"] == "Rennes"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_participants_are_listed_only_with_their_consent(client, event):
    services.registration_create(
        actor=None, event=event, name="Publique", email="a@exemple.fr", consent_to_publish=True
    )
    services.registration_create(actor=None, event=event, name="Discrète", email="b@exemple.fr")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Publique" in page and "Discrète" not in page


def test_a_partners_event_and_a_draft_are_hidden_from_the_public(client, make_event, people):
    partners = make_event(title="Réservé aux partenaires", visibility="partners")
    draft = make_event(title="Brouillon caché", publish=False)
    for event in (partners, draft):
        assert client.get(event.get_absolute_url()).status_code == 404
    listing = client.get(reverse("events:list")).content.decode()
    assert "Réservé aux partenaires" not in listing and "Brouillon caché" not in listing
    agent = logged(client, people["defence_agent"])
    assert agent.get(partners.get_absolute_url()).status_code == 200
    assert agent.get(draft.get_absolute_url()).status_code == 404


def test_the_organiser_validates_refuses_with_a_reason_and_reorders(client, make_event, organiser):
    event = make_event(moderated=True, capacity=1)
    first = services.registration_create(actor=None, event=event, name="Premier", email="p1@exemple.fr")
    second = services.registration_create(actor=None, event=event, name="Second", email="p2@exemple.fr")
    third = services.registration_create(actor=None, event=event, name="Troisième", email="p3@exemple.fr")
    logged(client, organiser)
    page = client.get(reverse("events:manage", args=[event.pk])).content.decode()
    assert "Premier" in page and "Liste d’attente" in page
    decide = reverse("events:registration_decide", args=[first.pk])
    response = client.post(decide, {"action": "refuse", "reason": ""}, follow=True)
    assert "motif du refus est obligatoire" in response.content.decode()
    client.post(reverse("events:waitlist_move", args=[third.pk]), {"position": "1", "reason": "Intervenant."})
    client.post(decide, {"action": "refuse", "reason": "Réservé aux PME."})
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert (first.status, second.status, third.status) == (S.REFUSED, S.WAITLISTED, S.OFFERED)


def test_check_in_from_the_scanned_link_then_a_second_scan_is_refused(client, event, organiser):
    registration = services.registration_create(actor=None, event=event, name="Gwen", email="g@exemple.fr")
    logged(client, organiser)
    url = reverse("events:checkin", args=[event.pk])
    page = client.get(f"{url}?code={registration.checkin_code}").content.decode()
    assert "Gwen" in page and f'value="{registration.checkin_code}"' in page
    response = client.post(url, {"code": registration.checkin_code})
    assert response.status_code == 302
    response = client.post(url, {"code": registration.checkin_code})
    assert response.status_code == 400 and "déjà accueilli" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attendance == "present"


def test_the_attendance_sheet_is_a_pdf_and_a_csv_for_excel(client, event, organiser):
    services.registration_create(actor=None, event=event, name="Yann Le Gall", email="y@exemple.fr")
    logged(client, organiser)
    pdf = client.get(reverse("events:attendance_sheet", args=[event.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv_file = client.get(reverse("events:attendance_sheet", args=[event.pk]) + "?format=csv")
    text = csv_file.content.decode("utf-8")
    assert text.startswith("\ufeffNom;E-mail;Organisation") and "Yann Le Gall" in text


def test_publishing_from_the_form_in_paris_time(client, organiser, organiser_org):
    logged(client, organiser)
    day = in_days(30).date().isoformat()
    response = client.post(
        reverse("events:create"),
        {
            "organiser": organiser_org.pk,
            "kind": "job_dating",
            "title": "Job dating défense",
            "summary": "Rencontrer les recruteurs.",
            "description": "Apportez votre CV.",
            "venue": "Pôle emploi",
            "starts_at": f"{day}T14:00",
            "ends_at": f"{day}T17:30",
            "contact_email": "jobs@exemple.fr",
            "visibility": "public",
            "reminders": "J-7, 1",
            "publish": "1",
        },
    )
    event = Event.objects.get(title="Job dating défense")
    assert response.status_code == 302 and event.is_published
    from django.utils import timezone

    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "14:00"
    assert sorted(event.reminder_rules.values_list("days_before", flat=True)) == [1, 7]


def test_the_form_refuses_an_end_before_the_start_and_no_place(client, organiser, organiser_org):
    logged(client, organiser)
    day = in_days(30).date().isoformat()
    response = client.post(
        reverse("events:create"),
        {
            "organiser": organiser_org.pk,
            "kind": "forum",
            "title": "Forum",
            "summary": "Résumé.",
            "description": "Texte.",
            "starts_at": f"{day}T14:00",
            "ends_at": f"{day}T09:00",
            "contact_email": "f@exemple.fr",
            "visibility": "public",
        },
    )
    text = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "La fin de l'événement doit suivre son début" in text
    assert "Indiquez un lieu" in text
    assert not Event.objects.exists()


def test_someone_else_cannot_publish_in_an_organisations_name(client, organiser_org):
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    logged(client, stranger)
    day = in_days(30).date().isoformat()
    response = client.post(
        reverse("events:create"),
        {
            "organiser": organiser_org.pk,
            "kind": "forum",
            "title": "Forum",
            "summary": "Résumé.",
            "description": "Texte.",
            "venue": "Salle",
            "starts_at": f"{day}T09:00",
            "ends_at": f"{day}T12:00",
            "contact_email": "f@exemple.fr",
            "visibility": "public",
        },
    )
    assert response.status_code == 400 and not Event.objects.exists()


def test_the_public_feed_lists_visible_events_only(client, event, make_event):
    make_event(title="Événement partenaires", visibility="partners")
    body = client.get(reverse("events:feed")).content.decode()
    assert event.title in body and "Événement partenaires" not in body
    assert body.startswith("BEGIN:VCALENDAR") and "METHOD:PUBLISH" in body


def test_my_registrations_and_the_dashboard_show_an_offered_seat(client, make_event):
    event = make_event(capacity=1)
    person = UserFactory(email="moi@exemple.fr")
    holder = services.registration_create(actor=None, event=event, name="A", email="a@exemple.fr")
    services.registration_create(actor=person, event=event, name="Moi", email="moi@exemple.fr")
    services.registration_transition(actor=None, registration=holder, name="withdraw", token=holder.token)
    logged(client, person)
    assert "Place proposée" in client.get(reverse("events:my_registrations")).content.decode()
    assert "1 place vous est proposée" in client.get(reverse("site:dashboard")).content.decode()


@pytest.fixture
def booking_for_agenda(basin, allocation, requester):
    from synergies.platforms import bookings
    from tests.platforms.fixtures import next_weekday, slot

    starts_at, ends_at = slot(next_weekday(2, 2), "09:00", "11:00")
    return bookings.booking_create(
        actor=requester, resource=basin, starts_at=starts_at, ends_at=ends_at, allocation=allocation
    )


def test_one_personal_calendar_gathers_registrations_and_platform_bookings(client, event, booking_for_agenda):
    from synergies.accounts import services as account_services

    person = booking_for_agenda.booked_by
    services.registration_create(actor=person, event=event, name="Demandeur", email=person.email)
    key = account_services.feed_key_regenerate(user=person)
    body = client.get(reverse("site:agenda") + f"?cle={key}").content.decode()
    assert f"SUMMARY:{event.title}" in body.replace("\\r\\n ", "")
    assert "reservation-" in body and "inscription-" in body
    assert client.get(reverse("site:agenda")).status_code == 403
    assert client.get(reverse("site:agenda") + "?cle=faux").status_code == 403
    other = UserFactory()
    other_key = account_services.feed_key_regenerate(user=other)
    assert "inscription-" not in client.get(reverse("site:agenda") + f"?cle={other_key}").content.decode()


def test_the_organiser_adds_a_session_and_people_choose_it(client, event, organiser):
    logged(client, organiser)
    day = timezone.localtime(event.starts_at)
    client.post(
        reverse("events:session_add", args=[event.pk]),
        {
            "title": "Visite du cyber range",
            "starts_at": day.strftime("%Y-%m-%dT10:00"),
            "ends_at": day.strftime("%Y-%m-%dT11:00"),
            "capacity": "12",
        },
    )
    session = event.sessions.get()
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Visite du cyber range" in page and "12 places" in page
    client.post(
        reverse("events:register", args=[event.pk]),
        {"name": "Léa", "email": "lea@exemple.fr", "sessions": [session.pk]},
    )
    assert list(Registration.objects.get().sessions.all()) == [session]


def test_a_member_registers_colleagues_all_or_none(client, make_event, company):
    event = make_event(per_organisation_cap=3)
    member = MembershipFactory(organisation=company, user__email="chef@exemple.fr").user
    logged(client, member)
    url = reverse("events:register", args=[event.pk])
    base = {"name": "Cheffe", "email": "chef@exemple.fr", "organisation": company.pk}
    refused = client.post(
        url, {**base, "team": "Anne Le Bras, anne@exemple.fr\nBob, bob@exemple.fr\nCléo, cleo@exemple.fr"}
    )
    assert refused.status_code == 400 and "Personne n'est inscrit" in html.unescape(refused.content.decode())
    assert not Registration.objects.exists()  # the cap of 3 refused the 4th: nobody was registered
    bad = client.post(url, {**base, "team": "Anne sans e-mail"})
    assert bad.status_code == 400 and "Nom Prénom, e-mail" in html.unescape(bad.content.decode())
    client.post(url, {**base, "team": "Anne Le Bras, anne@exemple.fr\nBob Kerhervé, bob@exemple.fr"})
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "anne@exemple.fr",
        "bob@exemple.fr",
        "chef@exemple.fr",
    ]
    assert {r.registered_by for r in Registration.objects.all()} == {member}
    assert any("anne@exemple.fr" in m.to and "chef@exemple.fr" in m.to for m in mail.outbox)
