"""Demo opportunities of the demo territory: every kind, every stage of the lifecycle."""

import datetime

from django.utils import timezone

from synergies.directory.models import Capability, Certification
from synergies.opportunities import services
from synergies.opportunities.enums import OpportunityKind
from synergies.opportunities.models import Opportunity

# (title, kind, extra fields, capability slugs, days to the deadline, objective number)
DEMO_OPPORTUNITIES = [
    (
        "Usinage 5 axes de pièces en titane pour équipements de guerre électronique",
        OpportunityKind.SUBCONTRACTING,
        {
            "description": "Série de 40 boîtiers en titane TA6V usinés 5 axes, tolérances ±0,01 mm, "
            "contrôle tridimensionnel. Livraison échelonnée sur 12 mois. Certification EN 9100 attendue.",
            "place": "Bruz",
            "department": "35",
            "budget_min": 150_000,
            "budget_max": 250_000,
        },
        ["usinage-precision"],
        30,
        1,
    ),
    (
        "Détection d'anomalies dans les journaux de sécurité par apprentissage automatique",
        OpportunityKind.RESEARCH,
        {
            "description": "Besoin de recherche et d'innovation : méthodes d'apprentissage frugal pour détecter des "
            "comportements anormaux dans des journaux de systèmes d'information, avec explicabilité des alertes.",
            "place": "Rennes",
            "department": "35",
        },
        [],
        45,
        3,
    ),
    (
        "Appel à projets « Recherche duale maritime 2027 »",
        OpportunityKind.CALL_FOR_PROJECTS,
        {
            "description": "Projets collaboratifs associant au moins une PME et un laboratoire bretons sur les "
            "drones sous-marins, l'acoustique sous-marine et la surveillance des fonds marins. Subvention "
            "jusqu'à 300 000 € par projet.",
            "place": "Bretagne",
            "budget_max": 300_000,
        },
        [],
        60,
        2,
    ),
    (
        "Ingénieur ou ingénieure cybersécurité — alternance",
        OpportunityKind.RECRUITMENT,
        {
            "description": "Alternance de 24 mois au sein d'un centre d'expertise : audits, durcissement, "
            "supervision. Poste ouvert aux conjoints de militaires.",
            "contract_type": "apprenticeship",
            "open_to_military_spouses": True,
            "place": "Bruz",
            "department": "35",
        },
        [],
        20,
        4,
    ),
    (
        "Réserve citoyenne : interventions dans les lycées pour le lien armées–jeunesse",
        OpportunityKind.RESERVE_MISSION,
        {
            "description": "Présenter les métiers de la défense et le parcours de citoyenneté dans les lycées "
            "d'Ille-et-Vilaine, deux demi-journées par trimestre.",
            "reserve_type": "citizen",
            "place": "Ille-et-Vilaine",
            "department": "35",
        },
        [],
        40,
        4,
    ),
]


def demo_opportunities_load(*, territory, agent, publisher, respondent, respondent_organisation) -> int:
    """Create the demo opportunities once (by title), with a response, a question and one awarded."""
    convention = territory.current_convention
    objectives = {o.number: o for o in convention.objectives.all()} if convention else {}
    created = 0
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    for title, kind, extra, capability_slugs, days, objective in DEMO_OPPORTUNITIES:
        if Opportunity.objects.filter(title=title, territory=territory).exists():
            continue
        fields = {
            "kind": kind,
            "title": title,
            "objective": objectives.get(objective),
            "deadline": noon + datetime.timedelta(days=days),
            "visibility": "public",
            **extra,
        }
        services.opportunity_create(
            actor=agent,
            territory=territory,
            publisher=publisher,
            fields=fields,
            capabilities=Capability.objects.filter(slug__in=capability_slugs),
            certifications=Certification.objects.filter(slug="en-9100")
            if kind == OpportunityKind.SUBCONTRACTING
            else [],
            publish=True,
        )
        created += 1
    subcontracting = Opportunity.objects.filter(territory=territory, kind=OpportunityKind.SUBCONTRACTING).first()
    if created and subcontracting is not None:
        services.question_ask(
            actor=respondent, opportunity=subcontracting, text="Les plans seront-ils fournis au format STEP ?"
        )
        services.response_create(
            actor=respondent,
            opportunity=subcontracting,
            organisation=respondent_organisation,
            kind="interest",
            message="Parc de 6 centres d'usinage 5 axes, habitués au titane ; certifiés EN 9100.",
            contact_name=respondent.get_full_name(),
            contact_email=respondent.email,
        )
    return created
