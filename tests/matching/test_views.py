"""Matching in pages and API (real model): capability search, suggestions on an opportunity with
invitations, « Opportunités pour vous », the digest's order."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from synergies.matching import services
from synergies.opportunities.enums import OpportunityKind
from tests.api.test_directory_api import bearer
from tests.matching.fixtures import real_model

pytestmark = pytest.mark.django_db


def test_capability_search_page_ranks_and_explains(client_for, directory):
    page = client_for("defence_agent").get(reverse("matching:search"), {"text": "tests d'intrusion informatique"})
    body = page.content.decode()
    assert page.status_code == 200
    assert (
        body.index("Cyberkern") < body.index("Gardiennage Armor")
        if "Gardiennage Armor" in body
        else "Cyberkern" in body
    )
    filtered = (
        client_for("coordinator")
        .get(reverse("matching:search"), {"text": "usinage", "departments": ["56"]})
        .content.decode()
    )
    assert "Titane Usinage Vannes" in filtered and "Kerbrat Mécanique" not in filtered
    empty = client_for("coordinator").get(reverse("matching:search"), {"text": "?!"}).content.decode()
    assert "aucun mot" in empty


def test_a_need_that_matches_nothing_says_so_and_labels_its_few_leads(client_for, people, directory):
    body = client_for("defence_agent").get(reverse("matching:search"), {"text": "zzzzqqq"}).content.decode()
    assert "Aucune organisation ne correspond vraiment à ce besoin" in body
    assert 0 < body.count(">Piste faible</span>") <= services.MAX_WEAK_LEADS
    real = client_for("defence_agent").get(reverse("matching:search"), {"text": "tests d'intrusion"}).content.decode()
    assert "Aucune organisation ne correspond vraiment" not in real
    answer = (
        Client()
        .post(
            "/api/v1/match",
            {"text": "zzzzqqq"},
            content_type="application/json",
            headers=bearer(people["defence_agent"]),
        )
        .json()
    )
    assert 0 < len(answer) <= services.MAX_WEAK_LEADS and all(item["weak"] for item in answer)


def test_match_api_with_the_contract_filters(people, directory):
    answer = Client().post(
        "/api/v1/match",
        {"text": "usinage titane", "filters": {"certifications": ["EN9100"]}, "limit": 5},
        content_type="application/json",
        headers=bearer(people["defence_agent"]),
    )
    assert answer.status_code == 200
    assert [r["ref"] for r in answer.json()] == ["ORG-1"]
    refused = Client().post(
        "/api/v1/match", {"text": "usinage"}, content_type="application/json", headers=bearer(people["org_member"])
    )
    assert refused.status_code == 403
    empty = Client().post(
        "/api/v1/match", {"text": ""}, content_type="application/json", headers=bearer(people["defence_agent"])
    )
    assert empty.status_code == 400 and "Décrivez" in empty.json()["detail"]


def test_the_publisher_sees_suggestions_and_invites(
    client_for,
    directory,
    make_opportunity,
    people,
    django_capture_on_commit_callbacks,
):
    with real_model():
        opportunity = make_opportunity(title="Drone sous-marin de guerre des mines", description="Véhicule autonome.")
        services.embeddings_refresh(kind="opportunity")
        agent_page = client_for("defence_agent").get(opportunity.get_absolute_url()).content.decode()
        assert "Organisations qui pourraient répondre" in agent_page
        assert agent_page.index("Subsea Breizh") < agent_page.index("Menuiserie du Léon")
        member_page = client_for("org_member").get(opportunity.get_absolute_url()).content.decode()
        assert "Organisations qui pourraient répondre" not in member_page
        subsea = directory["ORG-5"]
        from tests.factories import MembershipFactory

        MembershipFactory(organisation=subsea, user__email="subsea@exemple.fr")
        with django_capture_on_commit_callbacks(execute=True):
            client_for("defence_agent").post(
                reverse("opportunities:invite", kwargs={"pk": opportunity.pk, "organisation_pk": subsea.pk})
            )
        assert mail.outbox[-1].to == ["subsea@exemple.fr"] and opportunity.title in mail.outbox[-1].subject
        # The invitation is kept on the opportunity; the button says so; a second one is refused.
        agent = client_for("defence_agent")
        page = " ".join(agent.get(opportunity.get_absolute_url()).content.decode().split())
        assert "Organisations invitées à répondre (1)" in page and "1 destinataire" in page
        assert "Déjà invitée" in page
        again = agent.post(
            reverse("opportunities:invite", kwargs={"pk": opportunity.pk, "organisation_pk": subsea.pk}), follow=True
        )
        assert "a déjà été invitée" in again.content.decode()
        # An organisation nobody can be reached at: nobody is said to be invited.
        nobody = directory["ORG-1"] if directory["ORG-1"].pk != subsea.pk else directory["ORG-2"]
        nobody.contacts.all().delete()
        nobody.memberships.all().delete()
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            answer = agent.post(
                reverse("opportunities:invite", kwargs={"pk": opportunity.pk, "organisation_pk": nobody.pk}),
                follow=True,
            )
        text = " ".join(answer.content.decode().split())
        assert "l'invitation ne parviendrait à personne" in text.replace("&#x27;", "'") and "est invitée" not in text
        assert len(mail.outbox) == sent and opportunity.invitations.count() == 1
        api = (
            Client()
            .get(f"/api/v1/opportunities/{opportunity.pk}/matches", headers=bearer(people["defence_agent"]))
            .json()
        )
        assert api[0]["ref"] == "ORG-5"


def test_opportunities_for_you_on_the_dashboard_and_in_the_api(client_for, people, company, make_opportunity):
    with real_model():
        company.description = "Usinage de pièces en titane pour l'aéronautique."
        company.save()
        services.embeddings_refresh()
        make_opportunity(title="Restauration collective pour une base", description="Repas pour 300 personnes.")
        make_opportunity(title="Pièces en titane usinées", description="Usinage 5 axes de carters en titane.")
        make_opportunity(
            title="Mission de réserve citoyenne", kind=OpportunityKind.RESERVE_MISSION, reserve_type="citizen"
        )
        services.embeddings_refresh(kind="opportunity")
        services.forget_indexes()
        page = client_for("org_member").get(reverse("site:dashboard")).content.decode()
        section = page.split('id="dashboard-for-you"')[1].split("</ol>")[0]
        assert section.index("Pièces en titane usinées") < section.index("Restauration collective")
        api = (
            Client()
            .get(f"/api/v1/organisations/{company.pk}/opportunities", headers=bearer(people["org_member"]))
            .json()
        )
        assert api[0]["title"] == "Pièces en titane usinées"
        # Once the company answered it, it is no longer proposed to it.
        from synergies.opportunities.models import Opportunity
        from tests.opportunities.fixtures import respond

        respond(people["org_member"], Opportunity.objects.get(title="Pièces en titane usinées"), company)
        page = client_for("org_member").get(reverse("site:dashboard")).content.decode()
        assert "Pièces en titane usinées" not in page.split('id="dashboard-for-you"')[1].split("</ol>")[0]
        assert (
            Client()
            .get(f"/api/v1/organisations/{company.pk}/opportunities", headers=bearer(people["registered"]))
            .status_code
            == 403
        )
    services.forget_indexes()


def test_the_digest_lists_the_best_match_first_for_a_member(people, company, make_opportunity):
    import datetime

    from django.utils import timezone

    from synergies.opportunities import saved_searches
    from synergies.opportunities.models import SavedSearch
    from synergies.opportunities.selectors import OpportunityQuery

    with real_model():
        company.description = "Usinage de pièces en titane pour l'aéronautique."
        company.save()
        services.embeddings_refresh()
        saved = saved_searches.saved_search_create(
            actor=people["org_member"], name="Tout", query=OpportunityQuery(), frequency="daily"
        )
        SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
        make_opportunity(title="Pièces en titane usinées", description="Usinage 5 axes de carters en titane.")
        make_opportunity(title="Restauration collective pour une base", description="Repas pour 300 personnes.")
        services.embeddings_refresh(kind="opportunity")
        assert saved_searches.digests_send() == 1
    body = mail.outbox[-1].body
    assert body.index("Pièces en titane usinées") < body.index("Restauration collective")
    services.forget_indexes()


def test_a_shortlist_of_the_results_is_exported(client_for, directory):
    import io

    from openpyxl import load_workbook

    client = client_for("coordinator")
    page = client.get(reverse("matching:search"), {"text": "usinage de pièces en titane"}).content.decode()
    assert 'form method="get" action="/competences/selection.export"' in page and 'name="organisation"' in page
    chosen = [directory["ORG-1"], directory["ORG-2"]]
    export = client.get(reverse("matching:export"), {"organisation": [o.pk for o in chosen], "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:2] == ("Référence", "Nom") and sorted(r[1] for r in rows[1:]) == sorted(o.name for o in chosen)
    assert client_for("org_member").get(reverse("matching:export"), {"organisation": chosen[0].pk}).status_code == 403


def test_the_shortlist_is_invited_to_respond_in_one_step(client_for, make_opportunity, people, bretagne):
    from synergies.opportunities.models import OpportunityInvitation
    from tests.factories import MembershipFactory, OrganisationFactory

    opportunity = make_opportunity(title="Usinage de pièces de drones")
    reachable = OrganisationFactory(name="Joignable (test)", territory=bretagne)
    MembershipFactory(organisation=reachable, user__email="joignable@exemple.fr")
    unreachable = OrganisationFactory(name="Injoignable (test)", territory=bretagne)
    agent = client_for("defence_agent")
    ids = {"organisation": [reachable.pk, unreachable.pk]}
    confirm = agent.get(reverse("matching:invite"), ids).content.decode()
    assert "Joignable (test)" in confirm and "Injoignable (test)" in confirm and opportunity.title in confirm
    done = agent.post(reverse("matching:invite"), {**ids, "opportunity": opportunity.pk}, follow=True)
    page = done.content.decode()
    assert "Invitées à répondre" in page and "ni membre sur Synergies ni contact public" in page
    assert list(OpportunityInvitation.objects.values_list("organisation__name", flat=True)) == ["Joignable (test)"]
    # Someone who does not manage the opportunity cannot invite to it.
    outsider = client_for("other_coordinator")
    outsider.post(reverse("matching:invite"), {**ids, "opportunity": opportunity.pk})
    assert OpportunityInvitation.objects.count() == 1
