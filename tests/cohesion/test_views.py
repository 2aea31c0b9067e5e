"""What the cohesion pages show to whom: the public's youth page names no school, spouse offers put
pledged employers first, a referent's board filters and exports, the API Engagement feed lists only
public open missions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from synergies.cohesion import employers, reserve, youth
from synergies.core.exceptions import ApplicationError
from synergies.opportunities.enums import OpportunityKind
from tests.cohesion.fixtures import apply
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_public_youth_page_counts_without_naming_schools(client, unit, unit_agent, bretagne):
    school = OrganisationFactory(
        name="Lycée Chateaubriand (test)", territory=bretagne, kind="etablissement_enseignement", commune_insee="35238"
    )
    partnership = youth.partnership_save(
        actor=unit_agent,
        unit=unit,
        school=school,
        fields={"programme": "cdsg", "name": "CDSG Chateaubriand", "started_on": TODAY, "young_people": 31},
    )
    with pytest.raises(ApplicationError, match="précède le début"):
        youth.activity_add(
            actor=unit_agent, partnership=partnership, kind="visit", held_on=TODAY - datetime.timedelta(days=1)
        )
    page = client.get(reverse("cohesion:youth")).content.decode()
    assert "31" in page and "Rennes" in page
    assert "Chateaubriand" not in page
    assert client.get(partnership.get_absolute_url()).status_code == 302  # to the login page


def test_spouse_offers_put_pledged_employers_first(client, make_opportunity, company, people):
    later = make_opportunity(
        kind=OpportunityKind.RECRUITMENT,
        contract_type="job",
        title="Comptable (conjoints)",
        open_to_military_spouses=True,
    )
    sooner = make_opportunity(
        kind=OpportunityKind.RECRUITMENT,
        contract_type="job",
        title="Assistant RH (conjoints)",
        open_to_military_spouses=True,
        deadline=later.deadline - datetime.timedelta(days=10),
    )
    make_opportunity(kind=OpportunityKind.RECRUITMENT, contract_type="job", title="Soudeur (pas conjoints)")
    page = client.get(reverse("cohesion:spouses")).content.decode()
    assert page.index("Assistant RH") < page.index("Comptable") and "Soudeur" not in page
    publisher = later.publisher
    employers.commitment_save(
        actor=people["coordinator"],
        organisation=publisher,
        fields={"kind": "spouse_pledge", "stage": "signed", "signed_on": TODAY},
    )
    sooner.publisher = OrganisationFactory(name="Autre employeur (test)", territory=company.territory)
    sooner.save()
    page = client.get(reverse("cohesion:spouses")).content.decode()
    assert page.index("Comptable") < page.index("Assistant RH") and "employeur engagé" in page


def test_the_board_filters_exports_and_is_the_referents_only(
    client, mission, candidate, other_candidate, referent, people
):
    first = apply(mission, candidate)
    apply(mission, other_candidate, first_name="Paul", last_name="Morvan")
    reserve.file_transition(actor=referent, candidate_file=first, name="preselect")
    client.force_login(referent)
    page = client.get(reverse("cohesion:board") + "?etat=preselected").content.decode()
    assert "Anne Le Goff" in page and "Paul Morvan" not in page
    export = client.get(reverse("cohesion:board") + "?format=csv").content.decode("utf-8-sig")
    assert "Anne" in export and "Morvan" in export and export.splitlines()[0].startswith("Dossier;Mission")
    client.force_login(people["coordinator"])
    assert client.get(reverse("cohesion:board")).status_code == 403
    assert client.get(first.get_absolute_url()).status_code == 404


def test_the_api_engagement_feed_lists_public_open_missions_only(client, make_opportunity, mission):
    make_opportunity(
        kind=OpportunityKind.RESERVE_MISSION,
        reserve_type="operational",
        title="Mission réservée (test)",
        visibility="partners",
    )
    data = client.get(reverse("cohesion:api_engagement")).json()["data"]
    assert [m["title"] for m in data] == [mission.title]
    assert data[0]["type"] == "volontariat_reserve_operationnelle"
    assert data[0]["clientId"].endswith(str(mission.pk)) and data[0]["openToMinors"] is True


def test_a_saved_search_keeps_the_spouses_filter(client, people):
    from synergies.opportunities import saved_searches
    from synergies.opportunities.selectors import OpportunityQuery

    query = OpportunityQuery.from_params({"conjoints": "1", "q": "comptable"})
    assert query.spouses and query.as_params() == {"q": "comptable", "conjoints": "1"}
    saved = saved_searches.saved_search_create(
        actor=people["registered"], query=query, name="Conjoints", frequency="daily"
    )
    assert OpportunityQuery.from_params(saved.params).spouses


def test_the_referent_sees_what_the_named_employer_grants_reservists(
    client, mission, candidate, referent, company, people
):
    candidate_file = apply(mission, candidate, employer=company)
    employers.commitment_save(
        actor=people["org_admin"],
        organisation=company,
        fields={"kind": "reserve_convention", "stage": "signed", "signed_on": TODAY, "days_granted": 12},
    )
    client.force_login(referent)
    page = client.get(candidate_file.get_absolute_url()).content.decode()
    assert "12 jours accordés" in page and company.name in page


def test_reminding_without_a_choice_reaches_the_incomplete_files_of_the_filtered_board(
    client, make_opportunity, mission, candidate, other_candidate, referent, mails_at_once
):
    from django.core import mail

    other_mission = make_opportunity(
        kind=OpportunityKind.RESERVE_MISSION, reserve_type="citizen", title="Autre mission"
    )
    apply(mission, candidate)
    apply(other_mission, other_candidate)
    mail.outbox.clear()
    client.force_login(referent)
    client.post(reverse("cohesion:remind"), {"params": f"mission={mission.pk}"})
    assert [m.to for m in mail.outbox] == [[candidate.email]]


def test_the_eligibility_self_check_says_what_stands_in_the_way_and_stores_nothing(client):
    from synergies.core.models import AuditEntry

    answers = {"age": "oui", "nationality": "non", "national_service": "oui", "record": "oui", "fitness": "oui"}
    before = AuditEntry.objects.count()
    page = client.post(reverse("cohesion:eligibility"), answers).content.decode()
    assert "ouverte aux Français" in page and "Une condition n’est pas remplie" in page
    page = client.post(reverse("cohesion:eligibility"), {**answers, "nationality": "oui"}).content.decode()
    assert "Vous semblez remplir les conditions" in page
    assert client.post(reverse("cohesion:eligibility"), {"age": "oui"}).status_code == 400
    assert AuditEntry.objects.count() == before
