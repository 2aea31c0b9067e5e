"""Steering in a real browser: the Region enters a value, the State validates it, it shows on the
dashboard and in the PDF report."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from pypdf import PdfReader

from synergies.governance.models import Indicator

pytestmark = pytest.mark.django_db(transaction=True)


def test_enter_validate_see_on_dashboard_and_in_the_pdf(page_for, live_server, demo):
    indicator = Indicator.objects.get(code="reservistes-citoyens")
    region = page_for("coordination-region@demo.synergies.fr")
    region.get_by_role("link", name="Pilotage de la convention").click()
    region.get_by_role("link", name=indicator.name).click()
    region.get_by_label("Valeur").fill("263")
    region.get_by_label("Commentaire").fill("Recensement du trimestre.")
    region.get_by_role("button", name="Enregistrer la valeur").click()
    assert "263 réservistes" in region.locator("table").inner_text()
    assert "à valider" in region.locator("table tbody tr").first.inner_text()
    # The Region is not offered to validate its own value: the State is.
    first_row = region.locator("table tbody tr").first
    assert first_row.get_by_role("button", name="Valider").count() == 0
    assert "à valider par l’autre partie" in first_row.inner_text()

    state = page_for("coordination-etat@demo.synergies.fr")
    state.goto(live_server.url + reverse("governance:indicator", kwargs={"pk": indicator.pk}))
    state.locator("table tbody tr").first.get_by_role("button", name="Valider").click()
    assert "validée" in state.locator("table tbody tr").first.inner_text()
    state.goto(live_server.url + reverse("governance:dashboard", kwargs={"slug": "bretagne-2024"}))
    card = state.locator(".synergies-indicator", has_text=indicator.name)
    assert "263 réservistes" in card.locator(".synergies-latest").inner_text()
    assert card.locator("svg polyline").count() == 1
    with state.expect_download() as download:
        state.get_by_role("button", name="Rapport PDF").click()
    text = " ".join(page.extract_text() for page in PdfReader(download.value.path()).pages)
    assert "263 réservistes" in " ".join(text.split())
    results = Axe().run(state)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in serious)
    assert region.console_errors == [] and state.console_errors == []
