"""The demo territory (`make demo`): idempotent, an account for every role, companies with a full
SIRENE-like identity that stays clearly fictional."""

import pytest

from synergies.directory import reference
from synergies.directory.models import Organisation
from synergies.site.demo import DEMO_COMPANIES, demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_to_the_same_territory():
    accounts = demo_load()
    counts = Organisation.objects.count()
    assert len(accounts) >= 8
    assert demo_load() and Organisation.objects.count() == counts


def test_named_demo_companies_show_a_valid_fictional_identity():
    demo_load()
    for name, *_ in DEMO_COMPANIES:
        company = Organisation.objects.get(name=name)
        assert company.is_demo
        assert reference.siret_problem(company.siret) is None
        assert company.siret.startswith("00")  # SIREN 00…: never attributed by Insee
        assert reference.naf_label(company.naf_code)  # a known NAF code, shown with its label
        assert company.headcount_band and company.category


def test_after_load_demo_every_active_organisation_has_a_current_vector(capsys):
    """Matching serves the whole demo from its first page (not only the organisations of the story)."""
    from django.core.management import call_command

    from synergies.matching import services as matching_services

    call_command("load_demo")
    assert Organisation.objects.active().count() > 300
    assert matching_services.organisations_awaiting_vectors() == 0
    assert matching_services.embeddings_refresh() == 0  # nothing stale either
    assert matching_services.embeddings_refresh(kind="opportunity") == 0
    assert "Analyse des profils (organisations)" in capsys.readouterr().err


def test_matching_pages_say_how_many_organisations_are_still_being_analysed(client_for, bretagne):
    from django.urls import reverse

    from tests.factories import OrganisationFactory

    for number in range(3):
        OrganisationFactory(name=f"Usinage sans vecteur {number}", territory=bretagne, description="Usinage titane")
    from synergies.matching import services as matching_services

    page = client_for("coordinator").get(reverse("matching:search"), {"text": "usinage de pièces en titane"})
    awaiting = matching_services.organisations_awaiting_vectors()
    assert awaiting >= 3
    assert f"{awaiting} organisations en cours d’analyse" in " ".join(page.content.decode().split())
    matching_services.embeddings_refresh()
    page = client_for("coordinator").get(reverse("matching:search"), {"text": "usinage de pièces en titane"})
    assert "en cours d’analyse" not in page.content.decode()


def test_the_public_steering_page_is_linked_from_home_convention_and_site_map(client, bretagne):
    from django.urls import reverse

    public = reverse("governance:public", kwargs={"slug": bretagne.current_convention.slug})
    convention_url = bretagne.current_convention.get_absolute_url()
    for url in (reverse("site:home"), convention_url, reverse("site:sitemap")):
        assert public in client.get(url).content.decode(), url
    sitemap = client.get(reverse("site:sitemap")).content.decode()
    assert reverse("directory:list") in sitemap and reverse("opportunities:list") in sitemap
    assert "Aucun document" not in client.get(convention_url).content.decode()


def test_a_person_without_an_organisation_is_offered_to_attach_one(client_for):
    from django.urls import reverse

    claim = reverse("directory:claim")
    assert claim in client_for("registered").get(reverse("site:dashboard")).content.decode()
    assert claim not in client_for("org_member").get(reverse("site:dashboard")).content.decode()


def test_no_page_shows_a_path_of_the_repository():
    """People read help on the page itself, never « docs/formats/… » of the source tree."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "synergies" / "templates"
    found = [
        f"{path.relative_to(templates)}: {match.group(0)}"
        for path in templates.rglob("*.html")
        for match in re.finditer(r"(?<![\w/.])docs/[\w/.-]+|shared/formats[\w/.-]*", path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_demo_has_platforms_with_requests_in_every_state_and_bookings():
    from synergies.platforms.enums import RequestStatus
    from synergies.platforms.models import AccessRequest, Booking, Platform

    demo_load()
    assert Platform.objects.filter(is_demo=True).count() == 5
    assert set(AccessRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(Booking.objects.values_list("status", flat=True)) >= {"booked", "used"}
    assert all(p.name.endswith("(démo)") for p in Platform.objects.all())


def test_the_demo_has_events_with_registrations_in_every_state_and_the_indicators_move():
    from synergies.events.enums import RegistrationStatus
    from synergies.events.models import Event, Registration
    from synergies.governance.computations import COMPUTATIONS
    from synergies.territories.models import Territory

    demo_load()
    events = Event.objects.filter(is_demo=True)
    assert events.count() == 7 and all("(démo" in e.title for e in events)
    assert set(Registration.objects.values_list("status", flat=True)) == set(RegistrationStatus.values)
    assert events.filter(cancelled_at__isnull=False).exists() and events.filter(published_at__isnull=True).exists()
    convention = Territory.objects.get(code="53").current_convention
    day = convention.starts_on.replace(year=convention.starts_on.year + 10)
    assert COMPUTATIONS["events"].compute(convention, day) >= 1
    assert COMPUTATIONS["event_participants"].compute(convention, day) >= 1


def test_the_demo_meeting_day_has_40_participants_120_requests_and_a_placement():
    from synergies.events.enums import MeetingStatus
    from synergies.events.models import Event

    demo_load()
    day = Event.objects.get(kind="business_meetings", is_demo=True)
    assert day.registrations.filter(status="confirmed").count() == 40
    assert day.meetings.count() == 120
    assert set(day.meetings.values_list("status", flat=True)) == set(MeetingStatus.values)
    placed = day.meetings.filter(slot__isnull=False)
    assert placed.exists()
    assert all(1 <= table <= 8 for table in placed.values_list("table", flat=True))
    people_slots = [(m.requester_id, m.slot_id) for m in placed] + [(m.requested_id, m.slot_id) for m in placed]
    assert len(people_slots) == len(set(people_slots))


def test_the_demo_has_objective_4_booklets_youth_employers_and_files_in_every_state():
    from synergies.cohesion.enums import FileStatus
    from synergies.cohesion.models import Booklet, CandidateFile, YouthPartnership

    demo_load()
    assert Booklet.objects.filter(published=True, unit__name="11e régiment d'artillerie de marine").exists()
    assert set(CandidateFile.objects.values_list("status", flat=True)) == set(FileStatus.values)
    assert set(CandidateFile.objects.values_list("contract_status", flat=True)) >= {"draft", "sent", "signed"}
    assert YouthPartnership.objects.filter(programme="cdsg").count() >= 2
    armor = Organisation.objects.get(name="Armor Usinage de précision (démo)")
    assert "partenaire-defense-nationale" in set(armor.labels.values_list("slug", flat=True))
