"""The whole loop of an opportunity in a real browser: publish → find → respond → shortlist → award."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

AGENT = "agent-defense@demo.synergies.fr"
MEMBER = "membre@demo.synergies.fr"
TITLE = "Anodisation dure de carters en aluminium"


def test_publish_find_respond_shortlist_award(page_for, live_server, demo):
    # The defence agent publishes a subcontracting need.
    agent = page_for(AGENT)
    agent.goto(live_server.url + reverse("opportunities:create"))
    # Only the fields of the chosen kind show: no contract or reserve type for a subcontracting need.
    agent.get_by_label("Type d'opportunité").select_option("recruitment")
    assert agent.get_by_label("Type de contrat (offres de recrutement)").is_visible()
    agent.get_by_label("Type d'opportunité").select_option("subcontracting")
    assert not agent.get_by_label("Type de contrat (offres de recrutement)").is_visible()
    assert not agent.get_by_label("Réserve (missions de réserve)").is_visible()
    agent.get_by_label("Titre").fill(TITLE)
    agent.get_by_label("Description").fill("Anodisation dure de 300 carters en aluminium 7075, épaisseur 50 µm.")
    agent.get_by_label("Organisation qui publie").select_option(label="DGA Maîtrise de l'information")
    deadline = timezone.localtime() + datetime.timedelta(days=15)
    agent.get_by_label("Date et heure limites de réponse").fill(deadline.strftime("%Y-%m-%dT12:00"))
    agent.get_by_label("Département").select_option("35")
    agent.get_by_role("button", name="Publier", exact=True).click()
    assert agent.get_by_role("heading", level=1).inner_text() == TITLE
    assert agent.locator("#opportunity-status").text_content().strip() == "publiée"
    opportunity_url = agent.url

    # A member of a company finds it and responds on its behalf.
    member = page_for(MEMBER)
    member.goto(live_server.url + reverse("opportunities:list"))
    member.get_by_label("Rechercher une opportunité").fill("anodisation carter")
    member.get_by_role("button", name="Rechercher", exact=True).click()
    member.get_by_role("link", name=TITLE).click()
    member.get_by_role("link", name="Répondre").click()
    member.get_by_label("Nature de la réponse").select_option("application")
    member.get_by_label("Message").fill("Ligne d'anodisation dure certifiée, délai 6 semaines.")
    member.get_by_role("button", name="Envoyer ma réponse").click()
    assert member.locator("#response-status").text_content().strip() == "reçue"
    assert any(TITLE in m.subject and "Nouvelle réponse" in m.subject for m in mail.outbox)

    # The agent shortlists it; the respondent is told by e-mail and on its dashboard.
    agent.goto(opportunity_url)
    agent.locator("#responses + .fr-table").get_by_role("link", name="Armor Usinage de précision (démo)").click()
    agent.get_by_role("button", name="Présélectionner").click()
    assert agent.locator("#response-status").text_content().strip() == "présélectionnée"
    assert any("présélectionnée" in m.subject and MEMBER in m.to for m in mail.outbox)
    member.goto(live_server.url + reverse("site:dashboard"))
    assert "présélectionnée" in member.locator("#dashboard-responses").inner_text()
    agent.get_by_role("button", name="Retenir", exact=True).click()
    assert agent.locator("#response-status").text_content().strip() == "retenue"

    # The agent closes the need and records the outcome.
    agent.goto(opportunity_url)
    agent.get_by_role("button", name="Clôturer").click()
    assert agent.locator("#opportunity-status").text_content().strip() == "clôturée"
    agent.get_by_role("link", name="Enregistrer le résultat").click()
    agent.get_by_label("Lauréat parmi les répondants").select_option(label="Armor Usinage de précision (démo)")
    agent.get_by_label("Montant du contrat ou de la subvention (€)").fill("86000")
    agent.get_by_role("button", name="Enregistrer le résultat").click()
    assert agent.locator("#opportunity-status").text_content().strip() == "attribuée"
    assert "Armor Usinage de précision (démo)" in agent.locator("#awards").inner_text()
    assert "86000 €" in agent.locator("#awards").inner_text()
    member.goto(live_server.url + reverse("site:dashboard"))
    assert "retenue" in member.locator("#dashboard-responses").inner_text()
    assert agent.console_errors == [] and member.console_errors == []


@pytest.mark.parametrize("which", ["list", "detail", "partners"])
def test_opportunity_pages_have_no_serious_accessibility_violation(page, live_server, demo, which):
    from synergies.opportunities.models import Opportunity

    call = Opportunity.objects.get(kind="call_for_projects")
    path = {
        "list": reverse("opportunities:list"),
        "detail": reverse("opportunities:detail", kwargs={"pk": Opportunity.objects.get(kind="subcontracting").pk}),
        "partners": reverse("opportunities:partners", kwargs={"pk": call.pk}),
    }[which]
    page.goto(live_server.url + path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in serious)
    assert page.console_errors == []


def test_the_publish_form_takes_few_tab_presses_from_the_title_to_publish(page_for, live_server, demo):
    """Issue 17 (16): 86 Tab presses from the title to « Publier » was too many. Capabilities fold by
    domain and the fields of other kinds are hidden: count the Tab presses a keyboard user makes."""
    agent = page_for(AGENT)
    agent.goto(live_server.url + reverse("opportunities:create"))
    agent.get_by_label("Type d'opportunité").select_option("subcontracting")
    agent.get_by_label("Titre").focus()
    presses = 0
    while agent.evaluate("document.activeElement.textContent.trim()") != "Publier" and presses < 120:
        agent.keyboard.press("Tab")
        presses += 1
    print(f"Tab presses from the title to « Publier »: {presses}")
    assert presses <= 35, presses
