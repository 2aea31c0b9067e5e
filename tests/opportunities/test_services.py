import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.utils import timezone

from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from synergies.opportunities import partners, saved_searches, selectors, services
from synergies.opportunities.enums import OpportunityKind, OpportunityStatus, ResponseStatus
from synergies.opportunities.models import Attachment, Opportunity, Response
from tests.core.documents import pdf
from tests.factories import MembershipFactory, OrganisationFactory
from tests.opportunities.fixtures import in_days, respond

pytestmark = pytest.mark.django_db


def _expire(opportunity, *, hours=1):
    """Move the deadline into the past, as time passing would."""
    Opportunity.objects.filter(pk=opportunity.pk).update(deadline=timezone.now() - datetime.timedelta(hours=hours))
    opportunity.refresh_from_db()


def test_lifecycle_draft_published_closed_at_deadline_then_awarded(make_opportunity, agent, company):
    opportunity = make_opportunity(publish=False)
    assert opportunity.status == OpportunityStatus.DRAFT
    services.opportunity_transition(actor=agent, opportunity=opportunity, name="publish")
    assert opportunity.status == OpportunityStatus.PUBLISHED and opportunity.published_at is not None

    _expire(opportunity)
    assert opportunity.effective_status == OpportunityStatus.CLOSED  # before any task has run
    assert not Opportunity.objects.open().filter(pk=opportunity.pk).exists()
    assert services.opportunities_close_expired() == 1
    assert services.opportunities_close_expired() == 0  # idempotent
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.CLOSED
    assert opportunity.closed_at == opportunity.deadline

    services.opportunity_award(
        actor=agent,
        opportunity=opportunity,
        winners=[{"organisation": company, "amount": 180_000}],
        awarded_on=timezone.localdate(),
    )
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.AWARDED
    award = opportunity.awards.get()
    assert (award.organisation, award.winner_name, award.amount) == (company, company.name, 180_000)
    actions = [entry.action for entry in selectors.history(AnonymousUser(), opportunity)]
    assert actions == ["created", "publish", "closed_at_deadline", "award"]
    assert AuditEntry.objects.get(action="closed_at_deadline").actor is None


def test_publishing_with_a_past_deadline_is_refused(make_opportunity, agent):
    opportunity = make_opportunity(publish=False)
    _expire(opportunity)
    with pytest.raises(ApplicationError, match="date limite est passée"):
        services.opportunity_transition(actor=agent, opportunity=opportunity, name="publish")


def test_a_transition_from_the_wrong_state_is_refused(opportunity, agent):
    services.opportunity_transition(actor=agent, opportunity=opportunity, name="cancel")
    with pytest.raises(ApplicationError, match="Impossible"):
        services.opportunity_transition(actor=agent, opportunity=opportunity, name="publish")


def test_award_needs_a_closed_opportunity_and_a_past_date(opportunity, agent, company):
    with pytest.raises(ApplicationError, match="après la date limite"):
        services.opportunity_award(
            actor=agent, opportunity=opportunity, winners=[{"organisation": company}], awarded_on=timezone.localdate()
        )
    _expire(opportunity)
    with pytest.raises(ApplicationError, match="futur"):
        services.opportunity_award(
            actor=agent,
            opportunity=opportunity,
            winners=[{"organisation": company}],
            awarded_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert not opportunity.awards.exists()


def test_only_those_who_manage_it_change_its_state(opportunity, people):
    for role in ("org_member", "registered", "other_coordinator"):
        with pytest.raises(ApplicationError):
            services.opportunity_transition(actor=people[role], opportunity=opportunity, name="close")
    services.opportunity_transition(actor=people["coordinator"], opportunity=opportunity, name="close")
    assert opportunity.status == OpportunityStatus.CLOSED


def test_an_agent_cannot_publish_for_another_organisation(bretagne, agent, company):
    with pytest.raises(ApplicationError, match="au nom de cette organisation"):
        services.opportunity_create(
            actor=agent,
            territory=bretagne,
            publisher=company,
            fields={"kind": "subcontracting", "title": "x", "description": "y", "deadline": in_days(3)},
        )
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"description": "Document DIFFUSION RESTREINTE : plans"}, "Diffusion Restreinte"),
        ({"kind": OpportunityKind.RECRUITMENT}, "type de contrat"),
        ({"kind": OpportunityKind.RESERVE_MISSION}, "réserve"),
        ({"department": "75"}, "n'appartient pas au territoire"),
        ({"budget_min": 10, "budget_max": 5}, "budget minimal"),
        ({"title": ""}, "Titre"),
    ],
)
def test_bad_opportunities_are_refused_with_a_french_message(make_opportunity, fields, message):
    with pytest.raises(ApplicationError, match=f"(?i){message}"):
        make_opportunity(**fields)
    assert not Opportunity.objects.exists()


def _stored_files(settings) -> set:
    return set(settings.PRIVATE_MEDIA_ROOT.rglob("*.*"))


def test_a_refused_attachment_leaves_nothing_written(make_opportunity, settings):
    before = _stored_files(settings)
    good = SimpleUploadedFile("cahier.pdf", pdf("Cahier des charges."))
    marked = SimpleUploadedFile("annexe.pdf", pdf("Annexe technique.", footer="CONFIDENTIEL DEFENSE"))
    with pytest.raises(ApplicationError, match="CONFIDENTIEL"):
        make_opportunity(files=[good, marked])
    svg = SimpleUploadedFile("logo.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    with pytest.raises(ApplicationError, match="SVG"):
        make_opportunity(files=[svg])
    assert not Opportunity.objects.exists() and not Attachment.objects.exists()
    assert _stored_files(settings) == before


def test_a_database_failure_after_storing_files_removes_them(make_opportunity, settings, monkeypatch):
    before = _stored_files(settings)
    stored = []
    original_save = Attachment.save

    def save_then_fail(self, *args, **kwargs):
        stored.append(self.file.name)
        original_save(self, *args, **kwargs)
        raise DatabaseError("disque plein")

    monkeypatch.setattr(Attachment, "save", save_then_fail)
    with pytest.raises(DatabaseError):
        make_opportunity(files=[SimpleUploadedFile("cahier.pdf", pdf("Cahier des charges."))])
    assert stored and stored[0].endswith(".pdf")  # the file had been written…
    assert _stored_files(settings) == before  # …and is gone with the rolled-back transaction
    assert not Opportunity.objects.exists()


def test_attachments_are_stored_with_their_type_read_from_content(make_opportunity):
    opportunity = make_opportunity(files=[SimpleUploadedFile("cahier.txt", pdf("Cahier des charges."))])
    attachment = opportunity.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")


def test_one_response_per_organisation_until_withdrawn(opportunity, people, company):
    member = people["org_member"]
    first = respond(member, opportunity, company)
    with pytest.raises(ApplicationError, match="déjà répondu"):
        respond(people["org_admin"], opportunity, company)
    services.response_withdraw(actor=member, response=first)
    second = respond(member, opportunity, company)
    assert second.status == ResponseStatus.RECEIVED
    assert Response.objects.filter(opportunity=opportunity).count() == 2


def test_a_response_after_the_deadline_is_refused(opportunity, people, company):
    _expire(opportunity, hours=0)
    with pytest.raises(ApplicationError, match="ne reçoit plus de réponse"):
        respond(people["org_member"], opportunity, company)
    assert not Response.objects.exists()


def test_responding_for_an_organisation_one_is_not_a_member_of_is_refused(opportunity, people, other_company):
    with pytest.raises(ApplicationError, match="membre"):
        respond(people["org_member"], opportunity, other_company)
    with pytest.raises(ApplicationError, match="membre"):
        respond(people["registered"], opportunity, None)


def test_a_person_applies_in_their_own_name_to_a_job(make_opportunity, people):
    job = make_opportunity(kind=OpportunityKind.RECRUITMENT, contract_type="job", open_to_military_spouses=True)
    response = respond(people["registered"], job, None, kind="application")
    assert response.organisation is None and response.respondent_name == "Camille Test"
    with pytest.raises(ApplicationError, match="Vous avez déjà répondu"):
        respond(people["registered"], job, None)


def test_the_publisher_reviews_and_each_step_emails_the_respondent(
    opportunity, people, company, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = respond(people["org_member"], opportunity, company, contact_email="contact@armor.fr")
    assert [m.to for m in mail.outbox] == [[agent.email]]  # the publisher's agent is told
    mail.outbox.clear()
    for name, status in [("review", "en cours d'examen"), ("shortlist", "présélectionnée"), ("accept", "retenue")]:
        with django_capture_on_commit_callbacks(execute=True):
            services.response_transition(actor=agent, response=response, name=name)
        message = mail.outbox[-1]
        assert sorted(message.to) == ["contact@armor.fr", people["org_member"].email]
        assert status in message.subject and status in message.body
    assert len(mail.outbox) == 3
    assert [e.action for e in selectors.history(AnonymousUser(), response)] == [
        "response_sent",
        "response_review",
        "response_shortlist",
        "response_accept",
    ]
    with pytest.raises(ApplicationError, match="ne peut pas passer"):
        services.response_transition(actor=agent, response=response, name="decline")


def test_coordinators_do_not_review_responses(opportunity, people, company):
    response = respond(people["org_member"], opportunity, company)
    with pytest.raises(ApplicationError, match="examine"):
        services.response_transition(actor=people["coordinator"], response=response, name="shortlist")
    counts = selectors.response_counts(opportunity)
    assert counts == {"reçue": 1}


def test_a_question_is_answered_once_for_everyone(opportunity, people, agent, django_capture_on_commit_callbacks):
    asker = people["registered"]
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(actor=asker, opportunity=opportunity, text="Plans au format STEP ?")
    assert mail.outbox[-1].to == [agent.email]
    assert list(selectors.questions_for(people["org_member"], opportunity, manages=False)) == []
    assert list(selectors.questions_for(asker, opportunity, manages=False)) == [question]
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=agent, question=question, answer="Oui, STEP AP242.")
    assert mail.outbox[-1].to == [asker.email] and "STEP AP242" in mail.outbox[-1].body
    assert list(selectors.questions_for(people["org_member"], opportunity, manages=False)) == [question]
    with pytest.raises(ApplicationError, match="déjà reçu une réponse"):
        services.question_answer(actor=agent, question=question, answer="Autre chose")
    with pytest.raises(ApplicationError):
        services.question_answer(actor=people["org_member"], question=question, answer="x")


def test_partner_search_consortium_and_joint_application(
    make_opportunity, people, company, other_company, django_capture_on_commit_callbacks
):
    call = make_opportunity(kind=OpportunityKind.CALL_FOR_PROJECTS, title="Appel à projets drones sous-marins")
    lead_user = people["org_member"]
    partner_user = MembershipFactory(organisation=other_company, user__email="partenaire@exemple.fr").user
    partners.partner_search_declare(actor=lead_user, opportunity=call, organisation=company, message="Usinage titane.")
    partners.partner_search_declare(
        actor=partner_user, opportunity=call, organisation=other_company, message="Composites."
    )
    with pytest.raises(ApplicationError, match="déjà"):
        partners.partner_search_declare(actor=lead_user, opportunity=call, organisation=company, message="encore")
    with django_capture_on_commit_callbacks(execute=True):
        partners.partner_message_send(
            actor=lead_user, opportunity=call, sender=company, recipient=other_company, text="Montons un projet ?"
        )
    assert mail.outbox[-1].to == ["partenaire@exemple.fr"] and mail.outbox[-1].reply_to == [lead_user.email]
    stranger = OrganisationFactory(name="Hors recherche")
    with pytest.raises(ApplicationError, match="ne cherche pas"):
        partners.partner_message_send(
            actor=lead_user, opportunity=call, sender=company, recipient=stranger, text="Bonjour"
        )
    with pytest.raises(ApplicationError, match="ne cherchent pas"):
        partners.consortium_create(actor=lead_user, opportunity=call, lead=company, name="X", members=[stranger])
    with django_capture_on_commit_callbacks(execute=True):
        consortium = partners.consortium_create(
            actor=lead_user, opportunity=call, lead=company, name="Armor Composites", members=[other_company]
        )
    assert "Armor Composites" in mail.outbox[-1].body
    membership = consortium.memberships.get(organisation=other_company)
    with pytest.raises(ApplicationError):
        partners.consortium_accept(actor=lead_user, membership=membership)  # not a member of the partner
    partners.consortium_accept(actor=partner_user, membership=membership)
    response = respond(lead_user, call, company, kind="application", consortium=consortium)
    from synergies.opportunities import perms

    assert perms.can_view_response(partner_user, response)  # the consortium's members see its application
    with pytest.raises(ApplicationError, match="chef de file"):
        respond(partner_user, call, other_company, consortium=consortium)


def test_the_search_finds_word_forms_and_filters(make_opportunity, people):
    titanium = make_opportunity(title="Pièces usinées en titane", capabilities=[])
    make_opportunity(title="Audit de sécurité des systèmes", description="Tests d'intrusion.", department="29")
    anonymous = people["registered"]

    def titles(**params):
        query = selectors.OpportunityQuery.from_params(params)
        return {o.title for o in selectors.opportunity_search(anonymous, query)}

    assert titles(q="piece usinee") == {titanium.title}
    assert titles(q="securite") == {"Audit de sécurité des systèmes"}
    assert titles(departement=["29"]) == {"Audit de sécurité des systèmes"}
    assert titles(type=["recruitment"]) == set()
    assert titles(q="titane", etat="closed") == set()
    query = selectors.OpportunityQuery.from_params({"echeance": "demain", "etat": "n-importe"})
    assert len(query.errors) == 2


def test_digest_lists_new_visible_matches_with_one_click_unsubscribe(make_opportunity, people):
    user = people["registered"]
    saved = saved_searches.saved_search_create(
        actor=user, name="Usinage", query=selectors.OpportunityQuery(q="usinage"), frequency="daily"
    )
    old = timezone.now() - datetime.timedelta(days=2)
    type(saved).objects.filter(pk=saved.pk).update(last_sent_at=old)
    saved.refresh_from_db()
    make_opportunity(title="Usinage de boîtiers en titane")
    make_opportunity(title="Usinage réservé aux partenaires", visibility="partners")
    make_opportunity(title="Audit de sécurité")  # does not match
    make_opportunity(title="Usinage en brouillon", publish=False)

    assert saved_searches.digests_send() == 1
    message = mail.outbox[-1]
    assert message.to == [user.email]
    assert "Usinage de boîtiers en titane" in message.body
    assert "partenaires" not in message.body.split("Toutes les opportunités")[0].lower().replace("recherche", "")
    assert "réservé aux partenaires" not in message.body
    assert "brouillon" not in message.body and "Audit" not in message.body
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert saved_searches.digests_send() == 0  # not due again before a day has passed
    token = unsubscribe_url.rstrip("/").rsplit("/", 1)[-1]
    saved_searches.saved_search_unsubscribe(saved_search=saved_searches.saved_search_from_token(token))
    type(saved).objects.filter(pk=saved.pk).update(last_sent_at=old)
    make_opportunity(title="Usinage encore")
    assert saved_searches.digests_send() == 0
    assert saved_searches.saved_search_from_token("forged") is None


def test_opportunities_feed_the_visibility_rules(make_opportunity, people, company):
    public = make_opportunity(title="Public")
    partners = make_opportunity(title="Partenaires", visibility="partners")
    restricted = make_opportunity(title="Désignées", visibility="restricted", restricted_to=[company])
    draft = make_opportunity(title="Brouillon", publish=False)

    def seen(role):
        return set(selectors.opportunities_visible_to(people[role]).values_list("title", flat=True))

    assert seen("anonymous") == {public.title}
    assert seen("registered") == {public.title}
    assert seen("org_member") == {public.title, restricted.title}
    assert seen("defence_agent") == {public.title, partners.title, restricted.title, draft.title}
    assert seen("coordinator") == {public.title, partners.title, restricted.title, draft.title}
    assert seen("other_coordinator") == {public.title}
    # National steering reads every territory's published work, not the drafts.
    assert seen("national_steering") == {public.title, partners.title, restricted.title}
    assert seen("admin") == {public.title, partners.title, restricted.title, draft.title}


def test_the_scheduler_closes_past_deadlines_through_the_task(opportunity, capsys):
    from django.core.management import call_command

    _expire(opportunity)
    call_command("run_scheduler", "--once")
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.CLOSED
    assert "mises en file" in capsys.readouterr().out
