import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergies.accounts.services import feed_key_regenerate
from synergies.opportunities import saved_searches, services
from synergies.opportunities.models import Opportunity, Response, SavedSearch
from tests.conftest import ROLES
from tests.opportunities.fixtures import in_days, respond

pytestmark = pytest.mark.django_db

# Who sees an opportunity of each visibility (and a draft), in the order of ROLES:
#                 anon reg  mem  oadm agent coord other natio admin
SEES = {
    "public": (1, 1, 1, 1, 1, 1, 1, 1, 1),
    "registered": (0, 1, 1, 1, 1, 1, 1, 1, 1),
    "partners": (0, 0, 0, 0, 1, 1, 0, 1, 1),
    "restricted": (0, 0, 1, 1, 1, 1, 0, 1, 1),
    "draft": (0, 0, 0, 0, 1, 1, 0, 0, 1),
}


@pytest.fixture
def by_visibility(make_opportunity, company):
    made = {
        visibility: make_opportunity(
            title=f"Besoin {visibility}",
            visibility=visibility,
            restricted_to=[company] if visibility == "restricted" else [],
        )
        for visibility in ("public", "registered", "partners", "restricted")
    }
    made["draft"] = make_opportunity(title="Besoin brouillon", publish=False)
    return made


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_each_role_sees_exactly_the_opportunities_it_may_see(client_for, by_visibility, role_index, role):
    client = client_for(role)
    listing = client.get(reverse("opportunities:list"), {"etat": "toutes"}).content.decode()
    rss = client.get(reverse("opportunities:feed_rss"), {"etat": "toutes"}).content.decode()
    api = client.get("/api/v1/opportunities", {"etat": "toutes"}).json()
    api_titles = {item["title"] for item in api["results"]}
    for key, opportunity in by_visibility.items():
        expected = bool(SEES[key][role_index])
        detail = client.get(reverse("opportunities:detail", kwargs={"pk": opportunity.pk}))
        assert (detail.status_code == 200) is expected, f"{role} / {key}: {detail.status_code}"
        assert (opportunity.title in rss) is (expected and key != "draft"), f"{role} / {key} dans le flux"
        assert (opportunity.title in api_titles) is (expected and key != "draft"), f"{role} / {key} dans l'API"
        if key != "draft":
            assert (opportunity.title in listing) is expected, f"{role} / {key} dans la liste"


def test_a_feed_key_shows_a_feed_reader_what_its_owner_sees(client, by_visibility, people):
    key = feed_key_regenerate(user=people["defence_agent"])
    rss = client.get(reverse("opportunities:feed_rss"), {"cle": key}).content.decode()
    assert "Besoin partners" in rss
    assert client.get(reverse("opportunities:feed_rss"), {"cle": key + "x"}).status_code == 403
    assert "Besoin partners" not in client.get(reverse("opportunities:feed_rss")).content.decode()


def test_the_ics_feed_lists_deadlines(client, by_visibility):
    response = client.get(reverse("opportunities:feed_ics"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 1 and "Date limite : Besoin public" in body
    assert "BEGIN:VALARM" in body


def test_the_publisher_fills_the_form_and_publishes(client_for, people, bretagne):
    client = client_for("defence_agent")
    publisher = people["defence_agent"].territory_roles.get().organisation
    page = client.get(reverse("opportunities:create"))
    assert page.status_code == 200 and publisher.name in page.content.decode()
    data = {
        "territoire": bretagne.slug,
        "kind": "subcontracting",
        "title": "Traitement de surface de pièces",
        "description": "Anodisation de 200 pièces.",
        "publisher": publisher.pk,
        "opens_on": "2026-01-01",
        "deadline": in_days(10).strftime("%Y-%m-%dT%H:%M"),
        "visibility": "public",
        "department": "29",
        "files": [SimpleUploadedFile("cdc.txt", b"Cahier des charges.")],
        "publish": "1",
    }
    response = client.post(reverse("opportunities:create"), data)
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == opportunity.get_absolute_url()
    assert opportunity.status == "published" and opportunity.attachments.count() == 1


def test_a_marked_text_is_refused_in_the_form_with_a_french_message(client_for, people, bretagne):
    client = client_for("defence_agent")
    publisher = people["defence_agent"].territory_roles.get().organisation
    data = {
        "territoire": bretagne.slug,
        "kind": "subcontracting",
        "title": "Besoin",
        "description": "SECRET DÉFENSE — plans",
        "publisher": publisher.pk,
        "opens_on": "2026-01-01",
        "deadline": in_days(10).strftime("%Y-%m-%dT%H:%M"),
        "visibility": "public",
    }
    page = client.post(reverse("opportunities:create"), data).content.decode()
    assert "mention de protection" in page
    assert not Opportunity.objects.exists()


def test_an_oversized_attachment_is_refused(client_for, people, bretagne, settings):
    settings.SYNERGIES_MAX_UPLOAD_BYTES = 100
    client = client_for("defence_agent")
    publisher = people["defence_agent"].territory_roles.get().organisation
    data = {
        "territoire": bretagne.slug,
        "kind": "subcontracting",
        "title": "Besoin",
        "description": "Description",
        "publisher": publisher.pk,
        "opens_on": "2026-01-01",
        "deadline": in_days(10).strftime("%Y-%m-%dT%H:%M"),
        "visibility": "public",
        "files": [SimpleUploadedFile("gros.txt", b"x" * 500)],
    }
    page = client.post(reverse("opportunities:create"), data).content.decode()
    assert "la taille maximale est de 100" in page
    assert not Opportunity.objects.exists()


def test_uploaded_files_are_served_as_downloads_that_cannot_run_script(client_for, make_opportunity):
    opportunity = make_opportunity(files=[SimpleUploadedFile("note.html", b"Note de cadrage.")])
    response = client_for("anonymous").get(
        reverse("opportunities:attachment", kwargs={"pk": opportunity.attachments.get().pk})
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].startswith("text/plain")
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_response_attachments_are_seen_only_by_authors_and_publisher(client_for, opportunity, people, company):
    response = services.response_create(
        actor=people["org_member"],
        opportunity=opportunity,
        organisation=company,
        kind="application",
        message="Notre offre.",
        contact_name="Yann",
        contact_email="yann@exemple.fr",
        files=[SimpleUploadedFile("offre.txt", b"Offre commerciale.")],
    )
    url = reverse("opportunities:attachment", kwargs={"pk": response.attachments.get().pk})
    expected = {"org_member": 200, "org_admin": 200, "defence_agent": 200, "coordinator": 404, "registered": 404}
    answers = {role: client_for(role).get(url) for role in expected}
    for answer in answers.values():
        # Closing a file response ends the request, which closes the database connection: at the end only.
        answer.close()
    assert {role: answer.status_code for role, answer in answers.items()} == expected


def test_coordinators_see_counts_not_content(client_for, opportunity, people, company):
    respond(people["org_member"], opportunity, company, message="Prix confidentiel : 42 000 €")
    detail = reverse("opportunities:detail", kwargs={"pk": opportunity.pk})
    coordinator_page = client_for("coordinator").get(detail).content.decode()
    assert "reçue : 1" in coordinator_page.lower() and "42 000" not in coordinator_page
    agent_page = client_for("defence_agent").get(detail).content.decode()
    assert "Armor Usinage (test)" in agent_page


def test_the_respondent_follows_its_response_on_the_dashboard(client_for, opportunity, people, company):
    response = respond(people["org_member"], opportunity, company)
    services.response_transition(actor=people["defence_agent"], response=response, name="shortlist")
    page = client_for("org_admin").get(reverse("site:dashboard")).content.decode()
    assert opportunity.title in page and "présélectionnée" in page


def test_a_forged_response_status_change_is_refused(client_for, opportunity, people, company):
    response = respond(people["org_member"], opportunity, company)
    url = reverse("opportunities:response_transition", kwargs={"pk": response.pk})
    assert client_for("org_member").post(url, {"action": "accept"}).status_code == 302
    response.refresh_from_db()
    assert response.status == "received"  # the respondent cannot accept itself
    assert client_for("coordinator").post(url, {"action": "accept"}).status_code == 404
    client_for("defence_agent").post(url, {"action": "accept"})
    response.refresh_from_db()
    assert response.status == "accepted"


def test_saving_a_search_and_unsubscribing_in_one_click(client_for, people, client):
    user_client = client_for("registered")
    user_client.post(
        reverse("opportunities:saved_searches"),
        {"name": "Cyber", "frequency": "daily", "q": "cyber", "type": "research"},
    )
    saved = SavedSearch.objects.get()
    assert saved.params == {"q": "cyber", "type": ["research"]} and saved.user == people["registered"]
    url = reverse("opportunities:unsubscribe", kwargs={"token": saved_searches.unsubscribe_token(saved)})
    assert client.get(url).status_code == 200
    saved.refresh_from_db()
    assert saved.is_active  # a GET (a link checker) changes nothing
    # RFC 8058: the mail client POSTs without session nor CSRF token.
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    saved.refresh_from_db()
    assert not saved.is_active
    assert client.get(reverse("opportunities:unsubscribe", kwargs={"token": "forge"})).status_code == 404


def test_the_list_keeps_a_bad_filter_as_a_message(client):
    page = client.get(reverse("opportunities:list"), {"echeance": "hier"}).content.decode()
    assert "Date limite invalide" in page


def test_no_response_after_the_deadline_through_the_page(client_for, opportunity, company):
    Opportunity.objects.filter(pk=opportunity.pk).update(deadline=in_days(-1))
    response = client_for("org_member").post(
        reverse("opportunities:respond", kwargs={"pk": opportunity.pk}),
        {
            "organisation": company.pk,
            "kind": "interest",
            "message": "x",
            "contact_name": "a",
            "contact_email": "a@b.fr",
        },
        follow=True,
    )
    assert "ne reçoit plus de réponse" in response.content.decode()
    assert not Response.objects.exists()
    assert len(mail.outbox) == 0


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["anonymous", "defence_agent"])
def test_list_and_detail_queries_do_not_grow_with_the_data(client_for, make_opportunity, people, company, role):
    """An N+1 shows up here as a failing test: the count is the same for 2 and for 12 opportunities."""
    client = client_for(role)
    for n in range(2):
        make_opportunity(title=f"Besoin {n}")
    list_url = reverse("opportunities:list")
    few = _queries(client, list_url)
    for n in range(10):
        make_opportunity(title=f"Autre besoin {n}")
    many = _queries(client, list_url)
    assert many == few
    opportunity = Opportunity.objects.first()
    detail_url = reverse("opportunities:detail", kwargs={"pk": opportunity.pk})
    before = _queries(client, detail_url)
    for user in (people["org_member"], people["org_admin"]):
        services.question_ask(actor=user, opportunity=opportunity, text="Une question ?")
    respond(people["org_member"], opportunity, company)
    assert _queries(client, detail_url) <= before + 1  # one list more to show, not one query per row


def test_a_visitor_is_offered_to_respond_through_the_login_and_back(client, make_opportunity):
    from urllib.parse import quote

    opportunity = make_opportunity()
    page = client.get(opportunity.get_absolute_url()).content.decode()
    respond_url = reverse("opportunities:respond", kwargs={"pk": opportunity.pk})
    assert f"{reverse('account_login')}?next={quote(respond_url, safe='/')}" in page
    assert f"{reverse('account_signup')}?next={quote(respond_url, safe='/')}" in page


def test_the_publish_form_groups_capabilities_by_domain(client_for, bretagne):
    from synergies.directory.models import CapabilityDomain

    page = " ".join(client_for("defence_agent").get(reverse("opportunities:create")).content.decode().split())
    for domain in CapabilityDomain.objects.all():
        assert f">{domain.name}</span>" in page, domain.name
    # Folded: a keyboard user tabs through the domains, and a chosen capability keeps its domain open.
    assert page.count('<details class="synergies-capability-domain"') == CapabilityDomain.objects.count()


def test_the_publisher_publishes_expected_questions_with_their_answer_and_is_not_offered_to_ask(
    client_for, opportunity, people
):
    from synergies.opportunities.models import Question

    agent = client_for("defence_agent")
    page = agent.get(opportunity.get_absolute_url()).content.decode()
    assert "Publier la question et sa réponse" in page and "Poser la question" not in page
    agent.post(
        reverse("opportunities:question_publish", kwargs={"pk": opportunity.pk}),
        {"text": "Les plans sont-ils fournis ?", "answer": "Oui, au format STEP."},
    )
    question = Question.objects.get()
    assert question.answer == "Oui, au format STEP." and question.answered_by == people["defence_agent"]
    member = client_for("org_member")
    visitor_page = member.get(opportunity.get_absolute_url()).content.decode()
    assert "Oui, au format STEP." in visitor_page and "Poser la question" in visitor_page
    member.post(
        reverse("opportunities:question_publish", kwargs={"pk": opportunity.pk}),
        {"text": "Question ?", "answer": "Réponse."},
    )
    assert Question.objects.count() == 1  # only those who manage the opportunity publish its questions
