"""The demo's objective 4: booklets of real units, youth partnerships, partner employers among the demo
companies, and candidate files in every state on the demo reserve mission (its referent: the demo
defence agent). Written through the services, so that the demo holds what a real territory would."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from synergies.accounts.models import User
from synergies.cohesion import booklets, employers, reserve, youth
from synergies.cohesion.models import Booklet, BookletBlock, CandidateFile
from synergies.core.text import de
from synergies.opportunities.enums import OpportunityKind
from synergies.opportunities.models import Opportunity

BOOKLETS = {
    "11e régiment d'artillerie de marine": ("Bienvenue au 11e RAMa", "Saint-Aubin-du-Cormier"),
    "3e régiment d'infanterie de marine": ("Bienvenue au 3e RIMa", "Vannes"),
    "Commandement de la cyberdéfense (COMCYBER) — quartier Stéphant": ("Bienvenue au COMCYBER", "Rennes"),
}
BLOCKS = [
    ("arrival", "Votre arrivée", "La cellule d'accueil vous reçoit du lundi au vendredi, de 8 h 30 à 17 h.", []),
    (
        "housing",
        "Se loger",
        "Le bureau logement propose des logements domaniaux ; prenez contact deux mois avant la mutation.",
        [],
    ),
    ("schools", "Écoles et garde d'enfants", "Inscriptions scolaires en mairie ; crèches à réserver tôt.", []),
    ("health", "Santé", "Le centre médical des armées assure le suivi des militaires ; médecins civils en ville.", []),
    (
        "spouse_employment",
        "Emploi du conjoint",
        "Des employeurs du territoire se sont engagés pour l'emploi des conjoints.",
        ["Armor Usinage de précision (démo)"],
    ),
    (
        "reserve",
        "La réserve",
        "Votre conjoint ou vos proches peuvent rejoindre la réserve opérationnelle ou citoyenne.",
        [],
    ),
    (
        "youth",
        "Jeunesse",
        "Classes de défense, cadets de la défense, préparations militaires près de chez vous.",
        ["Écoles de Saint-Cyr Coëtquidan — centre de recherche (CReC)"],
    ),
]
CHECKLIST = [
    ("Demander un logement au bureau logement", -60),
    ("Inscrire les enfants à l'école", -30),
    ("Passer à la cellule d'accueil", 0),
    ("Déclarer votre nouvelle adresse", 15),
]
PARTNERSHIPS = [
    ("cdsg", "CDSG du lycée de Saint-Aubin-du-Cormier (démo)", "11e régiment d'artillerie de marine", "35253", 28),
    ("cdsg", "CDSG du lycée maritime de Vannes (démo)", "3e régiment d'infanterie de marine", "56260", 32),
    (
        "cadets",
        "Cadets de la défense de Rennes (démo)",
        "Commandement de la cyberdéfense (COMCYBER) — quartier Stéphant",
        "35238",
        24,
    ),
    (
        "military_preparation",
        "Préparation militaire marine de Brest (démo)",
        "Base navale de Brest — préfecture maritime de l'Atlantique",
        "29019",
        40,
    ),
]
# (first name, last name, the steps taken after applying)
CANDIDATES = [
    ("Léa", "Bernard", []),
    ("Mathis", "Guével", ["upload"]),
    ("Inès", "Ropars", ["upload", "send_back"]),
    ("Hugo", "Tanguy", ["upload", "validate", "preselect"]),
    ("Chloé", "Le Meur", ["upload", "validate", "preselect", "plan_appointment"]),
    ("Noah", "Kerbrat", ["upload", "validate", "preselect", "prepare_contract"]),
    ("Manon", "Cadiou", ["upload", "validate", "preselect", "prepare_contract", "send_contract"]),
    (
        "Lucas",
        "Prigent",
        ["upload", "validate", "preselect", "prepare_contract", "send_contract", "sign_contract", "activate"],
    ),
    ("Jade", "Lozac'h", ["upload", "refuse"]),
    ("Tom", "Le Roux", ["withdraw"]),
]


def _candidate(first_name, last_name) -> User:
    email = f"candidat.{slugify(f'{first_name} {last_name}').replace('-', '.')}@demo.synergies.fr"
    user, _ = User.objects.get_or_create(email=email, defaults={"first_name": first_name, "last_name": last_name})
    user.is_demo = True
    user.set_unusable_password()
    user.save()
    return user


def _files(mission, agent, employer):
    for first_name, last_name, steps in CANDIDATES:
        user = _candidate(first_name, last_name)
        candidate_file = reserve.file_create(
            actor=user,
            mission=mission,
            first_name=first_name,
            last_name=last_name,
            birth_date=datetime.date(1998, 4, 2),
            conditions_confirmed=True,
            employer=employer if last_name == "Prigent" else None,
        )
        for step in steps:
            if step == "upload":
                for document in candidate_file.documents.all():
                    text = f"{document.name} {de(first_name)} {last_name} (pièce de démonstration)."
                    reserve.document_upload(
                        actor=user, document=document, uploaded_file=SimpleUploadedFile("piece.txt", text.encode())
                    )
            elif step in ("validate", "send_back"):
                for document in candidate_file.documents.all():
                    reserve.document_review(
                        actor=agent,
                        document=document,
                        name=step,
                        comment="Document illisible, merci de le redéposer." if step == "send_back" else "",
                    )
                    if step == "send_back":
                        break
            elif step in ("sign_contract", "withdraw"):
                reserve.file_transition(actor=user, candidate_file=candidate_file, name=step)
            else:
                reserve.file_transition(
                    actor=agent,
                    candidate_file=candidate_file,
                    name=step,
                    reason="Profil ne correspondant pas aux besoins de la mission." if step == "refuse" else "",
                    appointment_kind="interview",
                    appointment_at=timezone.now() + datetime.timedelta(days=6),
                    appointment_place="Cellule réserve",
                )


@transaction.atomic
def demo_cohesion_load(*, organisations, coordinator, agent, agent_organisation, member_organisation, territory) -> int:
    """Create the demo's objective 4 once (by the booklets' presence)."""
    if Booklet.objects.filter(territory=territory).exists():
        return 0
    today = timezone.localdate()
    for unit_name, (title, garrison) in BOOKLETS.items():
        unit = organisations.get(unit_name)
        if unit is None:
            continue
        booklet = booklets.booklet_save(
            actor=coordinator,
            unit=unit,
            fields={
                "title": title,
                "garrison": garrison,
                "published": True,
                "introduction": "Toute l'unité vous souhaite la bienvenue.",
            },
        )
        for position, (section, block_title, body, organisation_names) in enumerate(BLOCKS):
            booklets.block_save(
                actor=coordinator,
                booklet=booklet,
                fields={
                    "section": section,
                    "title": block_title,
                    "body": body,
                    "review_by": today + datetime.timedelta(days=180),
                    "position": position,
                },
                organisations=[organisations[name] for name in organisation_names if name in organisations],
            )
        for label, days in CHECKLIST:
            booklets.checklist_item_add(actor=coordinator, booklet=booklet, label=label, days_from_arrival=days)
    # One block past its date, so that the review flag shows in the demo.
    first_health = BookletBlock.objects.filter(booklet__territory=territory, section="health").order_by("id").first()
    if first_health is not None:
        BookletBlock.objects.filter(pk=first_health.pk).update(review_by=today - datetime.timedelta(days=3))
    for programme, name, unit_name, commune, young in PARTNERSHIPS:
        unit = organisations.get(unit_name)
        if unit is not None:
            youth.partnership_save(
                actor=coordinator,
                unit=unit,
                fields={
                    "programme": programme,
                    "name": name,
                    "commune_insee": commune,
                    "started_on": today.replace(month=9, day=1)
                    if today.month >= 9
                    else today.replace(year=today.year - 1, month=9, day=1),
                    "young_people": young,
                },
            )
    signed = today - datetime.timedelta(days=700)
    for organisation, kind, valid_until, extra in [
        (member_organisation, "defence_partner_label", today + datetime.timedelta(days=60), {}),
        (member_organisation, "reserve_convention", None, {"days_granted": 10, "reactivity_clause": True}),
        (organisations.get("Cyberkern Audit (démo)"), "spouse_pledge", None, {"places": 3}),
        (organisations.get("Trégor Électronique (démo)"), "youth_internships", None, {"places": 4}),
    ]:
        if organisation is not None:
            employers.commitment_save(
                actor=coordinator,
                organisation=organisation,
                fields={"kind": kind, "stage": "signed", "signed_on": signed, "valid_until": valid_until, **extra},
            )
    interested = organisations.get("Ar Mor Maintenance Navale (démo)")
    if interested is not None:
        employers.commitment_save(
            actor=coordinator, organisation=interested, fields={"kind": "reserve_convention", "stage": "interested"}
        )
    mission = (
        Opportunity.objects.filter(
            territory=territory, kind=OpportunityKind.RESERVE_MISSION, publisher=agent_organisation
        )
        .order_by("id")
        .first()
    )
    if mission is not None and mission.is_open and not CandidateFile.objects.filter(mission=mission).exists():
        _files(mission, agent, member_organisation)
    return 1
