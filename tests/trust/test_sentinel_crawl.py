"""Sentinel crawl (trust issue): unique strings are seeded in restricted places, then every role of the
matrix — plus a cross-territory agent and an un-enrolled coordinator — crawls every page it can reach
from its dashboard (following links, so new pages are crawled without changing this test), the API
lists and details, the exports, the feeds, the journal, and reads the e-mails sent. A sentinel read
by a role not entitled to it fails with the URL where it was seen.
"""

import re
from collections import deque
from html import unescape

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from synergies.accounts import services as account_services
from synergies.accounts.enums import Party
from synergies.opportunities import services as opportunity_services
from tests.conftest import ROLES
from tests.factories import OrganisationFactory, TerritoryRoleFactory, UserFactory
from tests.opportunities.fixtures import in_days

MAX_PAGES_PER_ROLE = 250
# Links a crawler must not follow: leaving, or actions that change the session.
SKIP = re.compile(r"^/(compte/(deconnexion|logout)|admin/|static/)|/export\.|/rapport\.|desabonnement")

# sentinel -> roles entitled to read it
ENTITLED = {
    "SENTINELLE-REPONSE-MESSAGE": {"org_member", "org_admin", "defence_agent", "admin"},
    "sentinelle-piece-jointe.txt": {"org_member", "org_admin", "defence_agent", "admin"},
    "SENTINELLE-BROUILLON": {"defence_agent", "coordinator", "admin"},
    # the cross-territory agent is also an agent in Bretagne (for another organisation)
    "SENTINELLE-PARTENAIRES": {"defence_agent", "cross_territory_agent", "coordinator", "national_steering", "admin"},
    "SENTINELLE-RESTREINTE": {"defence_agent", "coordinator", "national_steering", "admin"},
    # a contact of `company` for the territory's partners: its own members see it too
    "SENTINELLE-CONTACT-PARTENAIRES": {
        "org_member",
        "org_admin",
        "defence_agent",
        "cross_territory_agent",
        "coordinator",
        "national_steering",
        "admin",
    },
    "SENTINELLE-CONTACT-RESTREINT": {"org_member", "org_admin", "coordinator", "national_steering", "admin"},
    "SENTINELLE-DOCUMENT-PARTENAIRES": {
        "defence_agent",
        "cross_territory_agent",
        "coordinator",
        "national_steering",
        "admin",
    },
    # steering: the territory's coordinators, national steering (read) and administrators
    "SENTINELLE-ACTION-PRIVEE": {"coordinator", "national_steering", "admin"},
    # a pending value's comment is shown to nobody on the pages today; it must at least never leak
    "SENTINELLE-VALEUR-EN-ATTENTE": {"coordinator", "national_steering", "admin"},
    # a steering committee's minutes and decision: steering readers only
    "SENTINELLE-RELEVE-DE-CONCLUSIONS": {"coordinator", "national_steering", "admin"},
    "SENTINELLE-DECISION": {"coordinator", "national_steering", "admin"},
    # events organised by `company`: a draft (its organisers), a partners-only event, and a registration
    # whose person did not consent to the public list (the person and the organisers only)
    "SENTINELLE-EVENEMENT-BROUILLON": {"org_member", "org_admin", "coordinator", "admin"},
    "SENTINELLE-EVENEMENT-PARTENAIRES": {
        "org_member",
        "org_admin",
        "defence_agent",
        "cross_territory_agent",
        "coordinator",
        "national_steering",
        "admin",
    },
    "SENTINELLE-PARTICIPANT-DISCRET": {"registered", "org_member", "org_admin", "coordinator", "admin"},
    "SENTINELLE-REPONSE-INSCRIPTION": {"registered", "org_member", "org_admin", "coordinator", "admin"},
    # a B2B meeting request's note: the two people of the meeting only
    "SENTINELLE-NOTE-RENDEZ-VOUS": {"registered", "org_member"},
    # cohesion: a reserve candidate file (the candidate and the unit's referents — not the coordinators,
    # not the employer it names, not the unit's agent in another territory), a piece's comment
    "SENTINELLE-CANDIDAT": {"registered", "defence_agent", "admin"},
    "SENTINELLE-COMMENTAIRE-PIECE": {"registered", "defence_agent", "admin"},
    # a spouse's profile: the spouse and the employers with a pledge in force (`company`)
    "SENTINELLE-PROFIL-CONJOINT": {"registered", "org_member", "org_admin", "admin"},
    # a youth partnership of the agent's unit (the public sees counts only), an unpublished booklet
    "SENTINELLE-PARTENARIAT-JEUNESSE": {"defence_agent", "coordinator", "admin"},
    "SENTINELLE-LIVRET-BROUILLON": {"defence_agent", "coordinator", "admin"},
}
EXTRA_ROLES = ["cross_territory_agent", "unenrolled_coordinator"]


def _publish(actor, territory, publisher, title, **fields):
    values = {
        "kind": "subcontracting",
        "title": title,
        "description": "Description ordinaire.",
        "deadline": in_days(30),
        "visibility": "public",
    }
    values.update(fields)
    restricted_to = values.pop("restricted_to", ())
    publish = values.pop("publish", True)
    return opportunity_services.opportunity_create(
        actor=actor, territory=territory, publisher=publisher, fields=values, capabilities=(),
        restricted_to=restricted_to, files=(), publish=publish,
    )  # fmt: skip


def _seed_convention(coordinator, convention):
    import datetime

    from synergies.governance import services as governance_services
    from synergies.territories.services import convention_document_create

    convention_document_create(
        convention=convention,
        title="SENTINELLE-DOCUMENT-PARTENAIRES",
        uploaded_file=SimpleUploadedFile("cr.txt", b"Compte rendu ordinaire."),
        visibility="partners",
        actor=coordinator,
    )
    objective = convention.objectives.get(number=1)
    governance_services.action_save(
        actor=coordinator,
        convention=convention,
        fields={"objective": objective, "reference": "1.7", "title": "SENTINELLE-ACTION-PRIVEE", "lead": "region"},
    )
    indicator = governance_services.indicator_save(
        actor=coordinator,
        convention=convention,
        fields={"objective": objective, "code": "sentinelle", "name": "Indicateur ordinaire", "unit": "n"},
    )
    governance_services.value_enter(
        actor=coordinator, indicator=indicator, value="3", measured_on=datetime.date.today(),
        comment="SENTINELLE-VALEUR-EN-ATTENTE",
    )  # fmt: skip
    meeting = governance_services.meeting_save(
        actor=coordinator, convention=convention,
        fields={"kind": "steering", "held_on": datetime.date.today(), "minutes": "SENTINELLE-RELEVE-DE-CONCLUSIONS"},
    )  # fmt: skip
    governance_services.decision_create(actor=coordinator, meeting=meeting, text="SENTINELLE-DECISION")


def _seed_events(people, company):
    import datetime

    from django.utils import timezone

    from synergies.events import meetings as event_meetings
    from synergies.events import services as event_services

    def event(title, **fields):
        values = {
            "kind": "forum", "title": title, "summary": "Forum ordinaire.", "description": "Stands.",
            "venue": "Salle", "contact_email": "forum@exemple.fr", "questions": "Régime alimentaire",
            "starts_at": timezone.now() + datetime.timedelta(days=9),
            "ends_at": timezone.now() + datetime.timedelta(days=9, hours=4),
        }  # fmt: skip
        values.update(fields)
        return event_services.event_save(actor=people["org_member"], organiser=company, fields=values)

    event("SENTINELLE-EVENEMENT-BROUILLON")
    partners = event("SENTINELLE-EVENEMENT-PARTENAIRES", visibility="partners")
    event_services.event_publish(actor=people["org_member"], event=partners)
    public = event("Forum public ordinaire", meetings_open=True)
    event_services.event_publish(actor=people["org_member"], event=public)
    event_services.registration_create(
        actor=people["registered"], event=public, name="SENTINELLE-PARTICIPANT-DISCRET",
        email=people["registered"].email, answers={"Régime alimentaire": "SENTINELLE-REPONSE-INSCRIPTION"},
    )  # fmt: skip
    member = event_services.registration_create(
        actor=people["org_member"], event=public, name="Membre", email=people["org_member"].email
    )
    event_meetings.meeting_request(
        actor=people["registered"], event=public, requested=member, note="SENTINELLE-NOTE-RENDEZ-VOUS"
    )


def _seed_cohesion(people, company, publisher, bretagne):
    import datetime

    from synergies.cohesion import booklets, employers, reserve, spouses, youth

    agent, person = people["defence_agent"], people["registered"]
    mission = _publish(
        agent, bretagne, publisher, "Mission de réserve ordinaire", kind="reserve_mission", reserve_type="operational"
    )
    candidate_file = reserve.file_create(
        actor=person, mission=mission, first_name="Anne", last_name="SENTINELLE-CANDIDAT",
        birth_date=datetime.date(1990, 1, 1), conditions_confirmed=True, employer=company,
    )  # fmt: skip
    document = candidate_file.documents.first()
    reserve.document_upload(actor=person, document=document, uploaded_file=SimpleUploadedFile("piece.txt", b"Piece."))
    reserve.document_review(actor=agent, document=document, name="send_back", comment="SENTINELLE-COMMENTAIRE-PIECE")
    employers.commitment_save(
        actor=people["org_admin"], organisation=company,
        fields={"kind": "spouse_pledge", "stage": "signed", "signed_on": datetime.date.today()},
    )  # fmt: skip
    spouses.profile_save(
        user=person, territory=bretagne, fields={"display_name": "C.", "skills": "SENTINELLE-PROFIL-CONJOINT"}
    )
    youth.partnership_save(
        actor=agent, unit=publisher,
        fields={"programme": "cdsg", "name": "SENTINELLE-PARTENARIAT-JEUNESSE", "started_on": datetime.date.today(), "commune_insee": "35238"},
    )  # fmt: skip
    booklets.booklet_save(
        actor=agent, unit=publisher, fields={"title": "SENTINELLE-LIVRET-BROUILLON", "garrison": "Rennes"}
    )


@pytest.fixture
def seeded(people, territories, company, other_company):
    bretagne, normandie = territories["bretagne"], territories["normandie"]
    agent = people["defence_agent"]
    publisher = agent.territory_roles.get().organisation
    public = _publish(agent, bretagne, publisher, "Besoin public ordinaire")
    _publish(agent, bretagne, publisher, "SENTINELLE-BROUILLON", publish=False)
    _publish(agent, bretagne, publisher, "SENTINELLE-PARTENAIRES", visibility="partners")
    _publish(
        agent, bretagne, publisher, "SENTINELLE-RESTREINTE", visibility="restricted", restricted_to=[other_company]
    )
    opportunity_services.response_create(
        actor=people["org_member"], opportunity=public, organisation=company, kind="interest",
        message="SENTINELLE-REPONSE-MESSAGE", contact_name="Yann", contact_email="yann@exemple.fr",
        files=[SimpleUploadedFile("sentinelle-piece-jointe.txt", "Références.".encode())],
    )  # fmt: skip
    _seed_convention(people["coordinator"], bretagne.current_convention)
    _seed_events(people, company)
    _seed_cohesion(people, company, publisher, bretagne)
    company.contacts.create(full_name="SENTINELLE-CONTACT-PARTENAIRES", visibility="partners")
    company.contacts.create(full_name="SENTINELLE-CONTACT-RESTREINT", visibility="restricted")
    # An agent for another organisation in Normandie, and for the publisher's rival in Bretagne.
    cross = UserFactory(email="agent-croise@exemple.fr", totp=True)
    TerritoryRoleFactory(user=cross, territory=normandie, defence_agent=True, organisation=publisher)
    TerritoryRoleFactory(
        user=cross, territory=bretagne, defence_agent=True, organisation=OrganisationFactory(territory=bretagne)
    )
    unenrolled = UserFactory(email="coord-sans-totp@exemple.fr")
    TerritoryRoleFactory(user=unenrolled, territory=bretagne, party=Party.STATE)
    return {**people, "cross_territory_agent": cross, "unenrolled_coordinator": unenrolled}


def _links(body: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="(/[^"#]*)"', body)]


def _crawl(client, start: list[str]):
    """Closing a file response ends its request, which closes the PostgreSQL connection of the
    test: responses are closed once the crawl is over."""
    seen, queue, responses = set(), deque(start), []
    try:
        yield from _visit(client, seen, queue, responses)
    finally:
        for response in responses:
            response.close()


def _visit(client, seen, queue, responses):
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        path = url.split("?", 1)[0]
        key = path if not path.startswith("/api/") else url
        if key in seen or SKIP.search(path):
            continue
        seen.add(key)
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        responses.append(response)
        text = body.decode("utf-8", errors="replace")
        yield url, response.status_code, text
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(_links(text))


def _start_urls(territory, user):
    urls = ["/", "/tableau-de-bord/", "/opportunites/", "/organisations/", "/opportunites/mes-publications/",
            "/opportunites/mes-reponses/", f"/territoires/{territory.slug}/journal/", "/opportunites/flux.rss",
            "/opportunites/echeances.ics", "/organisations/export.csv", "/api/v1/opportunities",
            "/api/v1/responses", "/api/v1/organisations", "/api/v1/me", f"/territoires/{territory.slug}/",
            f"/pilotage/{territory.current_convention.slug}/", f"/pilotage/{territory.current_convention.slug}/publique/",
            f"/api/v1/conventions/{territory.current_convention.slug}/steering", "/evenements/",
            "/evenements/agenda.ics", "/evenements/mes-inscriptions/", "/evenements/organisateur/",
            "/api/v1/event-meetings", "/api/v1/event-registrations", "/cohesion/reserve/",
            "/cohesion/reserve/dossiers/", "/cohesion/reserve/dossiers/?format=csv", "/cohesion/reserve/mes-candidatures/",
            "/cohesion/conjoints/", "/cohesion/conjoints/profils/", "/cohesion/jeunesse/", "/cohesion/jeunesse/partenariats/",
            "/cohesion/livrets/", "/cohesion/livrets/gerer/", "/cohesion/employeurs/suivi/", "/api/v1/reserve-files",
            "/api/v1/reserve-files/board", "/api/v1/spouse-profiles", "/api/v1/youth/partnerships", "/api/v1/youth/counts",
            "/cohesion/reserve/missions.json"]  # fmt: skip
    if user is not None and user.feed_secret:
        key = account_services.feed_key(user)
        urls += [f"/opportunites/flux.rss?cle={key}", f"/opportunites/echeances.ics?cle={key}",
                 f"/evenements/agenda.ics?cle={key}"]  # fmt: skip
    return urls


@pytest.mark.parametrize("role", ROLES + EXTRA_ROLES)
def test_no_role_reads_a_sentinel_it_is_not_entitled_to(role, seeded, bretagne, company):
    from synergies.events.models import Event
    from synergies.opportunities.models import Opportunity, Response

    user = seeded[role]
    client = Client()
    if user is not None:
        client.force_login(user)
        account_services.feed_key_regenerate(user=user)
        user.refresh_from_db()
    urls = _start_urls(bretagne, user)
    for opportunity in Opportunity.objects.all():
        urls += [f"/opportunites/{opportunity.pk}/", f"/api/v1/opportunities/{opportunity.pk}",
                 f"/api/v1/opportunities/{opportunity.pk}/responses"]  # fmt: skip
    urls += [f"/organisations/{company.pk}/", f"/api/v1/organisations/{company.pk}"]
    for event in Event.objects.all():
        urls += [
            f"/evenements/{event.pk}/",
            f"/evenements/{event.pk}/gestion/",
            f"/evenements/{event.pk}/emargement/?format=csv",
        ]
    for response in Response.objects.all():
        urls += [f"/opportunites/reponses/{response.pk}/", f"/api/v1/responses/{response.pk}"]
    from synergies.cohesion.models import Booklet, CandidateFile, YouthPartnership

    for candidate_file in CandidateFile.objects.all():
        urls += [f"/cohesion/reserve/dossiers/{candidate_file.pk}/", f"/api/v1/reserve-files/{candidate_file.pk}"]
    urls += [f"/cohesion/jeunesse/partenariats/{p.pk}/" for p in YouthPartnership.objects.all()]
    urls += [f"/cohesion/livrets/{b.slug}/" for b in Booklet.objects.all()]
    urls += [f"/api/v1/booklets/{b.slug}" for b in Booklet.objects.all()]
    urls += [f"/cohesion/employeurs/{company.pk}/", f"/api/v1/employers/{company.pk}/commitments"]
    leaks, crawled = [], 0
    for url, _status, text in _crawl(client, urls):
        crawled += 1
        for sentinel, entitled in ENTITLED.items():
            if sentinel in text and role not in entitled:
                leaks.append(f"{sentinel} lu par {role} sur {url}")
    assert crawled > 10
    assert leaks == []


def test_e_mails_carry_no_sentinel_to_a_role_not_entitled(seeded):
    by_address = {user.email: role for role, user in seeded.items() if user is not None}
    leaks = []
    for message in mail.outbox:
        text = message.subject + message.body + "".join(str(a[0]) for a in getattr(message, "alternatives", []))
        for recipient in message.to:
            role = by_address.get(recipient)
            for sentinel, entitled in ENTITLED.items():
                if role and sentinel in text and role not in entitled:
                    leaks.append(f"{sentinel} envoyé à {role} ({recipient}) : {message.subject}")
    assert leaks == []


def test_the_crawl_would_see_a_leak(seeded, bretagne, company):
    """The crawl is able to fail: the publisher's agent does read what it may read."""
    client = Client()
    client.force_login(seeded["defence_agent"])
    start = [*_start_urls(bretagne, seeded["defence_agent"]), f"/organisations/{company.pk}/"]
    texts = [text for _, _, text in _crawl(client, start)]
    assert any("SENTINELLE-REPONSE-MESSAGE" in text for text in texts)
    # The referent reaches the candidate file and the piece's comment from the board it is linked to.
    for sentinel in ("SENTINELLE-CANDIDAT", "SENTINELLE-COMMENTAIRE-PIECE", "SENTINELLE-PARTENARIAT-JEUNESSE"):
        assert any(sentinel in text for text in texts), sentinel
    assert any("SENTINELLE-CONTACT-PARTENAIRES" in text for text in texts)


def test_the_crawl_reaches_the_convention_and_its_steering(seeded, bretagne):
    coordinator = Client()
    coordinator.force_login(seeded["coordinator"])
    texts = [text for _, _, text in _crawl(coordinator, _start_urls(bretagne, seeded["coordinator"]))]
    for sentinel in (
        "SENTINELLE-ACTION-PRIVEE",
        "SENTINELLE-DOCUMENT-PARTENAIRES",
        "SENTINELLE-RELEVE-DE-CONCLUSIONS",
        "SENTINELLE-DECISION",
    ):
        assert any(sentinel in text for text in texts), sentinel


def test_the_crawl_reaches_an_organisers_events_and_registrations(seeded, bretagne):
    """The events' sentinels are reachable by links: an organiser's crawl reads them."""
    organiser = Client()
    organiser.force_login(seeded["org_admin"])
    texts = [text for _, _, text in _crawl(organiser, _start_urls(bretagne, seeded["org_admin"]))]
    for sentinel in (
        "SENTINELLE-EVENEMENT-BROUILLON",
        "SENTINELLE-PARTICIPANT-DISCRET",
        "SENTINELLE-REPONSE-INSCRIPTION",
    ):
        assert any(sentinel in text for text in texts), sentinel
