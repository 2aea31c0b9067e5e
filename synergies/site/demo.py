"""The demo territory: real public actors of Bretagne, fictional companies, one account per role.

Fictional companies carry is_demo=True and "(démo)" in their name. Demo accounts share one password
and, for the roles that require it, a TOTP secret printed by `load_demo` (the current code is given
by `manage.py demo_totp EMAIL`).
"""

import base64
import hashlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from synergies.accounts.enums import OrganisationRole, Party, TerritoryRoleKind
from synergies.accounts.models import OrganisationMembership, TerritoryRole, User
from synergies.cohesion.demo import demo_cohesion_load
from synergies.core import audit
from synergies.directory.demo import demo_directory_load, demo_siret
from synergies.directory.enums import OrganisationKind, OrganisationSource
from synergies.directory.models import Organisation
from synergies.directory.reference import communes
from synergies.events.demo import demo_events_load
from synergies.governance.demo import demo_governance_load
from synergies.opportunities.demo import demo_opportunities_load
from synergies.platforms.demo import demo_platforms_load
from synergies.territories.models import Territory
from synergies.territories.services import reference_territories_load, shipped_conventions_load

DEMO_PASSWORD = "Synergies-demo-2026"

# (name, kind, commune INSEE, commune, description) — real public institutions (DOMAIN.md).
PUBLIC_ACTORS = [
    (
        "Base navale de Brest — préfecture maritime de l'Atlantique",
        OrganisationKind.MILITARY_UNIT,
        "29019",
        "Brest",
        "Principale base navale de la façade atlantique.",
    ),
    (
        "Base opérationnelle de l'Île Longue",
        OrganisationKind.MILITARY_UNIT,
        "29042",
        "Crozon",
        "Base des sous-marins nucléaires lanceurs d'engins.",
    ),
    (
        "Base d'aéronautique navale de Landivisiau",
        OrganisationKind.MILITARY_UNIT,
        "29105",
        "Landivisiau",
        "Base des Rafale Marine.",
    ),
    (
        "École navale — base de Lanvéoc-Poulmic",
        OrganisationKind.SCHOOL,
        "29120",
        "Lanvéoc",
        "Formation des officiers de marine ; institut de recherche IRENav.",
    ),
    (
        "DGA Techniques navales — site de Brest",
        OrganisationKind.STATE_SERVICE,
        "29019",
        "Brest",
        "Guerre des mines, signatures des navires.",
    ),
    (
        "ENSTA Bretagne",
        OrganisationKind.SCHOOL,
        "29019",
        "Brest",
        "École d'ingénieurs sous tutelle du ministère des Armées.",
    ),
    (
        "Base d'aéronautique navale de Lann-Bihoué",
        OrganisationKind.MILITARY_UNIT,
        "56162",
        "Ploemeur",
        "Avions de patrouille maritime.",
    ),
    (
        "Force maritime des fusiliers marins et commandos (FORFUSCO)",
        OrganisationKind.MILITARY_UNIT,
        "56121",
        "Lorient",
        "Forces spéciales de la Marine.",
    ),
    ("3e régiment d'infanterie de marine", OrganisationKind.MILITARY_UNIT, "56260", "Vannes", "Infanterie de marine."),
    (
        "Écoles de Saint-Cyr Coëtquidan — centre de recherche (CReC)",
        OrganisationKind.SCHOOL,
        "56075",
        "Guer",
        "Écoles d'officiers de l'armée de Terre ; recherche, dont cyber.",
    ),
    (
        "DGA Maîtrise de l'information",
        OrganisationKind.STATE_SERVICE,
        "35047",
        "Bruz",
        "Centre d'expertise du ministère pour le cyber, la guerre électronique et les missiles ; héberge l'AMIAD.",
    ),
    (
        "Commandement de la cyberdéfense (COMCYBER) — quartier Stéphant",
        OrganisationKind.MILITARY_UNIT,
        "35238",
        "Rennes",
        "Commandement de la cyberdéfense.",
    ),
    (
        "École des transmissions",
        OrganisationKind.SCHOOL,
        "35051",
        "Cesson-Sévigné",
        "Formation cyber et guerre électronique.",
    ),
    (
        "11e régiment d'artillerie de marine",
        OrganisationKind.MILITARY_UNIT,
        "35253",
        "Saint-Aubin-du-Cormier",
        "Artillerie de marine.",
    ),
    (
        "Pôle d'excellence cyber",
        OrganisationKind.CLUSTER,
        "35238",
        "Rennes",
        "Formation, recherche et industrie de la cybersécurité.",
    ),
    (
        "BINGO — pôle d'innovation de la DGA",
        OrganisationKind.STATE_SERVICE,
        "35047",
        "Bruz",
        "Guichet unique des innovateurs, dans les locaux de la DGA.",
    ),
    (
        "ENSIBS — Université Bretagne Sud",
        OrganisationKind.SCHOOL,
        "56260",
        "Vannes",
        "Diplôme d'ingénieur en cyberdéfense.",
    ),
    (
        "IMT Atlantique — campus de Brest",
        OrganisationKind.SCHOOL,
        "29019",
        "Brest",
        "École d'ingénieurs, chaire de cyberdéfense navale.",
    ),
    (
        "Pôle Mer Bretagne Atlantique",
        OrganisationKind.CLUSTER,
        "29019",
        "Brest",
        "Pôle de compétitivité maritime (environ 350 membres).",
    ),
    (
        "Bretagne Développement Innovation",
        OrganisationKind.LOCAL_AUTHORITY,
        "35238",
        "Rennes",
        "Agence de développement de la Région Bretagne.",
    ),
]

DEMO_COMPANIES = [
    (
        "Armor Usinage de précision (démo)",
        "29019",
        "Brest",
        "Usinage 5 axes de pièces en titane et aluminium pour l'aéronautique et le naval, certifié EN 9100.",
    ),
    (
        "Cyberkern Audit (démo)",
        "35238",
        "Rennes",
        "Audits de sécurité qualifiés PASSI, tests d'intrusion, sécurité des systèmes industriels.",
    ),
    (
        "Océan Drones Systèmes (démo)",
        "56121",
        "Lorient",
        "Drones de surface et sous-marins pour la surveillance maritime et la guerre des mines.",
    ),
    (
        "Brocéliande IA (démo)",
        "35047",
        "Bruz",
        "Apprentissage automatique embarqué, traitement du signal radar et fusion de données.",
    ),
    (
        "Ar Mor Maintenance Navale (démo)",
        "29019",
        "Brest",
        "Maintien en condition opérationnelle des navires, chaudronnerie, tuyauterie.",
    ),
    (
        "Trégor Électronique (démo)",
        "22113",
        "Lannion",
        "Conception et fabrication de cartes électroniques durcies, optronique.",
    ),
]

# NAF code and headcount band of each: the identity block of a profile, as SIRENE would give it.
DEMO_COMPANY_IDENTITY = {
    "Armor Usinage de précision (démo)": ("25.62B", "12"),
    "Cyberkern Audit (démo)": ("62.02A", "11"),
    "Océan Drones Systèmes (démo)": ("30.11Z", "21"),
    "Brocéliande IA (démo)": ("72.19Z", "03"),
    "Ar Mor Maintenance Navale (démo)": ("33.15Z", "21"),
    "Trégor Électronique (démo)": ("26.12Z", "12"),
}
# Their demo SIRETs come after any the generated directory uses (up to 999,000 companies).
DEMO_COMPANY_FIRST_NUMBER = 999_001


@dataclass(frozen=True)
class DemoAccount:
    email: str
    label: str
    first_name: str
    last_name: str


def demo_totp_secret(email: str) -> str:
    """A stable TOTP secret per demo account, so that the printed secret stays valid across reloads."""
    return base64.b32encode(hashlib.sha256(f"synergies-demo:{email}".encode()).digest()[:20]).decode()


def current_totp_code(user: User) -> str | None:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counters[len(counters) // 2]))


def _account(email, first_name, last_name, *, needs_mfa=False, **flags) -> User:
    user, _ = User.objects.get_or_create(email=email, defaults={"first_name": first_name, "last_name": last_name})
    user.first_name, user.last_name, user.is_demo = first_name, last_name, True
    for name, value in flags.items():
        setattr(user, name, value)
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if needs_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_totp_secret(email))
    return user


def _place(insee: str, city: str) -> dict:
    commune = communes().get(insee)
    return {
        "commune_insee": insee,
        "city": city,
        "department": insee[:2],
        "postal_code": commune.postal_codes[0] if commune and commune.postal_codes else "",
        "latitude": commune.latitude if commune else None,
        "longitude": commune.longitude if commune else None,
    }


@transaction.atomic
def demo_load() -> list[tuple[User, str]]:
    """Load the demo territory. Idempotent. Returns the demo accounts with a label of their role."""
    reference_territories_load()
    shipped_conventions_load()
    bretagne = Territory.objects.get(code="53")
    departments = {"22", "29", "35", "56"}
    organisations = {}
    for name, kind, insee, city, description in PUBLIC_ACTORS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name,
            territory=bretagne,
            defaults={"kind": kind, "description": description, **_place(insee, city)},
        )
    for number, (name, insee, city, description) in enumerate(DEMO_COMPANIES, start=DEMO_COMPANY_FIRST_NUMBER):
        assert insee[:2] in departments
        naf_code, headcount_band = DEMO_COMPANY_IDENTITY[name]
        siret = demo_siret(number)
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name,
            territory=bretagne,
            defaults={
                "kind": OrganisationKind.COMPANY,
                "description": description,
                "is_demo": True,
                "source": OrganisationSource.DEMO,
                "siret": siret,
                "siren": siret[:9],
                "is_headquarters": True,
                "naf_code": naf_code,
                "headcount_band": headcount_band,
                "headcount_year": 2023,
                "category": "PME",
                **_place(insee, city),
            },
        )
    generated = demo_directory_load(bretagne, organisations)
    company = organisations["Armor Usinage de précision (démo)"]
    dga = organisations["DGA Maîtrise de l'information"]

    accounts = []
    person = _account("personne@demo.synergies.fr", "Camille", "Le Goff")
    accounts.append((person, "personne inscrite"))
    member = _account("membre@demo.synergies.fr", "Yann", "Kerjean")
    OrganisationMembership.objects.update_or_create(
        user=member, organisation=company, defaults={"role": OrganisationRole.MEMBER}
    )
    accounts.append((member, f"membre de {company}"))
    org_admin = _account("admin-organisation@demo.synergies.fr", "Nolwenn", "Tanguy")
    OrganisationMembership.objects.update_or_create(
        user=org_admin, organisation=company, defaults={"role": OrganisationRole.ADMIN}
    )
    accounts.append((org_admin, f"administratrice de {company}"))
    agent = _account("agent-defense@demo.synergies.fr", "Erwan", "Le Bihan", needs_mfa=True)
    TerritoryRole.objects.update_or_create(
        user=agent, territory=bretagne, kind=TerritoryRoleKind.DEFENCE_AGENT, defaults={"organisation": dga}
    )
    accounts.append((agent, f"agent défense pour {dga}"))
    coordinators = {}
    for party, first, last in [(Party.REGION, "Gwenaëlle", "Morvan"), (Party.STATE, "Loïc", "Guillou")]:
        slug = "region" if party == Party.REGION else "etat"
        coordinator = _account(f"coordination-{slug}@demo.synergies.fr", first, last, needs_mfa=True)
        TerritoryRole.objects.update_or_create(
            user=coordinator, territory=bretagne, kind=TerritoryRoleKind.COORDINATOR, defaults={"party": party}
        )
        accounts.append((coordinator, f"coordinateur Bretagne — {Party(party).label}"))
        coordinators[party] = coordinator
    steering = _account(
        "pilotage-national@demo.synergies.fr", "Claire", "Dubreuil", needs_mfa=True, is_national_steering=True
    )
    accounts.append((steering, "pilotage national"))
    admin = _account("admin@demo.synergies.fr", "Alex", "Martin", needs_mfa=True, is_staff=True, is_superuser=True)
    accounts.append((admin, "administrateur de la plateforme"))
    demo_opportunities_load(
        territory=bretagne, agent=agent, publisher=dga, respondent=member, respondent_organisation=company
    )
    demo_governance_load(
        convention=bretagne.current_convention,
        region_coordinator=coordinators[Party.REGION],
        state_coordinator=coordinators[Party.STATE],
    )
    demo_platforms_load(
        organisations=organisations,
        coordinator=coordinators[Party.REGION],
        member=member,
        member_organisation=company,
        agent=agent,
        agent_organisation=dga,
    )
    demo_events_load(
        organisations=organisations,
        coordinator=coordinators[Party.REGION],
        person=person,
        member=member,
        member_organisation=company,
    )
    demo_cohesion_load(
        organisations=organisations,
        coordinator=coordinators[Party.REGION],
        agent=agent,
        agent_organisation=dga,
        member_organisation=company,
        territory=bretagne,
    )
    audit.record(
        actor=None, action="demo_loaded", territory=bretagne, changes={"organisations": len(organisations) + generated}
    )
    return accounts
