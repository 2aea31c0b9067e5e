"""Demo platforms. The operators are real public actors of Bretagne (DOMAIN.md) or a demo company;
every platform here is a demo record (is_demo, « (démo) » in its name): its description, resources and
tariffs are illustrative, never figures presented as the operator's. Requests and bookings in every state."""

import datetime

from django.utils import timezone

from synergies.directory.models import Capability
from synergies.platforms import bookings, services
from synergies.platforms.models import Booking, Platform, Training

DEMO_NOTE = (
    "\n\nFiche de démonstration : la description, les ressources, les horaires et les tarifs sont illustratifs ; "
    "ils ne sont pas ceux de l'opérateur."
)

# (operator name, platform fields, capabilities, tariffs, resources)
PLATFORMS = [
    (
        "Pôle d'excellence cyber",
        {
            "name": "Cyber range d'entraînement et d'essais (démo)",
            "summary": "Environnements simulés pour entraîner des équipes et éprouver des produits de sécurité.",
            "description": "Reproduction de systèmes d'information et industriels, scénarios d'attaque et de défense.",
            "prerequisites": "Charte d'usage signée ; aucune donnée réelle de production.",
            "trl_min": 4,
            "trl_max": 8,
        },
        ["soc-detection", "lutte-informatique", "audit-securite"],
        {"sme": "sur devis", "lab": "sur devis"},
        [{"name": "Cyber range (démo)", "kind": "cyber_range", "capacity": 3, "slot_max_minutes": 600}],
    ),
    (
        "DGA Techniques navales — site de Brest",
        {
            "name": "Moyens d'essais navals (démo)",
            "summary": "Essais de matériels navals et de signatures, sur demande motivée.",
            "description": "Essais en bassin et mesures pour les programmes navals et les industriels qui y contribuent.",
            "prerequisites": "Accès au site soumis à autorisation préalable ; liste des personnes à fournir.",
            "requires_clearance": True,
            "trl_min": 5,
            "trl_max": 9,
        },
        ["lutte-sous-la-mer", "essais-controles"],
        {"state": "convention interne"},
        [
            {
                "name": "Bassin d'essais (démo)",
                "kind": "basin",
                "lead_time_hours": 72,
                "cancellation_deadline_hours": 72,
                "slot_min_minutes": 120,
            }
        ],
    ),
    (
        "ENSTA Bretagne",
        {
            "name": "Laboratoires d'essais mécaniques et d'environnement (démo)",
            "summary": "Bancs de vibration et chambre climatique ouverts aux PME et aux laboratoires.",
            "description": "Essais de tenue mécanique et d'environnement pour des prototypes et des petites séries.",
            "conditions": "Accompagnement par un ingénieur de l'école pendant les essais.",
            "trl_min": 3,
            "trl_max": 7,
        },
        ["essais-controles", "composites", "recherche"],
        {"sme": "600 € HT / jour (exemple)", "lab": "tarif académique", "large_company": "sur devis"},
        [
            {
                "name": "Banc de vibrations (démo)",
                "kind": "test_bench",
                "confirmation_grace_minutes": 30,
                "pending_requests_hold_slots": True,
            },
            {"name": "Chambre climatique (démo)", "kind": "chamber", "capacity": 2, "self_service": True},
        ],
    ),
    (
        "IMT Atlantique — campus de Brest",
        {
            "name": "Plateforme radiofréquences et communications (démo)",
            "summary": "Mesures d'antennes et de liaisons radio pour drones et systèmes embarqués.",
            "description": "Caractérisation de systèmes de communication, en lien avec les équipes de recherche du campus.",
            "trl_min": 2,
            "trl_max": 6,
        },
        ["telecommunications", "radar-hyperfrequences"],
        {"lab": "sur devis", "sme": "sur devis"},
        [{"name": "Chambre anéchoïque (démo)", "kind": "chamber"}],
    ),
    (
        "Armor Usinage de précision (démo)",
        {
            "name": "Atelier de fabrication additive mutualisé (démo)",
            "summary": "Impression métal et usinage de reprise pour prototypes, opéré par une PME.",
            "description": "Fusion laser sur lit de poudre, usinage 5 axes de reprise, contrôle dimensionnel.",
            "trl_min": 4,
            "trl_max": 8,
        },
        ["fabrication-additive", "usinage-precision"],
        {"sme": "95 € HT / heure machine (exemple)", "large_company": "120 € HT / heure machine (exemple)"},
        [{"name": "Machine de fusion laser (démo)", "kind": "machine", "slot_max_minutes": 600}],
    ),
]


def _next_weekday(days_ahead: int) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.isoweekday() > 5:
        day += datetime.timedelta(days=1)
    return day


def demo_platforms_load(*, organisations, coordinator, member, member_organisation, agent, agent_organisation) -> int:
    """Idempotent: nothing is added once a demo platform exists."""
    if Platform.objects.filter(is_demo=True).exists():
        return 0
    created = {}
    for operator_name, fields, capability_slugs, tariffs, resources in PLATFORMS:
        operator = organisations[operator_name]
        platform = services.platform_save(
            actor=coordinator,
            operator=operator,
            fields={
                **fields,
                "description": fields["description"] + DEMO_NOTE,
                "contact_email": "plateformes@demo.synergies.fr",
            },
            capabilities=Capability.objects.filter(slug__in=capability_slugs),
            tariffs=tariffs,
        )
        Platform.objects.filter(pk=platform.pk).update(is_demo=True)
        created[operator_name] = (
            platform,
            [services.resource_save(actor=coordinator, platform=platform, fields=r) for r in resources],
        )
    ensta, (bench, chamber) = created["ENSTA Bretagne"]
    Training.objects.get_or_create(
        resource=chamber, person=member, defaults={"trained_on": timezone.localdate(), "recorded_by": coordinator}
    )

    def ask(platform, title, *, actor=member, organisation=member_organisation, resources=(), submit=True):
        return services.request_create(
            actor=actor,
            platform=platform,
            organisation=organisation,
            fields={"title": title, "description": f"{title} : essais de démonstration.", "duration_days": 2},
            resources=list(resources),
            submit=submit,
        )

    ask(ensta, "Préparation d'une campagne d'essais (brouillon)", submit=False)
    ask(ensta, "Tenue aux vibrations d'un boîtier électronique", resources=[bench])
    studied = ask(ensta, "Cyclage thermique d'un capteur", resources=[chamber])
    services.request_transition(actor=coordinator, access_request=studied, name="study")
    asked = ask(ensta, "Qualification d'une pièce composite", resources=[bench])
    services.request_transition(
        actor=coordinator, access_request=asked, name="ask_information", message="Quelles masses et dimensions ?"
    )
    refused = ask(ensta, "Essais en brouillard salin", resources=[chamber])
    services.request_transition(
        actor=coordinator, access_request=refused, name="refuse", message="Ce moyen n'existe pas sur la plateforme."
    )
    withdrawn = ask(ensta, "Essais de chocs (retirée)", resources=[bench])
    services.request_transition(actor=member, access_request=withdrawn, name="withdraw")
    accepted = ask(ensta, "Vibrations d'un support de drone", resources=[bench])
    today = timezone.localdate()
    services.request_accept(
        actor=coordinator,
        access_request=accepted,
        allocations=[
            {
                "resource": bench,
                "hours": 16,
                "valid_from": today - datetime.timedelta(days=30),
                "valid_until": today + datetime.timedelta(days=90),
            }
        ],
        message="Un ingénieur vous accompagnera.",
    )
    allocation = accepted.allocations.get()
    for days_ahead, start, end in ((7, 9, 12), (14, 14, 17)):
        day = _next_weekday(days_ahead)
        bookings.booking_create(
            actor=member,
            resource=bench,
            starts_at=bookings.aware(day, datetime.time(start)),
            ends_at=bookings.aware(day, datetime.time(end)),
            allocation=allocation,
        )
    # A past slot, used and recorded (written directly: the rules refuse a slot in the past).
    past_day = today - datetime.timedelta(days=7)
    Booking.objects.create(
        resource=bench,
        allocation=allocation,
        organisation=member_organisation,
        booked_by=member,
        starts_at=bookings.aware(past_day, datetime.time(9)),
        ends_at=bookings.aware(past_day, datetime.time(12)),
        status="used",
        used_minutes=165,
        use_recorded_by=coordinator,
    )
    closed = ask(ensta, "Caractérisation d'un amortisseur (bilan rendu)", resources=[bench])
    services.request_accept(
        actor=coordinator,
        access_request=closed,
        allocations=[
            {"resource": bench, "hours": 4, "valid_from": today, "valid_until": today + datetime.timedelta(days=30)}
        ],
    )
    services.request_close(
        actor=member,
        access_request=closed,
        outcome_report="Amortisseur caractérisé de 5 à 500 Hz.",
        satisfaction=4,
        follow_up="Réponse à un besoin de la DGA en préparation.",
    )
    additive, _ = created["Armor Usinage de précision (démo)"]
    ask(additive, "Prototype de support imprimé en titane", actor=agent, organisation=agent_organisation)
    return len(created)
