"""An event in a real browser: a coordinator publishes it → a member takes the only seat → a visitor
without an account registers and lands on the waiting list → the member withdraws → the visitor is
offered the seat by e-mail and takes it from the link → at the entrance the organiser opens the scanned
link and records the arrival → the convention's indicator counts the participant."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from synergies.events.models import Event, Registration

pytestmark = pytest.mark.django_db(transaction=True)

MEMBER = "membre@demo.synergies.fr"
COORDINATOR = "coordination-region@demo.synergies.fr"
TITLE = "Atelier réserve citoyenne (test)"


def _serious_violations(page):
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_publish_register_wait_take_the_freed_seat_and_check_in(page_for, page, live_server, demo):
    day = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    coordinator = page_for(COORDINATOR)
    coordinator.goto(live_server.url + reverse("events:create"))
    coordinator.get_by_label("Organisation organisatrice").select_option(label="Pôle d'excellence cyber")
    coordinator.get_by_label("Type", exact=True).select_option(label="information sur la réserve")
    coordinator.get_by_label("Titre", exact=True).fill(TITLE)
    coordinator.get_by_label("En une phrase").fill("Découvrir la réserve citoyenne de cyberdéfense.")
    coordinator.get_by_label("Programme et description").fill("Présentation, témoignages, questions.")
    coordinator.get_by_label(re.compile(r"^\s*Lieu")).fill("Salle du conseil")
    coordinator.get_by_label("Commune").fill("Rennes")
    coordinator.get_by_label(re.compile(r"^\s*Début")).fill(f"{day}T14:00")
    coordinator.get_by_label(re.compile(r"^\s*Fin\s+Heure")).fill(f"{day}T16:00")
    coordinator.get_by_label(re.compile(r"^\s*Nombre de places")).fill("1")
    coordinator.get_by_label("E-mail de contact").fill("reserve@exemple.fr")
    coordinator.get_by_role("button", name="Publier", exact=True).click()
    assert "Événement publié" in coordinator.locator(".fr-alert--success").inner_text()
    event = Event.objects.get(title=TITLE)
    assert event.is_published and timezone.localtime(event.starts_at).hour == 14

    member = page_for(MEMBER)
    member.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Événements").click()
    member.get_by_role("link", name=TITLE).click()
    assert "1 place libre sur 1" in member.locator("#seats-left").inner_text()
    assert _serious_violations(member) == []
    member.get_by_role("button", name="M’inscrire", exact=True).click()
    assert "Inscription confirmée" in member.locator(".fr-alert--success").inner_text()

    page.goto(live_server.url + event.get_absolute_url())
    assert "Complet" in page.locator("#seats-left").inner_text()
    page.get_by_label("Nom et prénom").fill("Morgane Le Du")
    page.get_by_label("E-mail").fill("morgane@exemple.fr")
    page.get_by_role("button", name="M’inscrire en liste d’attente").click()
    assert "liste d'attente" in page.locator(".fr-alert--success").inner_text()
    assert "rang 1" in page.locator("#registration-summary").inner_text()

    member.goto(live_server.url + reverse("events:my_registrations"))
    member.get_by_role("link", name=TITLE).click()
    member.get_by_role("button", name="Me désinscrire").click()
    # expect() retries until the new page is there (the old one has the same element).
    expect(member.locator("#registration-status")).to_contain_text("Retirée")

    offer = next(m for m in mail.outbox if "place se libère" in m.subject and m.to == ["morgane@exemple.fr"])
    link = re.search(r"https?://\S+/evenements/inscription/\S+/", offer.body).group(0)
    page.goto(live_server.url + "/evenements/" + link.split("/evenements/", 1)[1])
    page.get_by_role("button", name="Accepter la place").click()
    expect(page.locator("#registration-status")).to_contain_text("Confirmée")
    code = page.locator("#checkin-code").inner_text().strip()
    # decode() waits for the image to be loaded and decoded (reading naturalWidth at once races the load).
    assert page.locator("img[alt^='QR code']").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert _serious_violations(page) == []

    # At the entrance: the phone's camera opened the QR code's link.
    coordinator.goto(live_server.url + reverse("events:checkin", args=[event.pk]) + f"?code={code}")
    assert "Morgane Le Du" in coordinator.locator("#checkin-pending").inner_text()
    coordinator.get_by_role("button", name="Enregistrer l’arrivée").click()
    assert "Morgane Le Du est accueilli(e)" in coordinator.locator(".fr-alert--success").inner_text()
    expect(coordinator.locator("#checkin-count")).to_contain_text("1 personne accueillie")
    assert _serious_violations(coordinator) == []
    assert Registration.objects.get(email="morgane@exemple.fr").attendance == "present"
    assert member.console_errors == [] and page.console_errors == [] and coordinator.console_errors == []


def test_offer_request_accept_schedule_agenda(page_for, live_server, demo):
    day = Event.objects.get(kind="business_meetings", is_demo=True)
    person = page_for("personne@demo.synergies.fr")
    person.goto(live_server.url + day.get_absolute_url())
    person.get_by_role("button", name="M’inscrire", exact=True).click()
    person.goto(live_server.url + reverse("events:meetings", args=[day.pk]))
    person.get_by_label("Type").select_option(label="offre de technologie")
    person.get_by_label("Titre", exact=True).fill("Jumeau numérique de bancs d'essais")
    person.get_by_label(re.compile(r"^\s*Description")).fill("Simulation des essais de vibration avant le banc.")
    person.get_by_role("button", name="Publier", exact=True).click()
    assert "Jumeau numérique" in person.locator("#my-items").inner_text()
    assert _serious_violations(person) == []

    member = page_for(MEMBER)
    member.goto(live_server.url + reverse("events:meetings", args=[day.pk]))
    member.get_by_label("Rechercher").fill("Jumeau")
    member.get_by_role("button", name="Filtrer").click()
    card = member.locator("#participants li", has_text="Jumeau numérique")
    card.get_by_label(re.compile("^Message à")).fill("Vos essais de vibration nous intéressent.")
    card.get_by_role("button", name=re.compile("^Demander un rendez-vous")).click()
    assert "Demande envoyée" in member.locator(".fr-alert--success").inner_text()

    person.reload()
    received = person.locator("#received-requests li", has_text="Vos essais de vibration")
    received.get_by_role("button", name="Accepter").click()
    assert "C'est noté" in person.locator(".fr-alert--success").inner_text()

    coordinator = page_for(COORDINATOR)
    coordinator.goto(live_server.url + reverse("events:meeting_plan", args=[day.pk]))
    coordinator.get_by_role("button", name="Placer les rendez-vous acceptés").click()
    assert "rendez-vous placés" in coordinator.locator(".fr-alert--success").inner_text()
    assert _serious_violations(coordinator) == []

    member.goto(live_server.url + reverse("events:meetings", args=[day.pk]))
    agenda = member.locator("#my-agenda").inner_text()
    assert "Camille Le Goff" in agenda and "table" in agenda
    assert _serious_violations(member) == []
    invitation = next(
        m for m in mail.outbox if "Rendez-vous placé" in m.subject and MEMBER in m.to and "Camille" in m.body
    )
    part = next(p for p in invitation.attachments if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST"
    with member.expect_download() as download:
        member.get_by_role("link", name="Agenda (PDF)").click()
    assert download.value.suggested_filename == f"agenda-{day.pk}.pdf"
    assert member.console_errors == [] and person.console_errors == [] and coordinator.console_errors == []
