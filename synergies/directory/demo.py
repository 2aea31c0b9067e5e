"""Demo directory: profiles for the real public actors and a few hundred fictional companies.

Fictional companies are flagged `is_demo`, carry « (démo) » in their name and SIRETs whose SIREN
starts with 000 (never attributed by INSEE). Everything is drawn from a seeded generator, so that
every load gives the same directory.
"""

import random

from django.db import transaction

from synergies.directory import reference, search, services
from synergies.directory.enums import OrganisationKind, OrganisationSource
from synergies.directory.models import (
    Capability,
    Certification,
    Contact,
    Label,
    Organisation,
    OrganisationCertification,
)
from synergies.directory.reference import luhn_complete
from synergies.directory.taxonomy import taxonomy_load

# Communes of Bretagne where demo companies are placed, with a weight (bigger towns, more firms).
DEMO_COMMUNES = {
    "29019": 14, "35238": 16, "56121": 8, "56260": 7, "22278": 5, "29232": 5, "35288": 4, "35047": 5,
    "35051": 5, "22113": 5, "29075": 3, "29212": 3, "56162": 3, "56098": 2, "29151": 2, "29103": 2,
    "29039": 2, "56007": 2, "56178": 2, "35360": 2, "35115": 2, "35281": 2, "22050": 2, "22093": 1,
    "22070": 1, "22198": 2, "29235": 1, "56083": 1, "35236": 1, "56075": 1,
}  # fmt: skip

NAME_STEMS = [
    "Armor", "Penn ar Bed", "Iroise", "Ouessant", "Brocéliande", "Trégor", "Léon", "Cornouaille", "Goëlo",
    "Rance", "Vilaine", "Blavet", "Odet", "Aber", "Glénan", "Émeraude", "Morbihan", "Argoat", "Arrée", "Kreiz",
    "Mor Braz", "Belle-Île", "Sept-Îles", "Bréhat", "Keroman", "Portzic", "Kerlann", "Atlantique", "Celtic",
    "Menez", "Raz", "Sein", "Houat", "Groix", "Erquy", "Fréhel", "Huelgoat", "Landes", "Ponant", "Iroise Sud",
]  # fmt: skip

# Archetypes: (name suffixes, NAF codes, kind, capability slugs, certification slugs, description parts)
ARCHETYPES = [
    (
        ["Usinage", "Mécanique de précision", "Décolletage", "Précision"],
        ["25.62A", "25.62B"],
        OrganisationKind.COMPANY,
        ["usinage-precision", "essais-controles", "aerostructures"],
        ["iso-9001", "en-9100", "aqap-2110"],
        [
            "Usinage de pièces de précision en titane, inox et aluminium sur centres 5 axes.",
            "Tournage et fraisage à commande numérique de petites et moyennes séries.",
            "Pièces mécaniques pour l'aéronautique, le naval et l'armement, contrôle tridimensionnel.",
        ],
    ),
    (
        ["Usinage bois", "Menuiserie industrielle", "Agencement"],
        ["16.23Z", "31.09B"],
        OrganisationKind.COMPANY,
        ["equipements-pont"],
        ["iso-9001"],
        [
            "Usinage du bois et agencement intérieur de navires, menuiserie sur mesure.",
            "Fabrication de mobilier et d'emménagements en bois massif et panneaux.",
        ],
    ),
    (
        ["Chaudronnerie", "Métallerie", "Soudure"],
        ["25.11Z", "25.29Z", "33.11Z"],
        OrganisationKind.COMPANY,
        ["chaudronnerie-soudage", "maintenance-navale"],
        ["iso-9001", "mase"],
        [
            "Chaudronnerie, tuyauterie et soudage qualifié pour la construction et la réparation navale.",
            "Tôlerie fine, structures mécano-soudées et métallerie industrielle.",
        ],
    ),
    (
        ["Maintenance Navale", "Naval Services", "Réparation Navale"],
        ["33.15Z"],
        OrganisationKind.COMPANY,
        ["maintenance-navale", "mco-equipements", "propulsion-navale"],
        ["iso-9001", "mase", "iso-14001"],
        [
            "Maintien en condition opérationnelle de navires militaires et civils, arrêts techniques.",
            "Réparation de moteurs et lignes d'arbres, interventions à quai et en cale sèche.",
        ],
    ),
    (
        ["Cyber", "Sécurité Numérique", "CyberDéfense", "Audit SSI"],
        ["62.02A", "62.03Z", "62.09Z"],
        OrganisationKind.COMPANY,
        ["audit-securite", "soc-detection", "conseil-ssi", "lutte-informatique"],
        ["iso-27001", "passi", "iso-9001"],
        [
            "Audits de sécurité qualifiés, tests d'intrusion et audits de code source.",
            "Centre opérationnel de sécurité, détection et réponse aux incidents 24 h/24.",
            "Accompagnement à l'homologation, analyses de risques EBIOS et gouvernance SSI.",
        ],
    ),
    (
        ["Sécurité Industrielle", "OT Sécurité", "Systèmes Sûrs"],
        ["62.02A", "71.12B"],
        OrganisationKind.COMPANY,
        ["securite-systemes-embarques", "cryptographie", "audit-securite"],
        ["iso-27001"],
        [
            "Cybersécurité des systèmes industriels et embarqués, sécurisation des automates.",
            "Conception de produits de chiffrement et de passerelles sécurisées.",
        ],
    ),
    (
        ["IA", "Data", "Intelligence Artificielle", "Vision"],
        ["62.01Z", "58.29C", "72.19Z"],
        OrganisationKind.COMPANY,
        ["apprentissage-automatique", "vision-par-ordinateur", "traitement-langage", "fusion-donnees"],
        ["iso-27001", "iso-9001"],
        [
            "Apprentissage automatique embarqué pour la reconnaissance d'images et de signaux.",
            "Traitement automatique du langage pour l'analyse de documents en français.",
            "Fusion de données multi-capteurs et aide à la décision.",
        ],
    ),
    (
        ["Logiciel", "Informatique", "Systèmes d'information"],
        ["62.01Z", "58.29C", "63.11Z"],
        OrganisationKind.COMPANY,
        ["developpement-logiciel", "cloud-infrastructures"],
        ["iso-27001", "secnumcloud", "iso-9001"],
        [
            "Développement de logiciels métiers et d'applications web sécurisées.",
            "Hébergement et infogérance d'infrastructures critiques.",
        ],
    ),
    (
        ["Électronique", "Électronique Durcie", "Cartes"],
        ["26.11Z", "26.12Z", "26.30Z", "26.51B"],
        OrganisationKind.COMPANY,
        ["cartes-electroniques", "radar-hyperfrequences", "telecommunications"],
        ["iso-9001", "en-9100", "aqap-2110"],
        [
            "Conception et fabrication de cartes électroniques durcies pour environnements sévères.",
            "Sous-traitance électronique : câblage, intégration et tests de sous-ensembles.",
            "Antennes et modules hyperfréquences pour radars et liaisons de données.",
        ],
    ),
    (
        ["Optronique", "Photonique", "Capteurs"],
        ["26.70Z", "26.51A"],
        OrganisationKind.COMPANY,
        ["optronique", "guerre-electronique"],
        ["iso-9001", "en-9100"],
        [
            "Capteurs optroniques infrarouges et caméras pour la surveillance.",
            "Composants photoniques et fibres optiques pour la détection.",
        ],
    ),
    (
        ["Drones", "Robotique", "Systèmes Autonomes"],
        ["30.30Z", "28.99B", "71.12B"],
        OrganisationKind.COMPANY,
        ["drones-aeriens", "lutte-anti-drones", "robotique-terrestre"],
        ["iso-9001", "en-9100"],
        [
            "Conception de drones aériens à voilure fixe et tournante pour la surveillance.",
            "Systèmes de détection et de neutralisation de drones.",
        ],
    ),
    (
        ["Drones Marins", "Robotique Sous-Marine", "Océan Systèmes"],
        ["30.11Z", "28.99B", "26.51B"],
        OrganisationKind.COMPANY,
        ["sous-marins", "lutte-sous-la-mer", "construction-navale"],
        ["iso-9001", "aqap-2110"],
        [
            "Drones sous-marins autonomes et robots téléopérés pour l'inspection et la guerre des mines.",
            "Sonars et capteurs acoustiques sous-marins.",
        ],
    ),
    (
        ["Composites", "Matériaux", "Polymères"],
        ["22.29A", "20.16Z", "30.11Z"],
        OrganisationKind.COMPANY,
        ["composites", "fabrication-additive"],
        ["iso-9001", "en-9100"],
        [
            "Pièces en matériaux composites carbone et verre pour le naval et l'aéronautique.",
            "Fabrication additive métallique et polymère de pièces prototypes.",
        ],
    ),
    (
        ["Traitement de Surface", "Peinture Industrielle", "Revêtements"],
        ["25.61Z"],
        OrganisationKind.COMPANY,
        ["traitements-surface"],
        ["iso-9001", "iso-14001"],
        [
            "Traitements de surface, anodisation et peinture industrielle anticorrosion.",
            "Traitements thermiques sous vide de pièces métalliques.",
        ],
    ),
    (
        ["Ingénierie", "Bureau d'Études", "Conseil Technique"],
        ["71.12B", "71.20B", "70.22Z"],
        OrganisationKind.COMPANY,
        ["ingenierie-conseil", "simulation", "essais-controles"],
        ["iso-9001"],
        [
            "Bureau d'études mécaniques et électriques, calculs de structures.",
            "Essais d'environnement, vibrations et compatibilité électromagnétique.",
            "Simulation numérique et jumeaux numériques de systèmes complexes.",
        ],
    ),
    (
        ["Formation", "Académie", "Campus"],
        ["85.59A", "85.59B"],
        OrganisationKind.COMPANY,
        ["formation", "realite-virtuelle", "simulation"],
        ["qualiopi"],
        [
            "Formations professionnelles en cybersécurité, soudage et maintenance industrielle.",
            "Simulateurs d'entraînement en réalité virtuelle.",
        ],
    ),
    (
        ["Sécurité Privée", "Sûreté", "Protection"],
        ["80.10Z", "80.20Z"],
        OrganisationKind.COMPANY,
        ["securite-surete"],
        ["iso-9001", "mase"],
        [
            "Sûreté des sites sensibles : gardiennage, contrôle d'accès et vidéoprotection.",
            "Installation de systèmes de détection d'intrusion et de sécurité physique.",
        ],
    ),
    (
        ["Logistique", "Soutien", "Approvisionnement"],
        ["52.10B", "46.69B", "33.12Z"],
        OrganisationKind.COMPANY,
        ["logistique-soutien", "mco-equipements", "reparation-electronique"],
        ["iso-9001", "en-9120"],
        [
            "Soutien logistique intégré et gestion des obsolescences de composants.",
            "Réparation d'équipements électroniques et électromécaniques.",
        ],
    ),
    (
        ["Laboratoire", "Lab", "Institut"],
        ["72.19Z"],
        OrganisationKind.LABORATORY,
        ["recherche", "apprentissage-automatique", "lutte-sous-la-mer", "cryptographie"],
        [],
        [
            "Laboratoire de recherche en acoustique sous-marine et traitement du signal.",
            "Recherche en cryptographie et sécurité des systèmes.",
            "Équipe de recherche en intelligence artificielle de confiance.",
        ],
    ),
    (
        ["Spatial", "Satellites", "Observation"],
        ["30.30Z", "61.30Z", "71.12B"],
        OrganisationKind.COMPANY,
        ["satellites", "observation-terre", "segment-sol"],
        ["iso-9001", "en-9100"],
        [
            "Traitement d'images satellitaires et observation de la Terre.",
            "Stations sol et télécommunications par satellite.",
        ],
    ),
]
LEGAL_FORMS = ["SAS", "SARL", "SA", "SASU", ""]
HEADCOUNT_WEIGHTS = {"01": 8, "02": 10, "03": 12, "11": 16, "12": 18, "21": 12, "22": 8, "31": 3, "32": 3, "41": 1}
FIRST_NAMES = ["Maël", "Nolwenn", "Gwenaël", "Soizic", "Yannick", "Rozenn", "Tanguy", "Enora", "Loïc", "Annaïg"]
LAST_NAMES = ["Le Gall", "Kerbrat", "Le Bris", "Quéméner", "Le Roux", "Morvan", "Guéguen", "Riou", "Le Meur", "Tanguy"]

# Profiles of the real public actors and of the hand-written demo companies: capabilities and labels.
PROFILES = {
    "Base navale de Brest — préfecture maritime de l'Atlantique": (["maintenance-navale", "logistique-soutien"], []),
    "DGA Techniques navales — site de Brest": (["lutte-sous-la-mer", "essais-controles"], []),
    "ENSTA Bretagne": (["recherche", "formation", "sous-marins"], []),
    "École navale — base de Lanvéoc-Poulmic": (["formation", "recherche"], []),
    "DGA Maîtrise de l'information": (["guerre-electronique", "lutte-informatique", "apprentissage-automatique"], []),
    "Commandement de la cyberdéfense (COMCYBER) — quartier Stéphant": (["lutte-informatique"], []),
    "École des transmissions": (["formation", "guerre-electronique", "telecommunications"], []),
    "Pôle d'excellence cyber": (["formation", "recherche", "conseil-ssi"], []),
    "ENSIBS — Université Bretagne Sud": (["formation", "recherche", "audit-securite"], []),
    "IMT Atlantique — campus de Brest": (["recherche", "formation", "securite-systemes-embarques"], []),
    "Pôle Mer Bretagne Atlantique": (["recherche", "construction-navale"], []),
    "Écoles de Saint-Cyr Coëtquidan — centre de recherche (CReC)": (["recherche", "formation"], []),
    "Armor Usinage de précision (démo)": (
        ["usinage-precision", "aerostructures"],
        ["fournisseur-dga"],  # « partenaire de la défense nationale » follows from its commitment (cohesion demo)
    ),
    "Cyberkern Audit (démo)": (["audit-securite", "securite-systemes-embarques"], ["pole-excellence-cyber"]),
    "Océan Drones Systèmes (démo)": (["sous-marins", "lutte-sous-la-mer", "drones-aeriens"], ["pole-mer"]),
    "Brocéliande IA (démo)": (["apprentissage-automatique", "fusion-donnees", "radar-hyperfrequences"], []),
    "Ar Mor Maintenance Navale (démo)": (["maintenance-navale", "chaudronnerie-soudage"], ["pole-mer"]),
    "Trégor Électronique (démo)": (["cartes-electroniques", "optronique"], ["fournisseur-dga"]),
}
DEMO_CERTIFICATIONS = {
    "Armor Usinage de précision (démo)": ["iso-9001", "en-9100"],
    "Cyberkern Audit (démo)": ["passi", "iso-27001"],
    "Trégor Électronique (démo)": ["iso-9001", "aqap-2110"],
}


def demo_siret(number: int) -> str:
    """SIREN 00xxxxxx + key (never attributed), establishment 0001: up to 999,999 demo companies."""
    return luhn_complete(luhn_complete(f"00{number:06d}") + "0001")


@transaction.atomic
def demo_directory_load(territory, organisations: dict[str, Organisation], *, generated: int = 300) -> int:
    """Enrich the given organisations and add `generated` fictional companies. Idempotent."""
    taxonomy_load()
    capabilities = {c.slug: c for c in Capability.objects.all()}
    certifications = {c.slug: c for c in Certification.objects.all()}
    labels = {label.slug: label for label in Label.objects.all()}
    for name, (capability_slugs, label_slugs) in PROFILES.items():
        organisation = organisations.get(name)
        if organisation is None:
            continue
        organisation.capabilities.set([capabilities[slug] for slug in capability_slugs])
        organisation.labels.set([labels[slug] for slug in label_slugs])
        for slug in DEMO_CERTIFICATIONS.get(name, []):
            OrganisationCertification.objects.get_or_create(
                organisation=organisation, certification=certifications[slug]
            )
    rng = random.Random(2024_04_04)
    communes = [code for code in DEMO_COMMUNES if code in reference.communes()]
    weights = [DEMO_COMMUNES[code] for code in communes]
    existing = set(
        Organisation.objects.filter(is_demo=True, source=OrganisationSource.DEMO).values_list("siret", flat=True)
    )
    created = []
    links = []  # (organisation index, capabilities, certifications, labels, contact)
    used_names = {name.removesuffix(" (démo)") for name in organisations}
    for number in range(1, generated + 1):
        suffixes, naf_codes, kind, capability_slugs, certification_slugs, sentences = rng.choice(ARCHETYPES)
        name = f"{rng.choice(NAME_STEMS)} {rng.choice(suffixes)}"
        legal_form = rng.choice(LEGAL_FORMS) if kind == OrganisationKind.COMPANY else ""
        for _ in range(3):
            if name not in used_names:
                break
            name = f"{rng.choice(NAME_STEMS)} {rng.choice(suffixes)}"
        if name in used_names:  # large generated directories (benchmarks): numbered names
            name = f"{name} {number}"
        used_names.add(name)
        commune = reference.communes()[rng.choices(communes, weights)[0]]
        band = rng.choices(list(HEADCOUNT_WEIGHTS), list(HEADCOUNT_WEIGHTS.values()))[0]
        chosen_capabilities = rng.sample(capability_slugs, k=min(len(capability_slugs), rng.randint(1, 3)))
        chosen_certifications = [slug for slug in certification_slugs if rng.random() < 0.45]
        chosen_labels = [slug for slug in labels if rng.random() < 0.08]
        description = " ".join(rng.sample(sentences, k=min(len(sentences), rng.randint(1, 2))))
        siret = demo_siret(number)
        jitter = (rng.uniform(-0.02, 0.02), rng.uniform(-0.03, 0.03))
        if siret in existing:
            continue
        created.append(
            Organisation(
                name=f"{name} (démo)",
                legal_name=f"{name.upper()} {legal_form}".strip(),
                kind=kind,
                territory=territory,
                source=OrganisationSource.DEMO,
                siret=siret,
                siren=siret[:9],
                naf_code=rng.choice(naf_codes),
                headcount_band=band,
                headcount_year=2023,
                category="PME" if band < "32" else "ETI",
                is_headquarters=True,
                address=f"{rng.randint(1, 120)} rue {rng.choice(['de Siam', 'Jean Jaurès', 'du Port', 'de la Forge', 'des Chantiers', 'de Kerlann', 'des Frères Lumière'])}",
                postal_code=commune.postal_codes[0] if commune.postal_codes else "",
                commune_insee=commune.insee,
                city=commune.name,
                department=commune.department,
                latitude=round(commune.latitude + jitter[0], 5) if commune.latitude else None,
                longitude=round(commune.longitude + jitter[1], 5) if commune.longitude else None,
                description=description,
                has_clearance=rng.random() < 0.2 if kind == OrganisationKind.COMPANY else None,
                website=f"https://www.{''.join(ch for ch in name.lower() if ch.isalnum())}.example",
                is_demo=True,
            )
        )
        links.append(
            (chosen_capabilities, chosen_certifications, chosen_labels, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        )
    for organisation, (caps, certs, labs, _first, _last) in zip(created, links, strict=True):
        organisation.search_document = search.organisation_document(
            organisation,
            capabilities=[capabilities[slug] for slug in caps],
            certifications=[certifications[slug] for slug in certs],
            labels=[labels[slug] for slug in labs],
        )
    Organisation.objects.bulk_create(created, batch_size=500)
    through = Organisation.capabilities.through
    capability_rows, certification_rows, label_rows, contacts = [], [], [], []
    for organisation, (caps, certs, labs, first, last) in zip(created, links, strict=True):
        capability_rows += [through(organisation_id=organisation.pk, capability_id=capabilities[s].pk) for s in caps]
        certification_rows += [
            OrganisationCertification(organisation=organisation, certification=certifications[s]) for s in certs
        ]
        label_rows += [
            Organisation.labels.through(organisation_id=organisation.pk, label_id=labels[s].pk) for s in labs
        ]
        contacts.append(
            Contact(
                organisation=organisation,
                full_name=f"{first} {last}",
                role="Responsable commercial" if organisation.kind == OrganisationKind.COMPANY else "Contact",
                email=f"contact@{organisation.website.split('www.')[-1]}",
                visibility="registered",
            )
        )
    through.objects.bulk_create(capability_rows)
    OrganisationCertification.objects.bulk_create(certification_rows)
    Organisation.labels.through.objects.bulk_create(label_rows)
    Contact.objects.bulk_create(contacts)
    services.organisation_reindex(organisations.values())
    return len(created)
