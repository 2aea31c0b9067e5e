"""Our own evaluation set for matching, in the defence domain: organisation profiles and needs with
graded relevance (2 = the speciality asked for, 1 = a related one), with hard negatives that share
words but not the capability (wood vs titanium machining, physical security vs cybersecurity, aerial
vs underwater drones…). Profiles and needs use different words on purpose.

    python bench/matching_eval/generate.py     # writes profiles.jsonl and needs.jsonl next to it

Deterministic (seeded); the files are committed so that results can be compared across changes.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# speciality: (profile descriptions, related specialities)
SPECIALITIES = {
    "usinage_titane": (
        [
            "Usinage 5 axes de pièces en titane et en inconel pour l'aéronautique et la défense.",
            "Fraisage et tournage à commande numérique d'alliages de titane, tolérances au centième.",
            "Mécanique de précision sur superalliages : pièces de structure et de moteurs.",
            "Décolletage et usinage de précision de l'acier inoxydable et du titane, contrôle tridimensionnel.",
        ],
        ["fabrication_additive", "chaudronnerie"],
    ),
    "usinage_bois": (
        [
            "Menuiserie : usinage du bois massif sur centre à commande numérique, agencement sur mesure.",
            "Fabrication de mobilier en chêne et en hêtre, découpe et usinage de panneaux de bois.",
            "Charpente bois, ossature et découpe numérique de poutres.",
        ],
        [],
    ),
    "audit_cyber": (
        [
            "Tests d'intrusion et audits de sécurité des systèmes d'information, équipe red team.",
            "Pentest d'applications web et d'infrastructures, recherche de vulnérabilités.",
            "Évaluation de la sécurité informatique, audits de configuration et d'architecture, PASSI.",
        ],
        ["formation_cyber", "cloud_souverain", "soc"],
    ),
    "soc": (
        [
            "Centre opérationnel de sécurité : supervision 24/7 des journaux et détection des cyberattaques.",
            "Détection et réponse aux incidents informatiques, analyse de logiciels malveillants.",
        ],
        ["audit_cyber", "ia_donnees"],
    ),
    "securite_physique": (
        [
            "Gardiennage et sécurité des sites industriels : rondes, contrôle d'accès, agents cynophiles.",
            "Surveillance humaine, vidéoprotection et télésurveillance des bâtiments.",
            "Sûreté des installations : clôtures, barrières, portiques de détection.",
        ],
        [],
    ),
    "drones_sous_marins": (
        [
            "Conception de drones sous-marins autonomes pour l'inspection des fonds marins.",
            "Robots sous-marins téléopérés (ROV) et véhicules autonomes (AUV) pour la guerre des mines.",
            "Engins sous-marins sans équipage, navigation inertielle et cartographie bathymétrique.",
        ],
        ["acoustique", "robotique"],
    ),
    "drones_aeriens": (
        [
            "Drones aériens de surveillance et de reconnaissance, aéronefs télépilotés à voilure fixe.",
            "Multirotors pour l'inspection d'ouvrages et la photogrammétrie aérienne.",
            "Systèmes de drones aériens tactiques et stations sol de pilotage.",
        ],
        ["robotique", "optronique"],
    ),
    "acoustique": (
        [
            "Acoustique sous-marine : conception de sonars et d'antennes d'hydrophones.",
            "Traitement du signal acoustique et détection de sous-marins, essais en bassin.",
        ],
        ["drones_sous_marins"],
    ),
    "robotique": (
        [
            "Robotique mobile terrestre : robots de déminage et de reconnaissance.",
            "Conception de robots autonomes et de leur logiciel de navigation.",
        ],
        ["drones_aeriens", "drones_sous_marins", "ia_donnees"],
    ),
    "composites": (
        [
            "Pièces en matériaux composites carbone et verre, infusion et autoclave.",
            "Stratification de structures composites pour le naval et l'aéronautique.",
            "Fabrication de radômes et de carénages en composite.",
        ],
        ["chaudronnerie"],
    ),
    "electronique": (
        [
            "Conception et fabrication de cartes électroniques, assemblage CMS, électronique durcie.",
            "Sous-traitance électronique : câblage, intégration de sous-ensembles et tests.",
            "Électronique embarquée pour environnements sévères, conformité MIL-STD.",
        ],
        ["logiciel_embarque", "radiocom"],
    ),
    "logiciel_embarque": (
        [
            "Développement de logiciels embarqués temps réel critiques en C et en Ada.",
            "Logiciel de vol certifié DO-178C, systèmes d'exploitation temps réel.",
        ],
        ["electronique"],
    ),
    "ia_donnees": (
        [
            "Intelligence artificielle : apprentissage automatique et vision par ordinateur.",
            "Traitement automatique du langage et fouille de données pour l'analyse du renseignement.",
            "Science des données, modèles prédictifs et IA de confiance explicable.",
        ],
        ["soc", "robotique"],
    ),
    "maintenance_navale": (
        [
            "Maintenance et réparation navale : carénage, entretien des coques et des moteurs de navires.",
            "Maintien en condition opérationnelle de bâtiments de surface, arrêts techniques.",
        ],
        ["chaudronnerie", "traitement_surface"],
    ),
    "simulation": (
        [
            "Simulateurs de formation et d'entraînement, réalité virtuelle pour les équipages.",
            "Jumeaux numériques et simulation tactique pour l'entraînement des forces.",
        ],
        ["ia_donnees"],
    ),
    "fabrication_additive": (
        [
            "Fabrication additive métallique : impression 3D de pièces en titane et en aluminium.",
            "Impression 3D par fusion laser sur lit de poudre, prototypage et petites séries.",
        ],
        ["usinage_titane"],
    ),
    "traitement_surface": (
        [
            "Traitements de surface : anodisation, peinture industrielle, protection anticorrosion.",
            "Revêtements techniques et galvanoplastie pour pièces mécaniques.",
        ],
        ["maintenance_navale"],
    ),
    "chaudronnerie": (
        [
            "Chaudronnerie et tôlerie fine, soudure inox et aluminium certifiée.",
            "Mécano-soudure de structures métalliques et de bâtis.",
        ],
        ["usinage_titane", "maintenance_navale"],
    ),
    "cloud_souverain": (
        [
            "Hébergement de données qualifié SecNumCloud et infogérance sécurisée.",
            "Cloud souverain et centres de données certifiés pour données sensibles.",
        ],
        ["audit_cyber"],
    ),
    "formation_cyber": (
        [
            "Formation à la cybersécurité et sensibilisation des personnels aux risques numériques.",
            "Organisme de formation : cursus d'analystes en sécurité informatique, exercices de crise cyber.",
        ],
        ["audit_cyber"],
    ),
    "optronique": (
        [
            "Optronique : caméras infrarouges et capteurs de vision nocturne.",
            "Conception de systèmes optiques et de jumelles thermiques.",
        ],
        ["drones_aeriens"],
    ),
    "radiocom": (
        [
            "Radiocommunications tactiques, antennes et liaisons de données sécurisées.",
            "Guerre électronique : brouillage, écoute et analyse du spectre radio.",
        ],
        ["electronique"],
    ),
    "spatial": (
        [
            "Nanosatellites et charges utiles d'observation de la Terre.",
            "Segment sol, stations de réception et traitement d'images satellitaires.",
        ],
        ["radiocom"],
    ),
    "nrbc": (
        [
            "Détection des menaces nucléaires, radiologiques, biologiques et chimiques.",
            "Décontamination et équipements de protection contre les agents chimiques.",
        ],
        ["textile"],
    ),
    "textile": (
        [
            "Textiles techniques et équipements de protection individuelle pour les forces.",
            "Confection de tenues de combat et de gilets pare-balles.",
        ],
        ["nrbc"],
    ),
    "energie": (
        [
            "Batteries lithium et stockage d'énergie pour véhicules et sites isolés.",
            "Piles à combustible à hydrogène et groupes électrogènes autonomes.",
        ],
        [],
    ),
    "essais": (
        [
            "Laboratoire d'essais d'environnement : vibrations, chocs, climatique et compatibilité électromagnétique.",
            "Essais de qualification et métrologie pour équipements embarqués.",
        ],
        ["electronique"],
    ),
    "restauration": (
        [
            "Restauration collective et traiteur pour entreprises et administrations.",
            "Livraison de repas et gestion de cantines.",
        ],
        [],
    ),
    "logistique": (
        [
            "Transport et logistique de marchandises sensibles, entreposage sécurisé.",
            "Transport routier de matières dangereuses et de colis de valeur.",
        ],
        [],
    ),
    "genie_civil": (
        [
            "Génie civil et travaux maritimes : quais, digues et infrastructures portuaires.",
            "Construction de bâtiments techniques et de hangars.",
        ],
        [],
    ),
}

# (speciality, need) — phrased with other words than the profiles where possible; a few in English.
NEEDS = [
    ("usinage_titane", "Recherche sous-traitant usinage 5 axes titane"),
    ("usinage_titane", "Fabrication de pièces mécaniques en alliage de titane avec tolérances serrées"),
    ("usinage_bois", "Fabrication de caisses et d'aménagements en bois sur mesure"),
    ("audit_cyber", "Audit de sécurité de notre réseau informatique avant homologation"),
    ("audit_cyber", "penetration testing of a web application"),
    ("soc", "Surveillance permanente de nos systèmes pour détecter les attaques informatiques"),
    ("securite_physique", "Protection physique d'un site sensible : gardiens et contrôle des entrées"),
    ("securite_physique", "Société de surveillance pour sécuriser un dépôt la nuit"),
    ("drones_sous_marins", "Véhicule autonome sous-marin pour la lutte contre les mines"),
    ("drones_sous_marins", "underwater drone for seabed survey"),
    ("drones_aeriens", "Drone aérien de reconnaissance pour les forces terrestres"),
    ("drones_aeriens", "Inspection par drone volant des toitures et des antennes"),
    ("acoustique", "Capteurs acoustiques pour écouter les bruits sous la mer"),
    ("robotique", "Robot terrestre téléopéré pour neutraliser des engins explosifs"),
    ("composites", "Panneaux légers en fibre de carbone pour un navire"),
    ("composites", "Réalisation d'un radôme"),
    ("electronique", "Sous-traitant pour assembler des circuits imprimés robustes"),
    ("electronique", "Intégration de cartes électroniques résistantes aux vibrations"),
    ("logiciel_embarque", "Développeurs de logiciel temps réel critique pour un calculateur de bord"),
    ("ia_donnees", "Algorithmes de reconnaissance d'images par apprentissage profond"),
    ("ia_donnees", "machine learning to analyse intelligence reports"),
    ("maintenance_navale", "Entretien et réparation de la coque d'un patrouilleur"),
    ("simulation", "Environnement virtuel pour entraîner les équipages"),
    ("fabrication_additive", "Impression 3D de pièces métalliques"),
    ("traitement_surface", "Anodisation dure de carters en aluminium"),
    ("traitement_surface", "Protection contre la corrosion marine de pièces en acier"),
    ("chaudronnerie", "Soudage de structures en aluminium"),
    ("cloud_souverain", "Hébergement sécurisé de données sensibles en France"),
    ("formation_cyber", "Sensibiliser nos agents aux risques informatiques"),
    ("optronique", "Caméra thermique pour la vision de nuit"),
    ("radiocom", "Liaison radio chiffrée entre véhicules"),
    ("radiocom", "Brouilleur de signaux radio"),
    ("spatial", "Petit satellite d'observation"),
    ("nrbc", "Détecteur de gaz toxiques et d'agents chimiques"),
    ("textile", "Gilets de protection balistique"),
    ("energie", "Alimentation électrique autonome par hydrogène pour un poste isolé"),
    ("energie", "Batteries pour drones et robots"),
    ("essais", "Essais de vibrations et de compatibilité électromagnétique d'un équipement"),
    ("logistique", "Transport sécurisé de matériel sensible"),
    ("genie_civil", "Construction d'un quai pour sous-marins"),
    ("restauration", "Prestataire de repas pour un régiment"),
    ("soc", "Réponse à incident après une attaque par rançongiciel"),
]

PLACES = ["Brest", "Lorient", "Rennes", "Vannes", "Quimper", "Saint-Brieuc", "Lannion", "Morlaix", "Bruz", "Guer"]
SIZES = [
    "PME de 12 salariés",
    "PME de 45 salariés",
    "ETI de 300 salariés",
    "start-up de 8 personnes",
    "laboratoire public",
]
EXTRAS = [
    "Certifiée ISO 9001.",
    "Références auprès de grands maîtres d'œuvre.",
    "Bureau d'études intégré.",
    "Accompagnement de la conception à la série.",
    "",
]
NAMES = [
    "Armor",
    "Iroise",
    "Kreiz",
    "Penn",
    "Breizh",
    "Trégor",
    "Goëlo",
    "Léon",
    "Cornouaille",
    "Vilaine",
    "Rance",
    "Blavet",
]
SUFFIX = ["Industrie", "Technologies", "Systèmes", "Solutions", "Ingénierie", "Services", "Atelier", "Lab"]


def main():
    rng = random.Random(2026)
    profiles, by_speciality, secondaries = [], {}, {}
    number = 0
    for speciality, (descriptions, related) in SPECIALITIES.items():
        for copy in range(8):
            number += 1
            profile_id = f"P{number:03d}"
            text = [f"{rng.choice(NAMES)} {rng.choice(SUFFIX)} {number}.", descriptions[copy % len(descriptions)]]
            text.append(f"{rng.choice(SIZES)} basée à {rng.choice(PLACES)}.")
            text.append(rng.choice(EXTRAS))
            secondary = None
            if related and copy % 4 == 3:  # one profile in four also does a related speciality
                secondary = rng.choice(related)
                text.append("Également : " + rng.choice(SPECIALITIES[secondary][0]).lower())
            profiles.append({"id": profile_id, "speciality": speciality, "text": " ".join(t for t in text if t)})
            by_speciality.setdefault(speciality, []).append(profile_id)
            secondaries[profile_id] = secondary
    needs = []
    for number, (speciality, text) in enumerate(NEEDS, start=1):
        relevance = {profile_id: 2 for profile_id in by_speciality[speciality]}
        for related in SPECIALITIES[speciality][1]:
            for profile_id in by_speciality[related]:
                relevance.setdefault(profile_id, 1)
        for profile_id, secondary in secondaries.items():
            if secondary == speciality:
                relevance.setdefault(profile_id, 1)
        needs.append({"id": f"N{number:03d}", "speciality": speciality, "text": text, "relevance": relevance})
    with open(HERE / "profiles.jsonl", "w", encoding="utf-8") as handle:
        for profile in profiles:
            handle.write(json.dumps(profile, ensure_ascii=False) + "\n")
    with open(HERE / "needs.jsonl", "w", encoding="utf-8") as handle:
        for need in needs:
            handle.write(json.dumps(need, ensure_ascii=False) + "\n")
    print(f"{len(profiles)} profiles, {len(needs)} needs")


if __name__ == "__main__":
    main()
