"""Demo events. The organisers are real public actors of Bretagne (DOMAIN.md); every event here is a demo
record (is_demo, « (démo) » in its title), its programme illustrative. Registrations in every state:
confirmed, pending, on the waiting list, offered a freed seat, refused with a reason, withdrawn, and a
past event with its presences and satisfaction."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from synergies.core.exceptions import ApplicationError
from synergies.events import services
from synergies.events.enums import Attendance
from synergies.events.models import Event, MeetingRequest, Registration

DEMO_NOTE = "\n\nÉvénement de démonstration : le programme, les horaires et le lieu sont illustratifs."
CONTACT = "evenements@demo.synergies.fr"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _event(coordinator, organiser, objectives, *, objective: int, publish=True, reminders=(7, 1), **fields):
    fields = {
        "contact_email": CONTACT,
        **fields,
        "description": fields["description"] + DEMO_NOTE,
        "objective": objectives.get(objective),
    }
    event = services.event_save(actor=coordinator, organiser=organiser, fields=fields, reminder_days=list(reminders))
    Event.objects.filter(pk=event.pk).update(is_demo=True)
    if publish:
        services.event_publish(actor=coordinator, event=event)
    event.refresh_from_db()
    return event


def _people(event, names, *, organisation=None, actor=None, consent=False):
    return [
        services.registration_create(
            actor=actor,
            event=event,
            name=name,
            email=f"{slugify(name).replace('-', '.')}@demo.synergies.fr",
            organisation=organisation,
            consent_to_publish=consent,
        )
        for name in names
    ]


def demo_events_load(*, organisations, coordinator, person, member, member_organisation) -> int:
    """Idempotent: nothing is added once a demo event exists."""
    if Event.objects.filter(is_demo=True).exists():
        return 0
    territory = member_organisation.territory
    objectives = {o.number: o for o in territory.current_convention.objectives.all()}
    pec = organisations["Pôle d'excellence cyber"]
    base = organisations["Base navale de Brest — préfecture maritime de l'Atlantique"]
    school = organisations["École navale — base de Lanvéoc-Poulmic"]
    dga = organisations["DGA Maîtrise de l'information"]

    cyber = _event(
        coordinator,
        pec,
        objectives,
        objective=3,
        kind="conference",
        title="Rencontres annuelles du Pôle d'excellence cyber (démo)",
        summary="Conférences, démonstrations et rencontres entre industriels, chercheurs et forces armées.",
        description="Ouverture institutionnelle, tables rondes sur la cyberdéfense et l'IA de confiance, "
        "démonstrations des PME du territoire, espace recrutement.",
        venue="Couvent des Jacobins, centre des congrès",
        city="Rennes",
        department="35",
        starts_at=_at(35, 9),
        ends_at=_at(35, 18),
        capacity=300,
        per_organisation_cap=4,
        reserved_sme_seats=60,
        questions="Ateliers qui vous intéressent\nRégime alimentaire",
    )
    services.registration_create(
        actor=member,
        event=cyber,
        name=member.get_full_name(),
        email=member.email,
        organisation=member_organisation,
        consent_to_publish=True,
        answers={"Ateliers qui vous intéressent": "Sécurité des systèmes embarqués"},
    )
    services.registration_create(actor=person, event=cyber, name=person.get_full_name(), email=person.email)
    _people(cyber, ["Maëlle Corre", "Tristan Le Roux", "Soizic Hamon"], consent=True)

    reserve = _event(
        coordinator,
        base,
        objectives,
        objective=4,
        kind="reserve_information",
        title="Journée d'information sur la réserve opérationnelle de la Marine (démo)",
        summary="Découvrir les missions de réservistes, les conditions d'engagement et rencontrer des réservistes.",
        description="Présentation des spécialités, témoignages, entretiens individuels avec le centre "
        "d'information et de recrutement.",
        venue="Salle d'honneur",
        city="Brest",
        department="29",
        starts_at=_at(20, 14),
        ends_at=_at(20, 17),
        capacity=3,
        moderated=True,
    )
    first, pending, third = _people(reserve, ["Ewen Le Goff", "Lena Quéré", "Noé Pichon"])
    services.registration_transition(actor=coordinator, registration=first, name="confirm")
    services.registration_transition(actor=coordinator, registration=third, name="confirm")
    offered, waiting, refused = _people(reserve, ["Mael Riou", "Anaïs Bihan", "Jules Caradec"])
    services.registration_transition(
        actor=coordinator, registration=refused, name="refuse", reason="Âge minimal de 17 ans non atteint."
    )
    services.registration_create(actor=person, event=reserve, name=person.get_full_name(), email=person.email)
    services.registration_transition(actor=None, registration=third, name="withdraw", token=third.token)
    # The first offered lets the time pass: the seat goes to the next in line.
    offered.refresh_from_db()
    services.offers_expire(now=offered.offer_expires_at + datetime.timedelta(minutes=1))
    del pending, waiting  # left pending; offered the seat in turn

    jobs = _event(
        coordinator,
        dga,
        objectives,
        objective=1,
        kind="job_dating",
        title="Job dating cyber et numérique de défense (démo)",
        summary="Quinze minutes pour rencontrer les recruteurs de la DGA et des industriels du territoire.",
        description="Postes d'ingénieurs, de techniciens et d'alternants ; offres ouvertes aux conjoints de "
        "militaires. Apportez votre CV.",
        venue="Campus de Bruz",
        city="Bruz",
        department="35",
        starts_at=_at(12, 13, 30),
        ends_at=_at(12, 17, 30),
        capacity=40,
        questions="Poste ou domaine recherché",
    )
    _people(jobs, ["Inès Le Meur", "Hugo Tanguy"])

    youth = _event(
        coordinator,
        school,
        objectives,
        objective=4,
        kind="youth_day",
        title="Journée jeunesse à l'École navale (démo)",
        summary="Des classes de défense et de sécurité globales découvrent la formation des officiers de marine.",
        description="Visite du site, rencontre avec des élèves officiers, ateliers de navigation.",
        venue="École navale",
        city="Lanvéoc",
        department="29",
        starts_at=_at(10, 9),
        ends_at=_at(10, 16),
        capacity=60,
        reminders=(),
    )
    present, absent, excused = _people(
        youth, ["Classe de 3e A (collège de Crozon)", "Classe de 2nde B", "Classe de 3e C"]
    )
    # It took place three weeks ago: presences recorded and a satisfaction answer.
    Event.objects.filter(pk=youth.pk).update(starts_at=_at(-21, 9), ends_at=_at(-21, 16))
    youth.refresh_from_db()
    for registration, attendance in (
        (present, Attendance.PRESENT),
        (absent, Attendance.ABSENT),
        (excused, Attendance.EXCUSED),
    ):
        services.attendance_mark(actor=coordinator, registration=registration, attendance=attendance)
    Registration.objects.filter(pk=present.pk).update(satisfaction=5, feedback="Les élèves ont adoré les ateliers.")

    cancelled = _event(
        coordinator,
        pec,
        objectives,
        objective=3,
        kind="forum",
        title="Forum des start-up de la cybersécurité (démo)",
        summary="Rencontres entre start-up et grands comptes.",
        description="Pitchs et rendez-vous.",
        venue="Le Mabilay",
        city="Rennes",
        department="35",
        starts_at=_at(45, 9),
        ends_at=_at(45, 13),
    )
    _people(cancelled, ["Paul Hervé"])
    services.event_cancel(actor=coordinator, event=cancelled, reason="Reporté au printemps (démonstration).")

    _event(
        coordinator,
        base,
        objectives,
        objective=4,
        publish=False,
        kind="site_visit",
        title="Visite de la base navale pour les entreprises partenaires (démo, non publiée)",
        summary="Visite réservée aux employeurs partenaires de la réserve.",
        description="Programme en préparation.",
        venue="Base navale",
        city="Brest",
        department="29",
        starts_at=_at(60, 9),
        ends_at=_at(60, 12),
        visibility="partners",
    )
    _meeting_day(coordinator, dga, objectives, member, member_organisation)
    return Event.objects.filter(is_demo=True).count()


# Offers and requests of the meeting day's participants: (kind, title, description).
BUYER_REQUESTS = [
    (
        "business_request",
        "Sous-traitance d'usinage de précision",
        "Pièces de structure en titane et aluminium, petites séries.",
    ),
    (
        "technology_request",
        "Détection d'intrusion pour systèmes embarqués",
        "Sondes et analyse de trafic pour réseaux de bord.",
    ),
    (
        "research_request",
        "Partenaire R&D en traitement du signal radar",
        "Projet collaboratif sur la détection de petits drones.",
    ),
    ("business_request", "Maintenance de cartes électroniques", "Réparation et requalification de cartes de radars."),
]
SUPPLIER_OFFERS = [
    ("business_offer", "Usinage 5 axes titane", "Centre d'usinage, contrôle tridimensionnel, certification EN 9100."),
    (
        "technology_offer",
        "Sonde de détection pour réseaux embarqués",
        "Analyse comportementale du trafic, faible consommation.",
    ),
    (
        "technology_offer",
        "Algorithmes de traitement du signal",
        "Détection et classification de cibles lentes et petites.",
    ),
    ("business_offer", "Réparation de cartes électroniques", "Diagnostic, brasage, requalification et traçabilité."),
    ("business_offer", "Pièces composites carbone", "Drapage et cuisson de pièces de drones et de radômes."),
]


def _meeting_day(coordinator, organiser, objectives, member, member_organisation):
    """A buyers–SMEs meeting day: 40 participants (8 buyers, 32 suppliers), 120 meeting requests in every
    state, slots and tables, a first placement."""
    import random

    from django.contrib.auth import get_user_model

    from synergies.accounts.models import OrganisationMembership
    from synergies.events import meetings
    from synergies.events.enums import MeetingStatus

    event = _event(
        coordinator,
        organiser,
        objectives,
        objective=1,
        kind="business_meetings",
        title="Rendez-vous d'affaires acheteurs de défense et PME (démo)",
        summary="Des acheteurs de la défense rencontrent les PME du territoire en rendez-vous de vingt minutes.",
        description="Les participants publient leurs offres et leurs demandes, se donnent rendez-vous ; "
        "l'organisateur place les rendez-vous acceptés dans les créneaux et aux tables.",
        venue="Centre des congrès",
        city="Brest",
        department="29",
        starts_at=_at(28, 9),
        ends_at=_at(28, 17),
        capacity=60,
        meetings_open=True,
        max_open_meeting_requests=12,
    )
    rng = random.Random(19)
    from synergies.directory.enums import OrganisationKind
    from synergies.directory.models import Organisation

    territory_organisations = Organisation.objects.active().filter(territory=member_organisation.territory)
    companies = list(
        territory_organisations.filter(is_demo=True, kind=OrganisationKind.COMPANY)
        .exclude(pk=member_organisation.pk)
        .order_by("pk")[:32]
    )
    public = list(
        territory_organisations.filter(
            kind__in=[OrganisationKind.STATE_SERVICE, OrganisationKind.MILITARY_UNIT]
        ).order_by("pk")[:7]
    )
    User = get_user_model()
    participants = []
    roster = [(o, True) for o in public] + [(o, False) for o in companies]
    for n, (organisation, buyer) in enumerate(roster):
        email = f"rdv-{n}@demo.synergies.fr"
        user, _ = User.objects.get_or_create(
            email=email, defaults={"first_name": "Participant", "last_name": str(n), "is_demo": True}
        )
        OrganisationMembership.objects.get_or_create(user=user, organisation=organisation)
        registration = services.registration_create(
            actor=user,
            event=event,
            name=f"{'Acheteur' if buyer else 'Participant'} {n} ({organisation.name})",
            email=email,
            organisation=organisation,
        )
        kind, title, description = (BUYER_REQUESTS if buyer else SUPPLIER_OFFERS)[n % (4 if buyer else 5)]
        meetings.item_save(actor=user, event=event, fields={"kind": kind, "title": title, "description": description})
        participants.append((user, registration, buyer))
    services.registration_create(
        actor=member, event=event, name=member.get_full_name(), email=member.email, organisation=member_organisation
    )
    meetings.item_save(
        actor=member,
        event=event,
        fields={"kind": "business_offer", "title": SUPPLIER_OFFERS[0][1], "description": SUPPLIER_OFFERS[0][2]},
    )
    participants.append((member, event.registrations.get(user=member), False))
    buyers = [p for p in participants if p[2]]
    suppliers = [p for p in participants if not p[2]]
    made = 0
    for _attempt in range(2000):
        if made == 120:
            break
        supplier_user, supplier_reg, _ = rng.choice(suppliers)
        buyer_user, buyer_reg, _ = rng.choice(buyers)
        asker, asked_user, asked = (
            (supplier_user, buyer_user, buyer_reg) if rng.random() < 0.7 else (buyer_user, supplier_user, supplier_reg)
        )
        try:
            meeting = meetings.meeting_request(actor=asker, event=event, requested=asked, note="Démonstration.")
        except ApplicationError:  # a pair already asked, or a cap reached: draw again
            continue
        made += 1
        roll = rng.random()
        if roll < 0.55:
            meetings.meeting_answer(actor=asked_user, meeting=meeting, accept=True)
        elif roll < 0.7:
            meetings.meeting_answer(actor=asked_user, meeting=meeting, accept=False)
        elif roll < 0.75:
            meetings.meeting_cancel(actor=asker, meeting=meeting)
        elif roll < 0.8:
            MeetingRequest.objects.filter(pk=meeting.pk).update(status=MeetingStatus.EXPIRED)
    meetings.slots_add(actor=coordinator, event=event, starts_at=_at(28, 10), ends_at=_at(28, 12), minutes=20, tables=8)
    meetings.slots_add(actor=coordinator, event=event, starts_at=_at(28, 14), ends_at=_at(28, 16), minutes=20, tables=8)
    meetings.meetings_schedule(actor=coordinator, event=event)
