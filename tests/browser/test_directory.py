"""The directory in a real browser: search, filter, map, organisation page, profile edit by a member."""

import base64

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.django_db(transaction=True)
# A 1×1 transparent PNG: map tiles are answered locally, no request leaves the machine.
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def serve_tiles(page):
    page.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    return page


@pytest.fixture
def tiles(page):
    return serve_tiles(page)


def test_a_visitor_searches_filters_and_opens_a_profile_with_its_map(tiles, live_server, demo):
    page = tiles
    page.goto(live_server.url + reverse("directory:list"))
    page.get_by_label("Rechercher dans l’annuaire").fill("pièces usinées titane")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    assert page.get_by_role("link", name="Armor Usinage de précision (démo)").is_visible()
    # Each result card is as tall as its content (a DSFR card alone takes its parent's height).
    heights = page.locator(".synergies-card-list .fr-card").evaluate_all(
        "cards => cards.map(card => card.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < 500, heights
    # Filter by département through the facet, then the map view of the same results.
    assert page.get_by_role("button", name="Département").get_attribute("aria-expanded") == "true"
    page.locator("label", has_text="Finistère (29)").click()
    assert page.get_by_label("Finistère (29)", exact=False).is_checked()
    page.get_by_role("button", name="Appliquer les filtres").click()
    assert "departement=29" in page.url
    page.get_by_role("link", name="Carte").click()
    page.locator("#directory-map .leaflet-marker-icon").first.wait_for()
    # Nearby organisations are gathered in numbered clusters rather than piled up.
    clusters = page.locator("#directory-map .marker-cluster")
    assert clusters.count() >= 1 and int(clusters.first.inner_text()) > 1
    page.get_by_role("link", name="Liste").click()
    page.get_by_role("link", name="Armor Usinage de précision (démo)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Armor Usinage de précision (démo)"
    page.locator("#organisation-map .leaflet-marker-icon").wait_for()
    assert page.get_by_text("Usinage de précision").first.is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/organisations/", "/organisations/?q=cyber&vue=carte"])
def test_directory_pages_have_no_serious_accessibility_violation(tiles, live_server, demo, path):
    page = tiles
    page.goto(live_server.url + path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in serious)
    assert page.console_errors == []


def test_a_member_edits_the_profile_and_search_finds_it(tiles, live_server, demo):
    page = tiles
    log_in(page, live_server, "membre@demo.synergies.fr")
    page.wait_for_url(live_server.url + reverse("site:dashboard"))
    page.get_by_role("link", name="Profil de l'organisation").click()
    page.get_by_label("Présentation").fill("Usinage 5 axes de pièces en inconel pour turbines de drones.")
    page.locator("label", has_text="Fabrication additive").click()
    assert page.get_by_label("Fabrication additive").is_checked()
    page.get_by_role("button", name="Enregistrer le profil").click()
    assert page.get_by_text("Le profil a été mis à jour.").is_visible()
    page.goto(live_server.url + reverse("directory:list") + "?q=inconel")
    assert page.get_by_role("link", name="Armor Usinage de précision (démo)").is_visible()
    assert page.console_errors == []


def test_a_person_claims_a_profile_and_a_coordinator_accepts(page_for, live_server, demo):
    from django.core import mail

    from synergies.directory.models import Organisation

    armor = Organisation.objects.get(name="Armor Usinage de précision (démo)")
    person = serve_tiles(page_for("personne@demo.synergies.fr"))
    person.goto(live_server.url + armor.get_absolute_url())
    person.get_by_role("link", name="Vous travaillez ici ? Gérer ce profil").click()
    assert person.get_by_label("SIRET de l’établissement").input_value() == armor.siret
    person.get_by_label("Message au coordinateur (facultatif)").fill("Responsable qualité depuis 2019")
    person.get_by_role("button", name="Envoyer").click()
    assert person.get_by_text("Demande envoyée").is_visible()
    assert any("Responsable qualité depuis 2019" in m.body for m in mail.outbox)  # the coordinators are told

    coordinator = page_for("coordination-region@demo.synergies.fr")
    coordinator.get_by_role("link", name="Demandes de gestion de profil").click()
    assert coordinator.get_by_role("cell", name="Responsable qualité depuis 2019").is_visible()
    coordinator.get_by_role("button", name="Accepter la demande de personne@demo.synergies.fr").click()
    assert coordinator.get_by_text("acceptée").first.is_visible()
    assert coordinator.get_by_text("Aucune demande en attente.").is_visible()
    assert mail.outbox[-1].to == ["personne@demo.synergies.fr"] and "acceptée" in mail.outbox[-1].subject

    person.goto(live_server.url + reverse("site:dashboard"))
    assert person.get_by_role("heading", name="Armor Usinage de précision (démo) — membre").is_visible()
    assert person.console_errors == [] and coordinator.console_errors == []


def test_on_a_phone_the_results_come_before_the_filters(tiles, live_server, demo):
    page = tiles
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("directory:list"))
    filters = page.get_by_role("button", name="Filtres", exact=True)
    assert filters.is_visible() and not page.get_by_role("button", name="Appliquer les filtres").is_visible()
    first_result = page.locator(".synergies-card-list .fr-card").first
    assert first_result.bounding_box()["y"] < 900  # was about 1,100 px of filters before the first result
    # DSFR opens the collapse once its script has taken the button in hand (it marks it), then
    # animates it: click after the mark, and let the assertion wait out the transition.
    page.wait_for_selector("button[aria-controls=directory-filters][data-fr-js-collapse-button]", state="attached")
    filters.click()
    expect(page.get_by_role("button", name="Appliquer les filtres")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(filters).to_be_hidden()
    expect(page.get_by_role("button", name="Appliquer les filtres")).to_be_visible()
