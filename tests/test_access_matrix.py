"""Role × URL: the expected HTTP status of every URL pattern of the project, for every role.

A new URL pattern without a row here fails `test_every_url_pattern_is_in_the_matrix`.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from synergies.accounts import services as account_services
from synergies.accounts.models import OrganisationMembership, TerritoryRole
from synergies.cohesion import booklets as cohesion_booklets
from synergies.cohesion import employers as cohesion_employers
from synergies.cohesion import reserve as cohesion_reserve
from synergies.cohesion import youth as cohesion_youth
from synergies.core.visibility import Visibility
from synergies.directory.models import ImportRun, OrganisationRequest, ProfileClaim
from synergies.events import meetings as event_meetings
from synergies.events import services as event_services
from synergies.governance import services as governance_services
from synergies.governance.models import SteeringImport
from synergies.opportunities import partners, saved_searches
from synergies.opportunities import services as opportunity_services
from synergies.opportunities.selectors import OpportunityQuery
from synergies.platforms import bookings as platform_bookings
from synergies.platforms import services as platform_services
from synergies.territories.services import convention_document_create
from tests.conftest import ROLES
from tests.factories import MembershipFactory, OrganisationFactory
from tests.opportunities.fixtures import in_days as _in_days
from tests.platforms.fixtures import next_weekday, png_upload, slot

A, R, M, OA, DA, C, OC, N, AD = ROLES  # column order of the matrix below

# Expected status per role, in the order of ROLES:
#            anon reg  mem  oadm agent coord other natio admin
ALL_200 = (200, 200, 200, 200, 200, 200, 200, 200, 200)
LOGGED_IN = (302, 200, 200, 200, 200, 200, 200, 200, 200)
LOGGED_IN_ACTION = (302,) * 9  # anonymous to the login page, the others back to their page
COORDINATORS = (302, 403, 403, 403, 403, 200, 403, 403, 200)
AUDIT = (302, 403, 403, 403, 403, 200, 403, 200, 200)
MEMBERS_PAGE = (302, 403, 200, 200, 403, 200, 403, 403, 200)
MANAGE_MEMBERS = (302, 403, 403, 302, 403, 302, 403, 403, 302)
PARTNER_DOCUMENT = (404, 404, 404, 404, 200, 200, 404, 200, 200)
DELETE_DOCUMENT = (302, 404, 404, 404, 403, 302, 404, 403, 302)
COORDINATOR_ACTION = (302, 403, 403, 403, 403, 302, 403, 403, 302)
COORDINATOR_FORM = (302, 403, 403, 403, 403, 400, 403, 403, 400)  # an empty form is refused
OWN_TOKEN = (302, 302, 404, 404, 404, 404, 404, 404, 404)
ENTRANCE = (200, 302, 302, 302, 302, 302, 302, 302, 302)  # allauth sends logged-in people away
ADMIN_ONLY = (302, 302, 302, 302, 302, 302, 302, 302, 200)
API_AUTHENTICATED = (401, 200, 200, 200, 200, 200, 200, 200, 200)
ALL_302 = (302,) * 9
# No body: refused before the permission check (400: no JSON to read, 422: invalid); per role in test_opportunities_api.
API_WRITE = (401,) + (422,) * 8
API_POST = (401,) + (400,) * 8
PUBLISHERS = (302, 403, 403, 403, 200, 200, 200, 403, 200)
MANAGERS_PAGE = (302, 403, 403, 403, 200, 200, 403, 403, 200)
MANAGERS_ACTION = (302, 403, 403, 403, 302, 302, 403, 403, 302)
RESPONDENTS_PAGE = (302, 302, 200, 200, 302, 302, 302, 302, 302)  # others are sent back with a message
RESPONSE_PAGE = (302, 404, 200, 200, 200, 404, 404, 404, 200)  # authors and publisher, never coordinators
RESPONSE_ACTION = (302, 404, 302, 302, 302, 404, 404, 404, 302)
OWN_ORGANISATION_ACTION = (302, 403, 302, 302, 403, 403, 403, 403, 403)
OWN_SAVED_SEARCH = (302, 302, 404, 404, 404, 404, 404, 404, 404)
STEERING_VIEW = (302, 403, 403, 403, 403, 200, 403, 200, 200)
STEERING_FILE = (404, 404, 404, 404, 404, 200, 404, 200, 200)
PLATFORM_OPERATORS = (302, 403, 200, 200, 403, 200, 403, 403, 200)  # the operating organisation and coordinators
PLATFORM_OPERATOR_ACTION = (302, 403, 302, 302, 403, 302, 403, 403, 302)
PLATFORM_REQUEST_PAGE = (302, 404, 200, 200, 404, 200, 404, 404, 200)  # operators (the requester is not a role here)
PLATFORM_REQUEST_ACTION = (302, 404, 302, 302, 404, 302, 404, 404, 302)
EVENT_ORGANISERS = (302, 403, 200, 200, 403, 200, 403, 403, 200)  # the organising organisation and coordinators
EVENT_ORGANISER_ACTION = (302, 403, 302, 302, 403, 302, 403, 403, 302)
EVENT_REGISTRATION_ACTION = (302, 404, 302, 302, 404, 302, 404, 404, 302)  # organisers only; others: not found
MAY_ORGANISE = (302, 403, 200, 200, 200, 200, 200, 403, 200)  # members, agents, coordinators
# A reserve file: its candidate (the registered person) and the unit's referents (the agent); never the
# coordinators (they see counts), nor the employer the candidate named (the company's people).
RESERVE_REFERENTS = (302, 403, 403, 403, 200, 403, 403, 403, 200)
RESERVE_REFERENT_ACTION = (302, 403, 403, 403, 302, 403, 403, 403, 302)
CANDIDATE_FILE = (302, 200, 404, 404, 200, 404, 404, 404, 200)
CANDIDATE_FILE_ACTION = (302, 302, 404, 404, 302, 404, 404, 404, 302)


@pytest.fixture
def objects(people, company, convention, bretagne):
    """The objects that URL patterns point to."""
    document = convention_document_create(
        convention=convention,
        title="Compte rendu du COPIL",
        uploaded_file=SimpleUploadedFile("cr.txt", "Compte rendu sans mention particulière.".encode()),
        visibility=Visibility.PARTNERS,
        actor=people[C],
    )
    invitation = account_services.organisation_invitation_create(
        actor=people[OA], organisation=company, email="nouveau@exemple.fr", role="member"
    )
    _, _ = account_services.api_token_create(user=people[R], name="script")
    import_run = ImportRun.objects.create(
        kind=ImportRun.Kind.ORGANISATIONS, territory=bretagne, parameters={"path": "x"}
    )
    claim = ProfileClaim.objects.create(organisation=company, user=people[R])
    organisation_request = OrganisationRequest.objects.create(
        territory=bretagne, user=people[R], name="Association manquante", kind="association", city="Brest"
    )
    opportunity = opportunity_services.opportunity_create(
        actor=people[DA],
        territory=bretagne,
        publisher=people[DA].territory_roles.get().organisation,
        fields={
            "kind": "call_for_projects",
            "title": "Appel",
            "description": "Projets duaux.",
            "deadline": _in_days(30),
        },
        files=[SimpleUploadedFile("reglement.txt", "Règlement de l'appel.".encode())],
        publish=True,
    )
    response = opportunity_services.response_create(
        actor=people[M],
        opportunity=opportunity,
        organisation=company,
        kind="interest",
        message="Intéressés.",
        contact_name="Yann",
        contact_email="yann@exemple.fr",
    )
    question = opportunity_services.question_ask(actor=people[R], opportunity=opportunity, text="Quel budget ?")
    partner = OrganisationFactory(name="Partenaire (test)")
    partner_user = MembershipFactory(organisation=partner).user
    search = partners.partner_search_declare(
        actor=people[M], opportunity=opportunity, organisation=company, message="Usinage."
    )
    partners.partner_search_declare(
        actor=partner_user, opportunity=opportunity, organisation=partner, message="Composites."
    )
    consortium = partners.consortium_create(
        actor=partner_user, opportunity=opportunity, lead=partner, name="Duo", members=[company]
    )
    saved_search = saved_searches.saved_search_create(
        actor=people[R], name="Tout", query=OpportunityQuery(), frequency="weekly"
    )
    action = governance_services.action_save(
        actor=people[C],
        convention=convention,
        fields={
            "objective": convention.objectives.get(number=1),
            "reference": "1.1",
            "title": "Action",
            "lead": "region",
        },
    )
    indicator = governance_services.indicator_save(
        actor=people[C],
        convention=convention,
        fields={"objective": convention.objectives.get(number=1), "code": "x", "name": "Indicateur", "unit": "n"},
    )
    value = governance_services.value_enter(
        actor=people[C],
        indicator=indicator,
        value="3",
        measured_on=date.today(),
        evidence_file=SimpleUploadedFile("preuve.txt", b"Liste des participants."),
    )
    meeting = governance_services.meeting_save(
        actor=people[C], convention=convention, fields={"kind": "steering", "held_on": date(2025, 1, 15)}
    )
    steering_import = SteeringImport.objects.create(convention=convention, kind="actions", file_name="a.csv")
    # A platform operated by `company` (its member and admin are operators), asked for by `partner`.
    platform = platform_services.platform_save(
        actor=people[OA],
        operator=company,
        fields={"name": "Banc", "summary": "Banc d'essai.", "description": "Essais.", "contact_email": "b@exemple.fr"},
    )
    photo = platform_services.platform_photo_add(
        actor=people[OA], platform=platform, uploaded_file=png_upload(), alt_text="Le banc vu de face"
    )
    resource = platform_services.resource_save(
        actor=people[OA], platform=platform, fields={"name": "Banc vibrant", "kind": "test_bench"}
    )
    access_request = platform_services.request_create(
        actor=partner_user,
        platform=platform,
        organisation=partner,
        fields={"title": "Vibrations", "description": "Essais de tenue."},
        submit=True,
        files=[SimpleUploadedFile("plan.txt", b"Plan d'essais de tenue aux vibrations.")],
    )
    platform_services.request_accept(
        actor=people[OA],
        access_request=access_request,
        allocations=[{"resource": resource, "hours": 4, "valid_from": date.today(), "valid_until": next_weekday(8)}],
    )
    starts_at, ends_at = slot(next_weekday(2, 2), "09:00", "10:00")
    booking = platform_bookings.booking_create(
        actor=partner_user,
        resource=resource,
        starts_at=starts_at,
        ends_at=ends_at,
        allocation=access_request.allocations.get(),
    )
    # An event organised by `company` (its member and admin organise it), with the registered person's registration.
    event = event_services.event_save(
        actor=people[M],
        organiser=company,
        fields={
            "kind": "forum",
            "title": "Forum",
            "summary": "Forum des entreprises.",
            "description": "Stands.",
            "venue": "Salle",
            "starts_at": timezone.now() + timedelta(days=10),
            "ends_at": timezone.now() + timedelta(days=10, hours=3),
            "contact_email": "forum@exemple.fr",
            "meetings_open": True,
        },
    )
    event_services.event_publish(actor=people[M], event=event)
    registration = event_services.registration_create(
        actor=people[R], event=event, name="Inscrit", email=people[R].email
    )
    member_registration = event_services.registration_create(
        actor=people[M], event=event, name="Membre", email=people[M].email
    )
    item = event_meetings.item_save(
        actor=people[R], event=event, fields={"kind": "business_request", "title": "Usinage", "description": "Titane."}
    )
    b2b_meeting = event_meetings.meeting_request(actor=people[R], event=event, requested=member_registration)
    # A reserve mission of the agent's unit; the registered person applies, naming `company` as employer.
    reserve_mission = opportunity_services.opportunity_create(
        actor=people[DA],
        territory=bretagne,
        publisher=people[DA].territory_roles.get().organisation,
        fields={
            "kind": "reserve_mission",
            "reserve_type": "operational",
            "title": "Réserve",
            "description": "Protection.",
            "deadline": _in_days(30),
        },
        publish=True,
    )
    candidate_file = cohesion_reserve.file_create(
        actor=people[R],
        mission=reserve_mission,
        first_name="Anne",
        last_name="Candidate",
        birth_date=date(1990, 1, 1),
        conditions_confirmed=True,
        employer=company,
    )
    candidate_document = candidate_file.documents.first()
    cohesion_reserve.document_upload(
        actor=people[R],
        document=candidate_document,
        uploaded_file=SimpleUploadedFile("identite.txt", "Carte d'identité.".encode()),
    )
    booklet = cohesion_booklets.booklet_save(
        actor=people[DA],
        unit=people[DA].territory_roles.get().organisation,
        fields={"title": "Livret", "garrison": "Rennes", "published": True},
    )
    booklet_block = cohesion_booklets.block_save(
        actor=people[DA],
        booklet=booklet,
        fields={"section": "housing", "title": "Logement", "review_by": date.today() + timedelta(days=30)},
    )
    arrival_step = cohesion_booklets.checklist_item_add(
        actor=people[DA], booklet=booklet, label="Logement", days_from_arrival=-30
    )
    commitment = cohesion_employers.commitment_save(
        actor=people[OA],
        organisation=company,
        fields={"kind": "spouse_pledge", "stage": "signed", "signed_on": date.today()},
    )
    partnership = cohesion_youth.partnership_save(
        actor=people[DA],
        unit=people[DA].territory_roles.get().organisation,
        fields={"programme": "cdsg", "name": "CDSG", "started_on": date.today(), "young_people": 25},
    )
    return {
        "partnership": partnership,
        "commitment": commitment,
        "booklet": booklet,
        "booklet_block": booklet_block,
        "arrival_step": arrival_step,
        "reserve_mission": reserve_mission,
        "candidate_file": candidate_file,
        "candidate_document": candidate_document,
        "event": event,
        "registration": registration,
        "item": item,
        "b2b_meeting": b2b_meeting,
        "platform": platform,
        "photo": photo,
        "resource": resource,
        "access_request": access_request,
        "booking": booking,
        "steering_import": steering_import,
        "action": action,
        "indicator": indicator,
        "value": value,
        "meeting": meeting,
        "opportunity": opportunity,
        "response": response,
        "question": question,
        "attachment": opportunity.attachments.get(),
        "partner_search": search,
        "partner": partner,
        "consortium_member": consortium.memberships.get(organisation=company),
        "saved_search": saved_search,
        "unsubscribe_token": saved_searches.unsubscribe_token(saved_search),
        "claim": claim,
        "organisation_request": organisation_request,
        "import_run": import_run,
        "document": document,
        "invitation": invitation,
        "token": people[R].api_tokens.get(),
        "membership": OrganisationMembership.objects.get(user=people[M]),
        "agent_role": TerritoryRole.objects.get(user=people[DA]),
    }


# (url name, kwargs from the objects, method, expected statuses)
MATRIX = [
    ("site:home", lambda o: {}, "get", ALL_200),
    ("site:dashboard", lambda o: {}, "get", LOGGED_IN),
    ("site:accessibility", lambda o: {}, "get", ALL_200),
    ("site:legal_notice", lambda o: {}, "get", ALL_200),
    ("site:privacy", lambda o: {}, "get", ALL_200),
    ("site:sitemap", lambda o: {}, "get", ALL_200),
    ("site:health", lambda o: {}, "get", ALL_200),
    ("site:mailbox", lambda o: {}, "get", (404,) * 9),  # the demo's mailbox: off outside the demo settings
    ("site:mailbox_message", lambda o: {"name": "x"}, "get", (404,) * 9),
    ("site:agenda", lambda o: {}, "get", (403, 200, 200, 200, 200, 200, 200, 200, 200)),  # a feed key, or the session
    ("accounts:profile", lambda o: {}, "get", LOGGED_IN),
    ("accounts:api_tokens", lambda o: {}, "get", LOGGED_IN),
    ("accounts:personal_data", lambda o: {}, "get", LOGGED_IN),
    ("accounts:delete", lambda o: {}, "get", LOGGED_IN),
    ("accounts:api_token_revoke", lambda o: {"pk": o["token"].pk}, "post", OWN_TOKEN),
    ("accounts:feed_key_regenerate", lambda o: {}, "post", LOGGED_IN_ACTION),
    ("accounts:feed_key_revoke", lambda o: {}, "post", LOGGED_IN_ACTION),
    ("accounts:invitation", lambda o: {"token": o["invitation"].token}, "get", ALL_200),
    ("accounts:invitation_revoke", lambda o: {"pk": o["invitation"].pk}, "post", MANAGE_MEMBERS),
    ("directory:list", lambda o: {}, "get", ALL_200),
    ("directory:detail", lambda o: {"pk": o["membership"].organisation_id}, "get", ALL_200),
    ("directory:export", lambda o: {"fmt": "csv"}, "get", ALL_200),
    ("directory:import_template", lambda o: {"fmt": "xlsx"}, "get", LOGGED_IN),
    ("directory:edit", lambda o: {"pk": o["membership"].organisation_id}, "get", MEMBERS_PAGE),
    ("directory:imports", lambda o: {"slug": "bretagne"}, "get", COORDINATORS),
    ("directory:import_upload", lambda o: {"slug": "bretagne"}, "post", COORDINATOR_FORM),
    ("directory:import_sirene", lambda o: {"slug": "bretagne"}, "post", COORDINATOR_FORM),
    ("directory:import_detail", lambda o: {"pk": o["import_run"].pk}, "get", COORDINATORS),
    ("directory:duplicates", lambda o: {"slug": "bretagne"}, "get", COORDINATORS),
    ("directory:claims", lambda o: {"slug": "bretagne"}, "get", COORDINATORS),
    ("directory:claim", lambda o: {}, "get", LOGGED_IN),
    ("directory:organisation_request", lambda o: {}, "get", LOGGED_IN),
    (
        "directory:organisation_request_decide",
        lambda o: {"pk": o["organisation_request"].pk},
        "post",
        COORDINATOR_ACTION,  # a coordinator without a reason: refused with a message, sent back
    ),
    ("directory:claim_decide", lambda o: {"pk": o["claim"].pk}, "post", COORDINATOR_ACTION),
    ("directory:merge", lambda o: {"slug": "bretagne"}, "post", COORDINATOR_ACTION),
    ("directory:import_confirm", lambda o: {"pk": o["import_run"].pk}, "post", COORDINATOR_ACTION),
    ("directory:members", lambda o: {"pk": o["membership"].organisation_id}, "get", MEMBERS_PAGE),
    (
        "directory:member_remove",
        lambda o: {"pk": o["membership"].organisation_id, "membership_pk": o["membership"].pk},
        "post",
        MANAGE_MEMBERS,
    ),
    ("opportunities:list", lambda o: {}, "get", ALL_200),
    ("opportunities:feed_rss", lambda o: {}, "get", ALL_200),
    ("opportunities:feed_ics", lambda o: {}, "get", ALL_200),
    ("opportunities:create", lambda o: {}, "get", PUBLISHERS),
    ("opportunities:my_publications", lambda o: {}, "get", PUBLISHERS),
    ("opportunities:my_responses", lambda o: {}, "get", LOGGED_IN),
    ("opportunities:saved_searches", lambda o: {}, "get", LOGGED_IN),
    ("opportunities:saved_search_delete", lambda o: {"pk": o["saved_search"].pk}, "post", OWN_SAVED_SEARCH),
    ("opportunities:unsubscribe", lambda o: {"token": o["unsubscribe_token"]}, "get", ALL_200),
    ("opportunities:detail", lambda o: {"pk": o["opportunity"].pk}, "get", ALL_200),
    ("opportunities:edit", lambda o: {"pk": o["opportunity"].pk}, "get", MANAGERS_PAGE),
    ("opportunities:transition", lambda o: {"pk": o["opportunity"].pk}, "post", MANAGERS_ACTION),
    ("opportunities:award", lambda o: {"pk": o["opportunity"].pk}, "get", MANAGERS_PAGE),
    (
        "opportunities:invite",
        lambda o: {"pk": o["opportunity"].pk, "organisation_pk": o["partner"].pk},
        "post",
        MANAGERS_ACTION,
    ),
    ("matching:search", lambda o: {}, "get", (302, 403, 403, 403, 200, 200, 200, 200, 200)),
    ("matching:export", lambda o: {}, "get", (302, 403, 403, 403, 200, 200, 200, 200, 200)),
    ("matching:invite", lambda o: {}, "get", (302, 403, 403, 403, 200, 200, 200, 200, 200)),
    ("opportunities:question_ask", lambda o: {"pk": o["opportunity"].pk}, "post", ALL_302),
    ("opportunities:question_answer", lambda o: {"pk": o["question"].pk}, "post", MANAGERS_ACTION),
    ("opportunities:question_publish", lambda o: {"pk": o["opportunity"].pk}, "post", ALL_302),
    ("opportunities:respond", lambda o: {"pk": o["opportunity"].pk}, "get", RESPONDENTS_PAGE),
    ("opportunities:partners", lambda o: {"pk": o["opportunity"].pk}, "get", ALL_200),
    (
        "opportunities:partner_contact",
        lambda o: {"pk": o["opportunity"].pk, "organisation_pk": o["partner"].pk},
        "post",
        ALL_302,
    ),
    ("opportunities:partner_withdraw", lambda o: {"pk": o["partner_search"].pk}, "post", OWN_ORGANISATION_ACTION),
    ("opportunities:consortium_create", lambda o: {"pk": o["opportunity"].pk}, "post", ALL_302),
    ("opportunities:consortium_accept", lambda o: {"pk": o["consortium_member"].pk}, "post", OWN_ORGANISATION_ACTION),
    ("opportunities:attachment", lambda o: {"pk": o["attachment"].pk}, "get", ALL_200),
    ("opportunities:attachment_delete", lambda o: {"pk": o["attachment"].pk}, "post", MANAGERS_ACTION),
    ("opportunities:response", lambda o: {"pk": o["response"].pk}, "get", RESPONSE_PAGE),
    ("opportunities:response_transition", lambda o: {"pk": o["response"].pk}, "post", RESPONSE_ACTION),
    ("governance:comparison", lambda o: {}, "get", (302, 403, 403, 403, 403, 403, 403, 200, 200)),
    ("governance:dashboard", lambda o: {"slug": "bretagne-2024"}, "get", STEERING_VIEW),
    ("governance:public", lambda o: {"slug": "bretagne-2024"}, "get", ALL_200),
    ("governance:report", lambda o: {"slug": "bretagne-2024", "fmt": "pdf"}, "get", STEERING_VIEW),
    ("governance:report_texts", lambda o: {"slug": "bretagne-2024"}, "get", COORDINATORS),
    ("governance:action_create", lambda o: {"slug": "bretagne-2024"}, "get", COORDINATORS),
    ("governance:action_edit", lambda o: {"slug": "bretagne-2024", "pk": o["action"].pk}, "get", COORDINATORS),
    ("governance:indicator_create", lambda o: {"slug": "bretagne-2024"}, "get", COORDINATORS),
    (
        "governance:indicator_edit",
        lambda o: {"slug": "bretagne-2024", "pk": o["indicator"].pk},
        "get",
        COORDINATORS,
    ),
    ("governance:meetings", lambda o: {"slug": "bretagne-2024"}, "get", STEERING_VIEW),
    ("governance:indicator", lambda o: {"pk": o["indicator"].pk}, "get", STEERING_VIEW),
    ("governance:value_validate", lambda o: {"pk": o["value"].pk}, "post", COORDINATOR_ACTION),
    ("governance:value_evidence", lambda o: {"pk": o["value"].pk}, "get", STEERING_FILE),
    ("governance:meeting", lambda o: {"pk": o["meeting"].pk}, "get", STEERING_VIEW),
    ("governance:import", lambda o: {"slug": "bretagne-2024"}, "get", COORDINATORS),
    ("governance:import_detail", lambda o: {"pk": o["steering_import"].pk}, "get", COORDINATORS),
    ("platforms:list", lambda o: {}, "get", ALL_200),
    ("platforms:detail", lambda o: {"pk": o["platform"].pk}, "get", ALL_200),
    ("platforms:availability", lambda o: {}, "get", ALL_200),
    ("platforms:resource", lambda o: {"pk": o["resource"].pk}, "get", ALL_200),
    # Only the defence agent acts for an organisation other than the operator: the others are sent back.
    (
        "platforms:request_create",
        lambda o: {"pk": o["platform"].pk},
        "get",
        (302, 302, 302, 302, 200, 302, 302, 302, 302),
    ),
    ("platforms:my_requests", lambda o: {}, "get", LOGGED_IN),
    ("platforms:my_feed", lambda o: {}, "get", (403, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("platforms:operator", lambda o: {}, "get", PLATFORM_OPERATORS),
    # Declaring a platform: an organisation's admin, its defence agent (coordinators choose among the
    # territory's non-company organisations, of which this territory has none here).
    ("platforms:create", lambda o: {}, "get", (302, 403, 403, 200, 200, 403, 403, 403, 403)),
    ("platforms:edit", lambda o: {"pk": o["platform"].pk}, "get", PLATFORM_OPERATORS),
    ("platforms:photo", lambda o: {"pk": o["photo"].pk}, "get", ALL_200),
    ("platforms:photo_add", lambda o: {"pk": o["platform"].pk}, "post", PLATFORM_OPERATOR_ACTION),
    ("platforms:photo_remove", lambda o: {"pk": o["photo"].pk}, "post", PLATFORM_OPERATOR_ACTION),
    ("platforms:resource_create", lambda o: {"pk": o["platform"].pk}, "get", PLATFORM_OPERATORS),
    ("platforms:resource_edit", lambda o: {"pk": o["resource"].pk}, "get", PLATFORM_OPERATORS),
    ("platforms:resource_archive", lambda o: {"pk": o["resource"].pk}, "post", PLATFORM_OPERATOR_ACTION),
    ("platforms:closure_add", lambda o: {"pk": o["resource"].pk}, "post", PLATFORM_OPERATOR_ACTION),
    ("platforms:training_add", lambda o: {"pk": o["resource"].pk}, "post", PLATFORM_OPERATOR_ACTION),
    ("platforms:usage_export", lambda o: {"fmt": "csv"}, "get", PLATFORM_OPERATORS),
    (
        "platforms:resource_feed",
        lambda o: {"pk": o["resource"].pk},
        "get",
        (403, 403, 200, 200, 403, 200, 403, 403, 200),
    ),
    ("platforms:request", lambda o: {"pk": o["access_request"].pk}, "get", PLATFORM_REQUEST_PAGE),
    ("platforms:request_action", lambda o: {"pk": o["access_request"].pk}, "post", PLATFORM_REQUEST_ACTION),
    (
        "platforms:request_document",
        lambda o: {"pk": o["access_request"].documents.get().pk},
        "get",
        PLATFORM_REQUEST_PAGE,
    ),
    ("platforms:request_accept", lambda o: {"pk": o["access_request"].pk}, "post", PLATFORM_REQUEST_ACTION),
    ("platforms:request_close", lambda o: {"pk": o["access_request"].pk}, "post", PLATFORM_REQUEST_ACTION),
    ("platforms:book", lambda o: {"pk": o["resource"].pk}, "post", ALL_302),
    ("platforms:booking_cancel", lambda o: {"pk": o["booking"].pk}, "post", PLATFORM_REQUEST_ACTION),
    ("platforms:booking_check_in", lambda o: {"pk": o["booking"].pk}, "post", PLATFORM_REQUEST_ACTION),
    ("platforms:booking_use", lambda o: {"pk": o["booking"].pk}, "post", PLATFORM_REQUEST_ACTION),
    ("events:list", lambda o: {}, "get", ALL_200),
    ("events:feed", lambda o: {}, "get", ALL_200),
    ("events:my_registrations", lambda o: {}, "get", LOGGED_IN),
    ("events:organiser", lambda o: {}, "get", MAY_ORGANISE),
    ("events:create", lambda o: {}, "get", MAY_ORGANISE),
    ("events:detail", lambda o: {"pk": o["event"].pk}, "get", ALL_200),
    ("events:register", lambda o: {"pk": o["event"].pk}, "post", (400,) * 9),  # an empty form is refused
    ("events:edit", lambda o: {"pk": o["event"].pk}, "get", EVENT_ORGANISERS),
    ("events:publish", lambda o: {"pk": o["event"].pk}, "post", EVENT_ORGANISER_ACTION),
    ("events:cancel", lambda o: {"pk": o["event"].pk}, "post", EVENT_ORGANISER_ACTION),
    ("events:manage", lambda o: {"pk": o["event"].pk}, "get", EVENT_ORGANISERS),
    ("events:session_add", lambda o: {"pk": o["event"].pk}, "post", EVENT_ORGANISER_ACTION),
    ("events:checkin", lambda o: {"pk": o["event"].pk}, "get", EVENT_ORGANISERS),
    ("events:attendance_sheet", lambda o: {"pk": o["event"].pk}, "get", EVENT_ORGANISERS),
    ("events:registration_decide", lambda o: {"pk": o["registration"].pk}, "post", EVENT_REGISTRATION_ACTION),
    ("events:waitlist_move", lambda o: {"pk": o["registration"].pk}, "post", EVENT_REGISTRATION_ACTION),
    ("events:attendance", lambda o: {"pk": o["registration"].pk}, "post", EVENT_REGISTRATION_ACTION),
    # The registration's link is its key: whoever holds it manages the registration, without an account.
    ("events:registration", lambda o: {"token": o["registration"].token}, "get", ALL_200),
    ("events:registration_action", lambda o: {"token": o["registration"].token}, "post", ALL_302),
    ("events:registration_qr", lambda o: {"token": o["registration"].token}, "get", ALL_200),
    # B2B meetings: the registered person and the member take part; the organisers see the plan.
    ("events:meetings", lambda o: {"pk": o["event"].pk}, "get", (302, 200, 200, 200, 403, 200, 403, 403, 200)),
    ("events:item_add", lambda o: {"pk": o["event"].pk}, "post", ALL_302),
    (
        "events:meeting_ask",
        lambda o: {"pk": o["event"].pk, "registration_pk": o["registration"].pk},
        "post",
        ALL_302,
    ),
    ("events:unavailability", lambda o: {"pk": o["event"].pk}, "post", ALL_302),
    ("events:agenda_pdf", lambda o: {"pk": o["event"].pk}, "get", (302, 200, 200, 403, 403, 403, 403, 403, 403)),
    ("events:agenda_ics", lambda o: {"pk": o["event"].pk}, "get", (302, 200, 200, 403, 403, 403, 403, 403, 403)),
    ("events:meeting_plan", lambda o: {"pk": o["event"].pk}, "get", EVENT_ORGANISERS),
    ("events:meeting_slots", lambda o: {"pk": o["event"].pk}, "post", EVENT_ORGANISER_ACTION),
    ("events:meeting_schedule", lambda o: {"pk": o["event"].pk}, "post", EVENT_ORGANISER_ACTION),
    ("events:item_remove", lambda o: {"pk": o["item"].pk}, "post", ALL_302),
    ("cohesion:reserve", lambda o: {}, "get", ALL_200),
    ("cohesion:api_engagement", lambda o: {}, "get", ALL_200),
    ("cohesion:eligibility", lambda o: {}, "get", ALL_200),
    # The candidate already has a file: sent to it.
    ("cohesion:apply", lambda o: {"pk": o["reserve_mission"].pk}, "get", (302, 302, 200, 200, 200, 200, 200, 200, 200)),
    ("cohesion:checklist", lambda o: {"pk": o["reserve_mission"].pk}, "get", RESERVE_REFERENTS),
    ("cohesion:my_files", lambda o: {}, "get", LOGGED_IN),
    ("cohesion:board", lambda o: {}, "get", RESERVE_REFERENTS),
    ("cohesion:remind", lambda o: {}, "post", RESERVE_REFERENT_ACTION),
    ("cohesion:file", lambda o: {"pk": o["candidate_file"].pk}, "get", CANDIDATE_FILE),
    ("cohesion:file_action", lambda o: {"pk": o["candidate_file"].pk}, "post", CANDIDATE_FILE_ACTION),
    ("cohesion:file_employer", lambda o: {"pk": o["candidate_file"].pk}, "post", CANDIDATE_FILE_ACTION),
    ("cohesion:document_upload", lambda o: {"pk": o["candidate_document"].pk}, "post", CANDIDATE_FILE_ACTION),
    ("cohesion:document_review", lambda o: {"pk": o["candidate_document"].pk}, "post", CANDIDATE_FILE_ACTION),
    ("cohesion:document_download", lambda o: {"pk": o["candidate_document"].pk}, "get", CANDIDATE_FILE),
    # Employers: the public reads an employer's page; the organisation and the coordinators record its commitments.
    ("cohesion:employer", lambda o: {"pk": o["commitment"].organisation_id}, "get", ALL_200),
    (
        "cohesion:commitment_add",
        lambda o: {"pk": o["commitment"].organisation_id},
        "post",
        (302, 403, 302, 302, 403, 302, 403, 403, 302),
    ),
    (
        "cohesion:commitment_edit",
        lambda o: {"pk": o["commitment"].pk},
        "post",
        (302, 403, 302, 302, 403, 302, 403, 403, 302),
    ),
    (
        "cohesion:hire_report",
        lambda o: {"pk": o["commitment"].organisation_id},
        "post",
        (302, 403, 302, 302, 403, 403, 403, 403, 302),
    ),
    ("cohesion:pipeline", lambda o: {}, "get", (302, 403, 403, 403, 403, 200, 200, 403, 200)),
    # Youth: the public sees counts and a map; the unit, the school and the coordinators the partnership.
    ("cohesion:youth", lambda o: {}, "get", ALL_200),
    ("cohesion:partnerships", lambda o: {}, "get", (302, 403, 200, 200, 200, 200, 200, 403, 200)),
    (
        "cohesion:partnership",
        lambda o: {"pk": o["partnership"].pk},
        "get",
        (302, 404, 404, 404, 200, 200, 404, 404, 200),
    ),
    (
        "cohesion:activity_add",
        lambda o: {"pk": o["partnership"].pk},
        "post",
        (302, 404, 404, 404, 302, 302, 404, 404, 302),
    ),
    # Spouses: offers for all; a profile for oneself; profiles only for employers with a pledge in force (the company).
    ("cohesion:spouses", lambda o: {}, "get", ALL_200),
    ("cohesion:spouse_profile", lambda o: {}, "get", LOGGED_IN),
    ("cohesion:spouse_profile_withdraw", lambda o: {}, "post", LOGGED_IN_ACTION),
    ("cohesion:spouse_profiles", lambda o: {}, "get", (302, 403, 200, 200, 403, 403, 403, 403, 200)),
    # Booklets: the public reads them; the unit (the agent's organisation) and the coordinators edit them.
    ("cohesion:booklets", lambda o: {}, "get", ALL_200),
    ("cohesion:booklet", lambda o: {"slug": o["booklet"].slug}, "get", ALL_200),
    ("cohesion:booklet_pdf", lambda o: {"slug": o["booklet"].slug}, "get", ALL_200),
    ("cohesion:arrival", lambda o: {"slug": o["booklet"].slug}, "get", ALL_200),
    ("cohesion:booklets_mine", lambda o: {}, "get", (302, 403, 200, 200, 200, 200, 200, 403, 200)),
    ("cohesion:booklet_create", lambda o: {}, "get", (302, 403, 200, 200, 200, 200, 200, 403, 200)),
    ("cohesion:booklet_edit", lambda o: {"slug": o["booklet"].slug}, "get", MANAGERS_PAGE),
    ("cohesion:block_create", lambda o: {"slug": o["booklet"].slug}, "get", MANAGERS_PAGE),
    ("cohesion:block_edit", lambda o: {"pk": o["booklet_block"].pk}, "get", MANAGERS_PAGE),
    ("cohesion:block_delete", lambda o: {"pk": o["booklet_block"].pk}, "post", MANAGERS_ACTION),
    ("cohesion:checklist_item_add", lambda o: {"slug": o["booklet"].slug}, "post", MANAGERS_ACTION),
    ("cohesion:checklist_item_delete", lambda o: {"pk": o["arrival_step"].pk}, "post", MANAGERS_ACTION),
    (
        "events:meeting_action",
        lambda o: {"pk": o["b2b_meeting"].pk},
        "post",
        (302, 302, 302, 302, 404, 302, 404, 404, 302),
    ),
    (
        "events:meeting_place",
        lambda o: {"pk": o["b2b_meeting"].pk},
        "post",
        (302, 302, 302, 302, 404, 302, 404, 404, 302),
    ),
    ("territories:list", lambda o: {}, "get", ALL_200),
    ("territories:detail", lambda o: {"slug": "bretagne"}, "get", (302,) * 9),
    ("territories:convention", lambda o: {"slug": "bretagne-2024"}, "get", ALL_200),
    ("territories:document_add", lambda o: {"slug": "bretagne-2024"}, "get", COORDINATORS),
    ("territories:document_download", lambda o: {"pk": o["document"].pk}, "get", PARTNER_DOCUMENT),
    ("territories:document_delete", lambda o: {"pk": o["document"].pk}, "post", DELETE_DOCUMENT),
    ("territories:roles", lambda o: {"slug": "bretagne"}, "get", COORDINATORS),
    (
        "territories:role_revoke",
        lambda o: {"slug": "bretagne", "role_pk": o["agent_role"].pk},
        "post",
        COORDINATOR_ACTION,
    ),
    ("territories:audit", lambda o: {"slug": "bretagne"}, "get", AUDIT),
    ("api:list_territories", lambda o: {}, "get", ALL_200),
    ("api:get_territory", lambda o: {"code": "53"}, "get", ALL_200),
    ("api:me", lambda o: {}, "get", API_AUTHENTICATED),
    ("api:list_organisations", lambda o: {}, "get", ALL_200),
    ("api:get_organisation", lambda o: {"organisation_id": o["membership"].organisation_id}, "get", ALL_200),
    (
        "api:patch_organisation",
        lambda o: {"organisation_id": o["membership"].organisation_id},
        "patch",
        (401,) + (422,) * 8,  # no body here: refused before the permission check; per role in test_directory_api
    ),
    ("api:list_opportunities", lambda o: {}, "get", ALL_200),
    ("api:get_opportunity", lambda o: {"opportunity_id": o["opportunity"].pk}, "get", ALL_200),
    ("api:create_opportunity", lambda o: {}, "post", API_POST),
    ("api:patch_opportunity", lambda o: {"opportunity_id": o["opportunity"].pk}, "patch", API_WRITE),
    ("api:transition_opportunity", lambda o: {"opportunity_id": o["opportunity"].pk}, "post", API_POST),
    (
        "api:list_opportunity_responses",
        lambda o: {"opportunity_id": o["opportunity"].pk},
        "get",
        (401, 403, 403, 403, 200, 403, 403, 403, 200),
    ),
    ("api:create_response", lambda o: {"opportunity_id": o["opportunity"].pk}, "post", API_POST),
    ("api:list_my_responses", lambda o: {}, "get", API_AUTHENTICATED),
    (
        "api:get_response",
        lambda o: {"response_id": o["response"].pk},
        "get",
        (401, 404, 200, 200, 200, 404, 404, 404, 200),
    ),
    ("api:transition_response", lambda o: {"response_id": o["response"].pk}, "post", API_POST),
    ("api:match", lambda o: {}, "post", API_POST),
    (
        "api:opportunity_matches",
        lambda o: {"opportunity_id": o["opportunity"].pk},
        "get",
        (401, 403, 403, 403, 200, 200, 403, 403, 200),
    ),
    (
        "api:organisation_opportunities",
        lambda o: {"organisation_id": o["membership"].organisation_id},
        "get",
        (401, 403, 200, 200, 403, 200, 403, 403, 200),
    ),
    ("api:steering", lambda o: {"slug": "bretagne-2024"}, "get", ALL_200),
    ("api:create_action", lambda o: {"slug": "bretagne-2024"}, "post", API_POST),
    ("api:update_action", lambda o: {"slug": "bretagne-2024", "reference": "1.1"}, "patch", API_WRITE),
    ("api:create_value", lambda o: {"indicator_id": o["indicator"].pk}, "post", API_POST),
    ("api:validate_value", lambda o: {"value_id": o["value"].pk}, "post", API_POST),
    ("api:list_events", lambda o: {}, "get", ALL_200),
    ("api:get_event", lambda o: {"event_id": o["event"].pk}, "get", ALL_200),
    ("api:list_my_registrations", lambda o: {}, "get", API_AUTHENTICATED),
    ("api:create_registration", lambda o: {"event_id": o["event"].pk}, "post", API_POST),
    ("api:transition_registration", lambda o: {"registration_id": o["registration"].pk}, "post", API_POST),
    (
        "api:list_event_registrations",
        lambda o: {"event_id": o["event"].pk},
        "get",
        (401, 403, 200, 200, 403, 200, 403, 403, 200),
    ),
    ("api:checkin", lambda o: {"event_id": o["event"].pk}, "post", API_POST),
    ("api:list_my_meetings", lambda o: {}, "get", API_AUTHENTICATED),
    ("api:create_meeting", lambda o: {"event_id": o["event"].pk}, "post", API_POST),
    ("api:meeting_action", lambda o: {"meeting_id": o["b2b_meeting"].pk}, "post", API_POST),
    ("api:list_platforms", lambda o: {}, "get", ALL_200),
    ("api:get_platform", lambda o: {"platform_id": o["platform"].pk}, "get", ALL_200),
    ("api:platform_availability", lambda o: {}, "get", (400,) * 9),  # no period given; per role in test_api
    ("api:list_platform_requests", lambda o: {}, "get", API_AUTHENTICATED),
    (
        "api:get_platform_request",
        lambda o: {"request_id": o["access_request"].pk},
        "get",
        (401, 404, 200, 200, 404, 200, 404, 404, 200),
    ),
    ("api:create_platform_request", lambda o: {"platform_id": o["platform"].pk}, "post", API_POST),
    ("api:transition_platform_request", lambda o: {"request_id": o["access_request"].pk}, "post", API_POST),
    ("api:accept_platform_request", lambda o: {"request_id": o["access_request"].pk}, "post", API_POST),
    ("api:list_platform_bookings", lambda o: {}, "get", API_AUTHENTICATED),
    ("api:create_platform_booking", lambda o: {"resource_id": o["resource"].pk}, "post", API_POST),
    ("api:cancel_platform_booking", lambda o: {"booking_id": o["booking"].pk}, "post", API_POST),
    ("api:list_my_reserve_files", lambda o: {}, "get", API_AUTHENTICATED),
    ("api:reserve_board", lambda o: {}, "get", (401, 403, 403, 403, 200, 403, 403, 403, 200)),
    (
        "api:get_reserve_file",
        lambda o: {"file_id": o["candidate_file"].pk},
        "get",
        (401, 200, 404, 404, 200, 404, 404, 404, 200),
    ),
    ("api:apply_to_reserve_mission", lambda o: {"mission_id": o["reserve_mission"].pk}, "post", API_POST),
    ("api:transition_reserve_file", lambda o: {"file_id": o["candidate_file"].pk}, "post", API_POST),
    ("api:upload_reserve_document", lambda o: {"document_id": o["candidate_document"].pk}, "post", API_WRITE),
    ("api:review_reserve_document", lambda o: {"document_id": o["candidate_document"].pk}, "post", API_POST),
    ("api:reserve_api_engagement_feed", lambda o: {}, "get", ALL_200),
    ("api:list_commitments", lambda o: {"organisation_id": o["commitment"].organisation_id}, "get", ALL_200),
    ("api:create_commitment", lambda o: {"organisation_id": o["commitment"].organisation_id}, "post", API_POST),
    ("api:youth_public_counts", lambda o: {}, "get", ALL_200),
    ("api:list_youth_partnerships", lambda o: {}, "get", API_AUTHENTICATED),
    ("api:get_booklet", lambda o: {"slug": o["booklet"].slug}, "get", ALL_200),
    ("api:list_spouse_profiles", lambda o: {}, "get", (401, 403, 200, 200, 403, 403, 403, 403, 200)),
    ("api:openapi-json", lambda o: {}, "get", ALL_200),
    ("api:openapi-view", lambda o: {}, "get", ALL_200),
    ("account_login", lambda o: {}, "get", ENTRANCE),
    ("account_signup", lambda o: {}, "get", ENTRANCE),
    ("account_reset_password", lambda o: {}, "get", ALL_200),
    ("account_reset_password_done", lambda o: {}, "get", ALL_200),
    ("account_logout", lambda o: {}, "get", (302, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("account_email", lambda o: {}, "get", LOGGED_IN),
    ("account_change_password", lambda o: {}, "get", LOGGED_IN),
    ("account_set_password", lambda o: {}, "get", (302, 302, 302, 302, 302, 302, 302, 302, 302)),
    ("account_inactive", lambda o: {}, "get", ALL_200),
    ("account_email_verification_sent", lambda o: {}, "get", ALL_200),
    ("account_reauthenticate", lambda o: {}, "get", LOGGED_IN),
    ("mfa_index", lambda o: {}, "get", LOGGED_IN),
    # 302: allauth asks for a fresh authentication first, or the TOTP is already active.
    ("mfa_activate_totp", lambda o: {}, "get", (302,) * 9),
    ("mfa_deactivate_totp", lambda o: {}, "get", (302, 404, 404, 404, 302, 302, 302, 302, 302)),
    ("mfa_view_recovery_codes", lambda o: {}, "get", (302, 404, 404, 404, 404, 404, 404, 404, 404)),
    ("mfa_generate_recovery_codes", lambda o: {}, "get", (302,) * 9),
    ("socialaccount_connections", lambda o: {}, "get", LOGGED_IN),
    ("socialaccount_login_error", lambda o: {}, "get", (401,) * 9),
    ("socialaccount_login_cancelled", lambda o: {}, "get", ALL_200),
    ("admin:index", lambda o: {}, "get", ADMIN_ONLY),
    ("admin:accounts_user_changelist", lambda o: {}, "get", ADMIN_ONLY),
    ("admin:territories_convention_changelist", lambda o: {}, "get", ADMIN_ONLY),
    ("admin:directory_organisation_changelist", lambda o: {}, "get", ADMIN_ONLY),
    ("admin:core_auditentry_changelist", lambda o: {}, "get", ADMIN_ONLY),
    ("admin:opportunities_opportunity_changelist", lambda o: {}, "get", ADMIN_ONLY),
    ("admin:platforms_platform_changelist", lambda o: {}, "get", ADMIN_ONLY),
]

# Patterns reached only with a secret from an e-mail or a provider, or generated per model by the
# Django admin (its index and one changelist per app are in the matrix); each has its own tests.
NOT_IN_MATRIX = {
    "account_confirm_email",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_login_code_confirm",
    "account_confirm_login_code",
    "account_confirm_reauthentication_code",
    "account_request_reauthentication_code",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_download_recovery_codes",
    "socialaccount_signup",
    "proconnect_login",  # full flow in tests/accounts/test_proconnect.py
    "proconnect_callback",
    "api:api-root",
}


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_is_in_the_matrix():
    covered = {row[0] for row in MATRIX} | NOT_IN_MATRIX
    missing = sorted(
        name for name in set(_all_url_names()) if name not in covered and not name.startswith(("admin:", "dsfr"))
    )
    assert missing == [], f"URL sans ligne dans la matrice des accès : {missing}"


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("name,kwargs,method,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_access(client_for, objects, name, kwargs, method, expected, role_index, role):
    url = reverse(name, kwargs=kwargs(objects))
    response = getattr(client_for(role), method)(url)
    response.close()  # file downloads hold the file open until closed
    assert response.status_code == expected[role_index], (
        f"{role} {method.upper()} {url}: {response.status_code} au lieu de {expected[role_index]}"
    )
