"""Hole 5 of the trust issue: control characters are cleaned at the entry, in one place, and every
writer of XML/XLSX survives what was stored before the rule."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from synergies.core.text import clean_control_characters
from synergies.directory.models import Organisation
from synergies.governance import services as governance_services
from synergies.governance.models import Action
from synergies.opportunities.models import Opportunity

PASTED = "Usinage\x0b5 axes\x0cTitane\x00 fin\x1f"
# What may already be stored: PostgreSQL itself refuses NUL in text, SQLite does not.
STORED = "Usinage\x0b5 axes\x0cTitane\x1f fin"


def test_the_rule_turns_page_breaks_into_line_breaks_and_drops_the_rest():
    assert clean_control_characters(PASTED) == "Usinage\n5 axes\nTitane fin"
    assert clean_control_characters("Tab\tet\r\nligne") == "Tab\tet\r\nligne"
    assert clean_control_characters("Accents é € – ok") == "Accents é € – ok"


def test_every_save_of_a_project_model_cleans_its_text_fields(company, opportunity):
    company.description = PASTED
    company.save()
    company.refresh_from_db()
    assert company.description == "Usinage\n5 axes\nTitane fin"
    opportunity.title = "Titre\x00 avec NUL"
    opportunity.save()
    opportunity.refresh_from_db()
    assert opportunity.title == "Titre avec NUL"


def test_the_api_and_forms_store_no_nul(client_for, company):
    client = client_for("org_member")
    response = client.patch(
        f"/api/v1/organisations/{company.pk}",
        {"description": "Profil\x00 collé\x0bd'un PDF"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    company.refresh_from_db()
    assert company.description == "Profil collé\nd'un PDF"


def test_exports_and_feeds_survive_control_characters_stored_before_the_rule(
    client, client_for, company, opportunity, convention, people
):
    # Written around the rule, as rows stored before it existed.
    Organisation.objects.filter(pk=company.pk).update(description=STORED, name="Armor\x0bUsinage")
    Opportunity.objects.filter(pk=opportunity.pk).update(title="Besoin\x0c collé", description=STORED)
    action = governance_services.action_save(
        actor=people["coordinator"],
        convention=convention,
        fields={
            "objective": convention.objectives.get(number=1),
            "reference": "1.9",
            "title": "Action",
            "lead": "region",
        },
    )
    Action.objects.filter(pk=action.pk).update(title="Action\x0b collée")

    xlsx = client.get(reverse("directory:export", kwargs={"fmt": "xlsx"}))
    assert xlsx.status_code == 200
    names = [
        row[1]
        for row in load_workbook(
            io.BytesIO(b"".join(xlsx.streaming_content if xlsx.streaming else [xlsx.content]))
        ).active.iter_rows(values_only=True)
    ]
    assert "ArmorUsinage" in names or "Armor\nUsinage" in names
    assert client.get(reverse("directory:export", kwargs={"fmt": "csv"})).status_code == 200

    rss = client.get(reverse("opportunities:feed_rss"))
    assert rss.status_code == 200 and "Besoin\n collé" in rss.content.decode()
    assert client.get(reverse("opportunities:feed_ics")).status_code == 200

    report = client_for("coordinator").get(
        reverse("governance:report", kwargs={"slug": convention.slug, "fmt": "xlsx"})
    )
    assert report.status_code == 200
    cells = [
        c for row in load_workbook(io.BytesIO(report.content)).worksheets[0].iter_rows(values_only=True) for c in row
    ]
    assert "Action\n collée" in cells


def test_a_nul_character_in_the_query_string_is_refused_in_french(db, client):
    """PostgreSQL refuses NUL in text: found by schemathesis on /api/v1/organisations?q=%00."""
    api = client.get("/api/v1/organisations", {"q": "usinage\x00"})
    assert api.status_code == 400 and "caractère nul" in api.json()["detail"]
    page = client.get("/organisations/", {"q": "\x00"})
    assert page.status_code == 400 and "Requête incorrecte" in page.content.decode()
    assert client.get("/organisations/", {"q": "usinage"}).status_code == 200
