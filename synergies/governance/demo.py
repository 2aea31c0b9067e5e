"""Demo steering of the Bretagne convention: actions, indicators (entered and computed), values,
a steering committee with decisions. Illustrative figures, marked as such in the descriptions."""

import datetime

from django.utils import timezone

from synergies.governance import services
from synergies.governance.models import Action, Indicator, Meeting

ACTIONS = [
    (1, "1.1", "Publier les besoins de sous-traitance des sites de défense bretons sur Synergies", "dga", 80),
    (1, "1.2", "Rencontres acheteurs défense – PME bretonnes (deux par an)", "region", 50),
    (2, "2.1", "Appel à projets de recherche duale maritime", "aid", 40),
    (2, "2.2", "Ouvrir aux PME l'accès aux plateformes technologiques de défense", "dga", 20),
    (3, "3.1", "Programme d'événements du Pôle d'excellence cyber", "comcyber", 60),
    (3, "3.2", "Partenariat IA de défense avec les écoles et laboratoires bretons", "state", 30),
    (4, "4.1", "Emplois pour les conjoints de militaires avec les employeurs régionaux", "region", 45),
    (4, "4.2", "Développer la réserve citoyenne dans les lycées", "state", 25),
]
INDICATORS = [
    (1, "besoins-publies", "Besoins de sous-traitance et de R&I publiés", "besoins", "needs_published", 0, 40),
    (2, "organisations-annuaire", "Organisations actives dans l'annuaire", "organisations", "organisations", 0, 400),
    (
        2,
        "heures-plateformes-pme",
        "Heures de plateformes technologiques utilisées par les PME du territoire",
        "heures",
        "platform_sme_hours",
        0,
        500,
    ),
    (2, "montant-attribue", "Montant attribué aux organisations régionales", "€", "awarded_amount", 0, 2_000_000),
    (
        3,
        "organisations-cyber-ia",
        "Organisations de l'annuaire en cyber ou en IA",
        "organisations",
        "organisations_cyber_ai",
        0,
        120,
    ),
    (3, "evenements-pec", "Participants aux événements du Pôle d'excellence cyber", "participants", "", 1500, 3000),
    (4, "reservistes-citoyens", "Réservistes citoyens engagés", "réservistes", "", 120, 300),
    (
        4,
        "contrats-reserve",
        "Contrats d'engagement à la réserve signés",
        "contrats",
        "reserve_contracts_signed",
        0,
        60,
    ),
    (
        4,
        "employeurs-partenaires",
        "Employeurs partenaires (engagement en vigueur)",
        "employeurs",
        "partner_employers",
        0,
        40,
    ),
    (4, "jeunes-partenariats", "Jeunes concernés par les partenariats jeunesse", "jeunes", "youth_reached", 0, 600),
]


def demo_governance_load(*, convention, region_coordinator, state_coordinator) -> int:
    if Action.objects.filter(convention=convention).exists():
        return 0
    objectives = {o.number: o for o in convention.objectives.all()}
    today = timezone.localdate()
    for number, reference, title, lead, progress in ACTIONS:
        services.action_save(
            actor=region_coordinator,
            convention=convention,
            fields={
                "objective": objectives[number],
                "reference": reference,
                "title": title,
                "description": "Action de démonstration.",
                "lead": lead,
                "starts_on": convention.starts_on,
                "due_on": today + datetime.timedelta(days=(-30 if reference == "2.2" else 240)),
                "status": "in_progress",
                "progress": progress,
                "is_public": True,
            },
        )
    for number, code, name, unit, computation, baseline, target in INDICATORS:
        indicator = services.indicator_save(
            actor=region_coordinator,
            convention=convention,
            fields={
                "objective": objectives[number],
                "code": code,
                "name": name,
                "unit": unit,
                "baseline": baseline,
                "target": target,
                "target_date": datetime.date(2028, 12, 31),
                "direction": "increase",
                "frequency": "quarterly",
                "computation": computation,
                "is_public": True,
            },
        )
        if not computation:  # entered by the Region, validated by the State, every quarter
            for quarter in range(6):
                day = today - datetime.timedelta(days=91 * (6 - quarter))
                if day < convention.starts_on:
                    continue
                entry = services.value_enter(
                    actor=region_coordinator,
                    indicator=indicator,
                    value=baseline + (target - baseline) * (quarter + 1) // 8,
                    measured_on=day,
                    comment="Valeur de démonstration.",
                )
                services.value_validate(actor=state_coordinator, entry=entry)
    services.indicators_compute()
    copil = services.meeting_save(
        actor=region_coordinator,
        convention=convention,
        fields={
            "kind": "steering",
            "held_on": max(convention.starts_on, today - datetime.timedelta(days=60)),
            "participants": "Région Bretagne, ministère des Armées, DGA, AID, COMCYBER",
            "agenda": "Bilan de la première année ; priorités.",
            "minutes": "Réunion de démonstration.",
        },
    )
    services.decision_create(
        actor=region_coordinator,
        meeting=copil,
        text="Lancer un recensement des plateformes technologiques ouvertes aux PME.",
        new_action={
            "objective": objectives[2],
            "reference": "2.3",
            "title": "Recenser les plateformes technologiques ouvertes aux PME",
            "lead": "dga",
            "due_on": today + datetime.timedelta(days=120),
        },
    )
    return (
        Indicator.objects.filter(convention=convention).count() + Meeting.objects.filter(convention=convention).count()
    )
