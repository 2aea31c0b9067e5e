import json

from django.urls import reverse

from tests.opportunities.fixtures import respond


def test_a_person_downloads_their_own_data_and_only_theirs(client_for, people, opportunity, company):
    respond(people["org_member"], opportunity, organisation=company, message="Notre réponse personnelle")
    response = client_for("org_member").get(reverse("accounts:personal_data"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == people["org_member"].email
    assert data["account"]["memberships"][0]["organisation"] == company.name
    assert [r["message"] for r in data["opportunities"]["responses"]] == ["Notre réponse personnelle"]
    other = json.loads(client_for("org_admin").get(reverse("accounts:personal_data")).content)
    assert other["account"]["email"] == people["org_admin"].email
    assert other["opportunities"]["responses"] == []


def test_the_profile_page_offers_the_download(client_for):
    page = client_for("registered").get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:personal_data") in page


def test_a_person_deletes_their_account_and_the_organisation_keeps_its_response(
    client_for, people, make_opportunity, opportunity, company
):
    from synergies.accounts.models import User
    from synergies.core.models import AuditEntry
    from synergies.opportunities.enums import OpportunityKind
    from synergies.opportunities.models import Response, SavedSearch

    member = people["org_member"]
    organisation_response = respond(member, opportunity, organisation=company, contact_email=member.email)
    job = make_opportunity(kind=OpportunityKind.RECRUITMENT, title="Offre d'emploi", contract_type="job")
    personal = respond(member, job, organisation=None, kind="application", contact_email=member.email)
    client = client_for("org_member")

    refused = client.post(reverse("accounts:delete"), {"email": "autre@exemple.fr"})
    assert refused.status_code == 200 and "saisissez exactement votre adresse" in refused.content.decode()
    assert User.objects.filter(pk=member.pk).exists()

    done = client.post(reverse("accounts:delete"), {"email": member.email.upper()})
    assert done.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    kept = Response.objects.get(pk=organisation_response.pk)
    assert kept.organisation == company and kept.author is None
    assert kept.contact_email == "compte-supprime@invalid" and kept.respondent_name == company.name
    assert not Response.objects.filter(pk=personal.pk).exists()
    assert not SavedSearch.objects.filter(user_id=member.pk).exists()
    assert not AuditEntry.objects.filter(actor_repr=member.email).exists()
    # The publisher can still open the organisation's response.
    assert client_for("defence_agent").get(reverse("opportunities:response", kwargs={"pk": kept.pk})).status_code == 200


def test_retention_periods_are_applied_by_the_scheduler_task(settings, people, make_opportunity, company):
    import datetime

    from django.utils import timezone

    from synergies.accounts import services as account_services
    from synergies.accounts.models import ApiToken, User
    from synergies.opportunities.enums import OpportunityKind
    from synergies.opportunities.models import Response
    from synergies.opportunities.tasks import apply_retention
    from tests.factories import UserFactory

    old = timezone.now() - datetime.timedelta(days=40)
    stale = UserFactory(email="jamais-verifie@exemple.fr", verified=False)
    User.objects.filter(pk=stale.pk).update(date_joined=old)
    recent = UserFactory(email="recent@exemple.fr", verified=False)
    token, _ = account_services.api_token_create(user=people["registered"], name="vieux")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now() - datetime.timedelta(days=100))
    job = make_opportunity(kind=OpportunityKind.RECRUITMENT, title="Offre ancienne", contract_type="job")
    personal = respond(people["registered"], job, organisation=None, kind="application")
    need = make_opportunity(title="Besoin ancien")
    kept = respond(people["org_member"], need, organisation=company)
    settings.SYNERGIES_RETENTION_PERSONAL_RESPONSE_DAYS = 0
    type(job).objects.filter(pk__in=[job.pk, need.pk]).update(deadline=timezone.now() - datetime.timedelta(days=1))

    result = apply_retention.enqueue().return_value
    assert result == {"accounts": 1, "tokens": 1, "personal_responses": 1}
    assert not User.objects.filter(pk=stale.pk).exists() and User.objects.filter(pk=recent.pk).exists()
    assert User.objects.filter(pk=people["org_member"].pk).exists()  # has a membership: kept
    assert not Response.objects.filter(pk=personal.pk).exists() and Response.objects.filter(pk=kept.pk).exists()
