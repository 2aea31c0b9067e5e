"""A technology platform in a real browser: find it → ask for access → the operator accepts with an
allocation → book a slot → the calendar invitation arrives → the operator records the use → the
convention's indicator moves."""

import datetime

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from synergies.governance.computations import COMPUTATIONS
from synergies.platforms.models import AccessRequest, Booking
from tests.browser.test_directory import serve_tiles

pytestmark = pytest.mark.django_db(transaction=True)

MEMBER = "membre@demo.synergies.fr"
OPERATOR = "coordination-region@demo.synergies.fr"
PLATFORM = "Plateforme radiofréquences et communications (démo)"
RESOURCE = "Chambre anéchoïque (démo)"


def _serious_violations(page):
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_find_request_accept_book_record_use(page_for, live_server, demo):
    from synergies.territories.models import Territory

    convention = Territory.objects.get(code="53").current_convention
    hours_before = COMPUTATIONS["platform_sme_hours"].compute(convention, timezone.localdate())

    member = serve_tiles(page_for(MEMBER))
    member.get_by_role("link", name="Plateformes", exact=True).click()
    member.get_by_label("Rechercher une plateforme").fill("antennes")
    member.get_by_role("button", name="Rechercher", exact=True).click()
    assert "1 plateforme trouvée" in member.locator("#platform-count").inner_text()
    member.get_by_role("link", name=PLATFORM).click()
    assert _serious_violations(member) == []
    member.get_by_role("link", name="Demander un accès").click()
    member.get_by_label("Projet").fill("Mesure d'antenne d'un drone de surface")
    member.get_by_label("Ce que vous voulez tester").fill("Diagramme de rayonnement d'une antenne en bande S.")
    member.get_by_label(RESOURCE).check()
    member.get_by_role("button", name="Envoyer la demande").click()
    assert member.locator("#request-status").text_content().strip() == "envoyée"
    request_url = member.url
    assert any("Nouvelle demande d'accès" in m.subject for m in mail.outbox)

    operator = serve_tiles(page_for(OPERATOR))
    operator.goto(live_server.url + reverse("platforms:operator"))
    operator.get_by_role("link", name="Mesure d'antenne d'un drone de surface").click()
    operator.get_by_label("Heures accordées (vide : aucune)").fill("6")
    operator.get_by_role("button", name="Accepter la demande").click()
    assert operator.locator("#request-status").text_content().strip() == "acceptée"
    assert any("acceptée" in m.subject and MEMBER in m.to for m in mail.outbox)

    member.goto(request_url)
    member.get_by_role("link", name="Réserver un créneau").click()
    day = timezone.localdate() + datetime.timedelta(days=8)
    while day.isoweekday() > 5:
        day += datetime.timedelta(days=1)
    member.get_by_label("Jour").fill(day.isoformat())
    member.get_by_label("De (heure de Paris)").fill("09:00")
    member.get_by_label("À", exact=True).fill("11:00")
    member.get_by_role("button", name="Réserver", exact=True).click()
    assert "Créneau réservé" in member.locator(".fr-alert--success").inner_text()
    assert "09:00–11:00" in member.locator("#week").inner_text()
    assert _serious_violations(member) == []
    invitation = next(m for m in mail.outbox if "Réservation confirmée" in m.subject)
    part = next(p for p in invitation.message().walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    event = next(iter(icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")))
    assert timezone.localtime(event.decoded("DTSTART")).hour == 9

    # Time passes: the slot took place; the operator records 1 h 30 of real use.
    booking = Booking.objects.get(allocation__request__title="Mesure d'antenne d'un drone de surface")
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    operator.goto(live_server.url + reverse("platforms:operator"))
    row = operator.locator("#to-record li", has_text=RESOURCE)
    row.get_by_label("Minutes utilisées").fill("90")
    row.get_by_role("button", name="Enregistrer l’utilisation").click()
    assert "Utilisation enregistrée" in operator.locator(".fr-alert--success").inner_text()
    assert _serious_violations(operator) == []
    hours_after = COMPUTATIONS["platform_sme_hours"].compute(convention, timezone.localdate())
    assert hours_after - hours_before == 1.5
    assert AccessRequest.objects.get(title="Mesure d'antenne d'un drone de surface").status == "accepted"
    assert member.console_errors == [] and operator.console_errors == []
