"""Platforms views: a role × access matrix with the app's own parties (requester, another
organisation, operator, another platform's operator, coordinator, visitor), and the main flows."""

import datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from synergies.core.visibility import Visibility
from synergies.platforms import bookings, services
from synergies.platforms.enums import RequestStatus
from synergies.platforms.models import AccessRequest, Booking
from tests.factories import MembershipFactory, OrganisationFactory, TerritoryRoleFactory
from tests.platforms.fixtures import next_weekday, slot

pytestmark = pytest.mark.django_db

PARTIES = ["visitor", "requester", "other_org", "operator", "other_operator", "coordinator"]


@pytest.fixture
def parties(bretagne, requester, operator_user):
    other_operator_org = OrganisationFactory(name="Autre opérateur (test)", territory=bretagne)
    other_operator = MembershipFactory(organisation=other_operator_org).user
    services.platform_save(
        actor=other_operator,
        operator=other_operator_org,
        fields={"name": "Autre", "summary": "Autre.", "description": "Autre.", "contact_email": "a@exemple.fr"},
    )
    return {
        "visitor": None,
        "requester": requester,
        "other_org": MembershipFactory(organisation=OrganisationFactory(territory=bretagne)).user,
        "operator": operator_user,
        "other_operator": other_operator,
        "coordinator": TerritoryRoleFactory(territory=bretagne).user,
    }


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def booking(basin, allocation, requester):
    start, end = slot(next_weekday(2, 2), "09:00", "11:00")
    return bookings.booking_create(actor=requester, resource=basin, starts_at=start, ends_at=end, allocation=allocation)


#                         visitor requester other_org operator other_operator coordinator
MATRIX = [
    ("platforms:request", "request", "get", (302, 200, 404, 200, 404, 200)),
    ("platforms:request_action", "request", "post", (302, 302, 404, 302, 404, 302)),
    ("platforms:operator", None, "get", (302, 403, 403, 200, 200, 200)),
    ("platforms:resource_feed", "resource", "get", (403, 403, 403, 200, 403, 200)),
    ("platforms:booking_cancel", "booking", "post", (302, 302, 404, 302, 404, 302)),
    ("platforms:booking_use", "booking", "post", (302, 403, 404, 302, 404, 302)),
    ("platforms:request_create", "platform", "get", (302, 200, 200, 302, 200, 302)),
]


@pytest.mark.parametrize("name,target,method,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_access_by_party(parties, accepted_request, basin, booking, name, target, method, expected):
    objects = {"request": accepted_request, "resource": basin, "booking": booking, "platform": basin.platform}
    kwargs = {"pk": objects[target].pk} if target else {}
    got = tuple(getattr(_client(parties[p]), method)(reverse(name, kwargs=kwargs)).status_code for p in PARTIES)
    assert got == expected


def test_request_created_from_the_form_and_submitted(platform, basin, requester, requester_org):
    response = _client(requester).post(
        reverse("platforms:request_create", kwargs={"pk": platform.pk}),
        {
            "organisation": requester_org.pk,
            "title": "Essais de houle",
            "description": "Drone de surface de 40 kg.",
            "resources": [basin.pk],
            "submit": "1",
        },
    )
    access_request = AccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == access_request.get_absolute_url()
    assert access_request.status == RequestStatus.SUBMITTED
    assert list(access_request.resources.all()) == [basin]


def test_a_marked_request_is_refused_on_the_form_with_its_message(platform, requester, requester_org):
    response = _client(requester).post(
        reverse("platforms:request_create", kwargs={"pk": platform.pk}),
        {"organisation": requester_org.pk, "title": "Essais", "description": "SECRET DÉFENSE", "submit": "1"},
    )
    assert response.status_code == 200
    assert "mention" in response.content.decode() or "classifi" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_operator_accepts_with_allocations_from_the_form(platform, basin, requester, requester_org, operator_user):
    access_request = services.request_create(
        actor=requester,
        platform=platform,
        organisation=requester_org,
        fields={"title": "Essais", "description": "Houle."},
        submit=True,
    )
    until = timezone.localdate() + datetime.timedelta(days=60)
    _client(operator_user).post(
        reverse("platforms:request_accept", kwargs={"pk": access_request.pk}),
        {
            f"heures_{basin.pk}": "12",
            f"du_{basin.pk}": timezone.localdate().isoformat(),
            f"au_{basin.pk}": until.isoformat(),
        },
    )
    access_request.refresh_from_db()
    assert access_request.status == RequestStatus.ACCEPTED
    assert access_request.allocations.get().hours == 12


def test_booking_from_the_resource_page(basin, allocation, requester):
    day = next_weekday(2, 3)
    client = _client(requester)
    page = client.get(reverse("platforms:resource", kwargs={"pk": basin.pk}))
    assert 'id="booking-form"' in page.content.decode()
    response = client.post(
        reverse("platforms:book", kwargs={"pk": basin.pk}),
        {"allocation": f"allocation-{allocation.pk}", "day": day.isoformat(), "starts": "09:00", "ends": "12:00"},
        follow=True,
    )
    booking = Booking.objects.get()
    assert bookings.local(booking.starts_at).hour == 9
    assert "Créneau réservé" in response.content.decode()


def test_booking_outside_hours_gets_the_rule_in_french(basin, allocation, requester):
    response = _client(requester).post(
        reverse("platforms:book", kwargs={"pk": basin.pk}),
        {
            "allocation": f"allocation-{allocation.pk}",
            "day": next_weekday(2, 3).isoformat(),
            "starts": "19:00",
            "ends": "20:00",
        },
        follow=True,
    )
    assert "En dehors des heures d&#x27;ouverture" in response.content.decode()
    assert not Booking.objects.exists()


def test_the_week_hides_who_booked_from_other_organisations(parties, basin, booking):
    url = reverse("platforms:resource", kwargs={"pk": basin.pk}) + f"?semaine={booking.starts_at:%Y-%m-%d}"
    assert "Armor Drones" not in _client(parties["other_org"]).get(url).content.decode()
    assert "Armor Drones" in _client(parties["operator"]).get(url).content.decode()


def test_a_restricted_platform_is_seen_only_by_the_named_organisations(
    platform, operator_user, operator_org, requester, requester_org, parties
):
    services.platform_save(
        actor=operator_user, operator=operator_org, platform=platform, fields={"visibility": Visibility.RESTRICTED}
    )
    platform.restricted_to.set([requester_org])
    url = reverse("platforms:detail", kwargs={"pk": platform.pk})
    assert _client(requester).get(url).status_code == 200
    assert _client(parties["other_org"]).get(url).status_code == 404
    assert _client(None).get(url).status_code == 404
    listing = _client(parties["other_org"]).get(reverse("platforms:list")).content.decode()
    assert escape(platform.name) not in listing


def test_search_and_facets(platform, basin, chamber):
    client = _client(None)
    found = client.get(reverse("platforms:list"), {"q": "houle"}).content.decode()
    assert escape(platform.name) in found
    assert escape(platform.name) not in client.get(reverse("platforms:list"), {"q": "anéchoïque"}).content.decode()
    assert escape(platform.name) in client.get(reverse("platforms:list"), {"ressource": "chamber"}).content.decode()
    assert escape(platform.name) not in client.get(reverse("platforms:list"), {"trl": "9"}).content.decode()
    bad = client.get(reverse("platforms:list"), {"trl": "douze"}).content.decode()
    assert "Le TRL est un nombre de 1 à 9" in bad


def test_availability_search_shows_the_free_windows(basin, booking):
    day = bookings.local(booking.starts_at).date()
    page = (
        _client(None)
        .get(reverse("platforms:availability"), {"du": day.isoformat(), "au": day.isoformat(), "heures": "3"})
        .content.decode()
    )
    # 08:00–18:00 minus 09:00–11:00: 11:00–18:00 is free (7 h), 08:00–09:00 is shorter than 3 h.
    assert "de 11:00 à 18:00" in page
    assert "de 08:00 à 09:00" not in page


def test_usage_export_for_invoicing(basin, booking, operator_user):
    day = bookings.local(booking.starts_at).date()
    response = _client(operator_user).get(
        reverse("platforms:usage_export", kwargs={"fmt": "csv"}), {"du": day.isoformat(), "au": day.isoformat()}
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Plateforme;Ressource;Organisation")
    assert "Armor Drones (test)" in text and "2,0" in text


def test_personal_feed_with_the_feed_key(booking, requester):
    from synergies.accounts import services as account_services

    key = account_services.feed_key_regenerate(user=requester)
    response = Client().get(reverse("platforms:my_feed"), {"cle": key})
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1 and str(events[0]["STATUS"]) == "CONFIRMED"
    assert Client().get(reverse("platforms:my_feed"), {"cle": "faux"}).status_code == 403


def test_the_month_view_lists_every_day_of_the_month(basin, booking, operator_user):
    day = bookings.local(booking.starts_at).date()
    page = (
        _client(operator_user)
        .get(reverse("platforms:resource", kwargs={"pk": basin.pk}), {"vue": "mois", "semaine": day.isoformat()})
        .content.decode()
    )
    first = day.replace(day=1)
    length = ((first + datetime.timedelta(days=32)).replace(day=1) - first).days
    assert page.count('<th scope="row">') == length
    assert "Armor Drones (test)" in page and "Mois suivant" in page


def test_an_organisation_admin_declares_a_platform_and_its_resource(operator_org, bretagne):
    from synergies.accounts.enums import OrganisationRole
    from synergies.platforms.models import Platform, Resource

    admin = MembershipFactory(organisation=operator_org, role=OrganisationRole.ADMIN).user
    client = _client(admin)
    response = client.post(
        reverse("platforms:create"),
        {
            "operator": operator_org.pk,
            "name": "Soufflerie (test)",
            "summary": "Essais aérodynamiques.",
            "description": "Veine d'essais pour drones.",
            "contact_email": "souffle@exemple.fr",
            "visibility": "public",
            "is_published": "on",
            "trl_min": "3",
            "trl_max": "6",
            "tariff_sme": "500 € HT / jour",
        },
    )
    platform = Platform.objects.get(name="Soufflerie (test)")
    assert response["Location"] == reverse("platforms:resource_create", kwargs={"pk": platform.pk})
    assert platform.tariffs.get().text == "500 € HT / jour" and platform.city == operator_org.city
    client.post(
        reverse("platforms:resource_create", kwargs={"pk": platform.pk}),
        {
            "name": "Veine principale",
            "kind": "test_bench",
            "capacity": "1",
            "slot_min_minutes": "60",
            "slot_max_minutes": "240",
            "opens_at": "09:00",
            "closes_at": "17:00",
            "lead_time_hours": "48",
            "cancellation_deadline_hours": "72",
            "weekdays": ["1", "2", "3", "4"],
        },
    )
    resource = Resource.objects.get(platform=platform)
    assert resource.open_weekdays == "1234" and resource.closes_at == datetime.time(17)
    platform.refresh_from_db()
    assert " souffler" in platform.search_document and " vein" in platform.search_document


def test_the_platform_form_refuses_a_marked_text_and_bad_trl(platform, operator_user):
    response = _client(operator_user).post(
        reverse("platforms:edit", kwargs={"pk": platform.pk}),
        {
            "name": platform.name,
            "summary": "CONFIDENTIEL DÉFENSE",
            "description": "x",
            "contact_email": "e@exemple.fr",
            "visibility": "public",
            "trl_min": "7",
            "trl_max": "3",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "mention" in page or "classifi" in page
    platform.refresh_from_db()
    assert platform.summary != "CONFIDENTIEL DÉFENSE"


def test_closure_and_training_from_the_resource_page(basin, operator_user, requester):
    from synergies.platforms.models import Closure, Training

    client = _client(operator_user)
    day = next_weekday(3, 2)
    client.post(
        reverse("platforms:closure_add", kwargs={"pk": basin.pk}),
        {
            "fermeture-starts_on": day.isoformat(),
            "fermeture-starts_at": "00:00",
            "fermeture-ends_on": day.isoformat(),
            "fermeture-ends_at": "23:59",
            "fermeture-reason": "Vidange du bassin",
        },
    )
    assert Closure.objects.get(resource=basin).reason == "Vidange du bassin"
    client.post(
        reverse("platforms:training_add", kwargs={"pk": basin.pk}),
        {"formation-email": requester.email, "formation-trained_on": timezone.localdate().isoformat()},
    )
    assert Training.objects.filter(resource=basin, person=requester).exists()
    unknown = client.post(
        reverse("platforms:training_add", kwargs={"pk": basin.pk}),
        {"formation-email": "personne@nulle-part.fr", "formation-trained_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Aucun compte Synergies" in unknown.content.decode()


def test_a_request_carries_documents_read_for_markings(platform, requester, requester_org, operator_user, parties):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from synergies.platforms.models import RequestDocument

    client = _client(requester)
    url = reverse("platforms:request_create", kwargs={"pk": platform.pk})
    fields = {"organisation": requester_org.pk, "title": "Essais", "description": "Houle.", "submit": "1"}
    marked = client.post(url, {**fields, "files": SimpleUploadedFile("plan.txt", b"SECRET DEFENSE\nPlan.")})
    assert marked.status_code == 200 and not AccessRequest.objects.exists()
    client.post(url, {**fields, "files": SimpleUploadedFile("plan.txt", b"Plan d'essais en houle.")})
    document = RequestDocument.objects.get()
    download = reverse("platforms:request_document", kwargs={"pk": document.pk})
    response = _client(operator_user).get(download)
    # Reading the whole stream closes the file (the test client's wrapper; a second close() would
    # send request_finished and close the database connection in the middle of the test).
    assert b"".join(response.streaming_content) == b"Plan d'essais en houle."
    assert _client(parties["other_org"]).get(download).status_code == 404


def test_which_platform_to_test_a_need(platform, basin, parties):
    from synergies.platforms import finder

    cyber_operator = parties["other_operator"]
    cyber = selectors_platform(cyber_operator)
    services.platform_save(
        actor=cyber_operator,
        operator=cyber.operator,
        platform=cyber,
        fields={
            "name": "Cyber range",
            "summary": "Entraînement des équipes SOC.",
            "description": "Scénarios d'attaque.",
        },
    )
    matches = finder.platforms_for_need(None, "essais de houle pour un drone marin")
    assert [m.platform for m in matches][:1] == [platform] and not matches[0].is_weak
    assert cyber not in [m.platform for m in matches]
    assert finder.platforms_for_need(None, "zzzzqqq") == []
    page = _client(None).get(reverse("platforms:list"), {"besoin": "houle drone"}).content.decode()
    assert 'id="need-results"' in page and escape(platform.name) in page
    empty = _client(None).get(reverse("platforms:list"), {"besoin": "zzzzqqq"}).content.decode()
    assert "ne correspond vraiment" in empty


def selectors_platform(user):
    from synergies.platforms.selectors import operated_platforms

    return operated_platforms(user).get()


def test_photos_are_reencoded_without_metadata_and_follow_the_platform_visibility(
    platform, operator_user, operator_org, requester_org, parties
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from synergies.platforms.models import PlatformPhoto
    from tests.platforms.fixtures import png_upload

    exif = Image.Exif()
    exif[0x010E] = "position secrète"  # ImageDescription, kept in the upload's metadata
    jpeg = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 10, 10)).save(jpeg, format="JPEG", exif=exif.tobytes())
    client = _client(operator_user)
    url = reverse("platforms:photo_add", kwargs={"pk": platform.pk})
    client.post(url, {"photo": SimpleUploadedFile("b.jpg", jpeg.getvalue()), "alt_text": "Le bassin vu du quai"})
    photo = PlatformPhoto.objects.get()
    assert photo.content_type == "image/jpeg"
    with Image.open(photo.file.open("rb")) as stored:
        assert not stored.getexif()
    photo.file.close()
    refused = client.post(
        url, {"photo": SimpleUploadedFile("faux.png", b"%PDF-1.4 pas une image"), "alt_text": "x"}, follow=True
    )
    assert "n&#x27;est pas une image lisible" in refused.content.decode()
    marked = client.post(url, {"photo": png_upload(), "alt_text": "DIFFUSION RESTREINTE"}, follow=True)
    assert PlatformPhoto.objects.count() == 1 and "Diffusion" in marked.content.decode()
    photo_url = reverse("platforms:photo", kwargs={"pk": photo.pk})
    response = _client(None).get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # read to the end: the file is closed
    services.platform_save(
        actor=operator_user, operator=operator_org, platform=platform, fields={"visibility": Visibility.RESTRICTED}
    )
    platform.restricted_to.set([requester_org])
    assert _client(None).get(photo_url).status_code == 404
    assert _client(parties["other_org"]).get(photo_url).status_code == 404


def test_an_operator_names_the_organisations_of_a_restricted_platform(
    platform, operator_user, requester, requester_org
):
    requester_org.siret = "35600000000048"
    requester_org.save()
    fields = {
        "name": platform.name,
        "summary": platform.summary,
        "description": platform.description,
        "contact_email": platform.contact_email,
        "visibility": "restricted",
        "is_published": "on",
    }
    client = _client(operator_user)
    url = reverse("platforms:edit", kwargs={"pk": platform.pk})
    missing = client.post(url, fields)
    assert "Désignez au moins une organisation" in missing.content.decode()
    unknown = client.post(url, {**fields, "restricted_to": "99999999999999"})
    assert "introuvables dans l&#x27;annuaire : 99999999999999" in unknown.content.decode()
    client.post(url, {**fields, "restricted_to": "356 000 000 00048"})
    platform.refresh_from_db()
    assert platform.visibility == "restricted" and list(platform.restricted_to.all()) == [requester_org]
    assert _client(requester).get(platform.get_absolute_url()).status_code == 200
