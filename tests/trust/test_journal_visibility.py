"""Hole 3 of the trust issue: the audit journal follows the visibility of the objects it describes."""

from django.urls import reverse

from tests.opportunities.fixtures import respond


def _journal(client, territory):
    page = client.get(reverse("territories:audit", kwargs={"slug": territory.slug}))
    assert page.status_code == 200
    return page.content.decode()


def test_coordinators_see_that_a_response_was_sent_never_by_whom(
    client_for, people, bretagne, opportunity, company, make_opportunity
):
    respond(
        people["org_member"],
        opportunity,
        organisation=company,
        message="Message sentinelle",
        contact_email="sentinelle-contact@exemple.fr",
    )
    coordinator = _journal(client_for("coordinator"), bretagne)
    assert "response_sent" in coordinator
    assert "réponse (contenu confidentiel)" in coordinator
    assert company.name not in coordinator
    assert people["org_member"].email not in coordinator
    admin = _journal(client_for("admin"), bretagne)
    assert people["org_member"].email in admin and company.name in admin


def test_national_steering_does_not_read_draft_titles_in_the_journal(client_for, bretagne, make_opportunity):
    make_opportunity(title="Brouillon sentinelle du journal", publish=False)
    make_opportunity(title="Publication visible du journal")
    steering = _journal(client_for("national_steering"), bretagne)
    assert "Publication visible du journal" in steering
    assert "Brouillon sentinelle du journal" not in steering
    assert "Brouillon sentinelle du journal" in _journal(client_for("coordinator"), bretagne)


def test_the_opportunity_history_hides_who_contacted_a_partner(client_for, people, bretagne, opportunity):
    from synergies.opportunities.selectors import history

    rows = history(people["coordinator"], opportunity)
    assert rows and all(not row.masked for row in rows if row.action == "created")


def test_the_journal_speaks_french(client_for, bretagne, make_opportunity, people):
    from synergies.opportunities import services

    opportunity = make_opportunity(title="Besoin à publier", publish=False)
    services.opportunity_transition(actor=people["defence_agent"], opportunity=opportunity, name="publish")
    text = _journal(client_for("coordinator"), bretagne)
    assert "publication" in text and "brouillon → publiée" in text
    assert "'draft'" not in text and "publish<" not in text


def test_the_journal_export_masks_as_the_page_does_and_filters_by_date_and_object(
    client_for, people, bretagne, opportunity, company
):
    import datetime

    from django.utils import timezone

    respond(people["org_member"], opportunity, organisation=company, message="Message", contact_email="c@exemple.fr")
    url = reverse("territories:audit", kwargs={"slug": bretagne.slug})
    coordinator = client_for("coordinator")
    export = coordinator.get(url, {"format": "csv"})
    text = export.content.decode("utf-8")
    assert export["Content-Type"].startswith("text/csv") and text.startswith("\ufeffDate;Auteur;Action")
    assert "réponse (contenu confidentiel)" in text
    assert people["org_member"].email not in text and company.name not in text
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    later = coordinator.get(url, {"du": tomorrow}).content.decode()
    assert "Aucune modification enregistrée" in later
    bad = coordinator.get(url, {"du": "hier"}, follow=True).content.decode()
    assert "Date invalide" in bad
