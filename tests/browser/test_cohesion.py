"""Cohesion in a real browser.

1. A unit's referent asks for one piece → a person applies to the unit's reserve mission → uploads it →
   the referent sends it back for correction → the person uploads it again → the referent validates it,
   preselects, prepares and sends the contract → the person signs it.
2. A unit creates its welcome booklet and a block pointing to a directory organisation → the public page
   and the PDF show it."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from synergies.cohesion.models import Booklet, CandidateFile
from synergies.opportunities.models import Opportunity
from tests.core.documents import pdf

pytestmark = pytest.mark.django_db(transaction=True)

PERSON = "personne@demo.synergies.fr"
AGENT = "agent-defense@demo.synergies.fr"
MISSION = "Réserve citoyenne : interventions dans les lycées pour le lien armées–jeunesse"


def _serious_violations(page):
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _write_pdf(tmp_path, name, body):
    path = tmp_path / name
    path.write_bytes(pdf(body))
    return path


def test_apply_upload_correct_validate_and_sign_the_contract(page_for, live_server, demo, tmp_path):
    mission = Opportunity.objects.get(title=MISSION)
    agent = page_for(AGENT)
    agent.goto(live_server.url + reverse("cohesion:checklist", args=[mission.pk]))
    agent.get_by_label("Pièces demandées").fill("Pièce d'identité : recto et verso")
    agent.get_by_role("button", name="Enregistrer").click()
    expect(agent.locator(".fr-alert--success")).to_contain_text("Pièces demandées enregistrées")

    person = page_for(PERSON)
    person.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Réserve et familles").click()
    person.get_by_role("link", name=MISSION).click()
    person.get_by_role("link", name="Candidater").click()
    assert _serious_violations(person) == []
    person.get_by_label("Date de naissance").fill("1996-03-14")
    person.locator("label[for=id_conditions]").click()
    person.get_by_role("button", name="Déposer ma candidature").click()
    expect(person.locator(".fr-alert--success")).to_contain_text("Candidature déposée")
    person.get_by_label(re.compile("Fichier pour « Pièce d'identité »")).set_input_files(
        _write_pdf(tmp_path, "identite.pdf", "Carte d'identite, recto seul.")
    )
    person.get_by_role("button", name="Déposer").click()
    expect(person.locator("[data-document-status]")).to_have_text("en attente de validation")
    assert _serious_violations(person) == []
    candidate_file = CandidateFile.objects.get(mission=mission, candidate__email=PERSON)

    agent.goto(live_server.url + reverse("cohesion:board"))
    assert _serious_violations(agent) == []
    agent.get_by_role("link", name="Camille Le Goff").click()
    assert _serious_violations(agent) == []
    agent.get_by_label(re.compile("Commentaire")).fill("Le verso manque.")
    agent.get_by_role("button", name="Demander une correction").click()
    expect(agent.locator("[data-document-status]")).to_have_text("à corriger")

    person.reload()
    expect(person.get_by_text("Commentaire de l’unité : Le verso manque.")).to_be_visible()
    person.get_by_label(re.compile("Fichier pour « Pièce d'identité »")).set_input_files(
        _write_pdf(tmp_path, "identite-2.pdf", "Carte d'identite, recto et verso.")
    )
    person.get_by_role("button", name="Déposer").click()
    expect(person.locator("[data-document-status]")).to_have_text("en attente de validation")

    agent.reload()
    agent.get_by_role("button", name="Valider").click()
    expect(agent.locator("[data-document-status]")).to_have_text("validé")
    for action in ("Présélectionner", "Préparer le contrat", "Envoyer le contrat"):
        agent.get_by_role("button", name=action).click()
        expect(agent.locator(".fr-alert--success")).to_be_visible()
    expect(agent.locator("#contract-status")).to_contain_text("Envoyé au candidat")

    person.reload()
    person.get_by_role("button", name="Signer mon contrat d'engagement").click()
    expect(person.locator("#contract-status")).to_contain_text("Signé")
    candidate_file.refresh_from_db()
    assert (candidate_file.status, candidate_file.contract_status) == ("contract", "signed")


def test_a_unit_edits_its_booklet_and_the_public_page_and_pdf_show_it(page_for, page, live_server, demo):
    agent = page_for(AGENT)
    agent.goto(live_server.url + reverse("cohesion:booklet_create"))
    agent.get_by_label("Unité").select_option(label="DGA Maîtrise de l'information")
    agent.get_by_label("Titre").fill("Bienvenue à Bruz (test)")
    agent.get_by_label("Garnison").fill("Bruz")
    agent.locator("label[for=id_published]").click()
    agent.get_by_role("button", name="Enregistrer").click()
    expect(agent.locator(".fr-alert--success")).to_contain_text("Livret créé")
    agent.get_by_role("link", name="Ajouter un bloc").click()
    agent.get_by_label("Rubrique").select_option(label="écoles et garde d'enfants")
    agent.get_by_label("Titre").fill("Inscrire les enfants")
    agent.get_by_label(re.compile("^\\s*Texte")).fill("Les inscriptions se font en mairie avant le 30 juin.")
    agent.get_by_role("button", name="Enregistrer").click()
    expect(agent.locator(".fr-alert--success")).to_contain_text("Bloc ajouté")
    booklet = Booklet.objects.get(title="Bienvenue à Bruz (test)")

    assert _serious_violations(agent) == []  # the booklet's edit page
    page.goto(live_server.url + reverse("cohesion:youth"))
    assert _serious_violations(page) == []
    page.goto(live_server.url + booklet.get_absolute_url())
    expect(page.get_by_role("heading", name="Inscrire les enfants")).to_be_visible()
    assert _serious_violations(page) == []
    response = page.request.get(live_server.url + reverse("cohesion:booklet_pdf", args=[booklet.slug]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Inscrire les enfants" in text and "avant le 30 juin" in text
