"""What the second evaluation set is written from: for each capability of the taxonomy (by slug), the
facts a supplier writes about itself (techniques, jargon), two needs a buyer writes (the result wanted,
in other words), one distractor that shares the needs' words but not the capability, and the related
capabilities (graded 1). Written by hand, independently of the first set and of the taxonomy's
synonyms (the engine reads those; a set built from them would measure nothing).
"""

# slug: (facts, needs, distractor, related)
CAPABILITIES = {
    # --- Naval
    "construction-navale": (
        [
            "Construction de navires de servitude et de patrouilleurs en aluminium jusqu'à 40 m",
            "Coques acier, tôlerie épaisse, armement à quai et essais à la mer",
            "Shipyard spécialisé dans les vedettes rapides et les bâtiments de soutien",
            "Assemblage de blocs et intégration des systèmes de bord pour bâtiments de surface",
        ],
        [
            "Réalisation d'une vedette de 18 mètres pour la surveillance portuaire, livrée clé en main",
            "Nous cherchons qui peut nous livrer une série de bateaux de transport de personnel en alu",
        ],
        "Construction de maisons individuelles et rénovation de bâtiments anciens",
        ["maintenance-navale"],
    ),
    "maintenance-navale": (
        [
            "Arrêts techniques de frégates : carénage, hydrodécapage, remise en peinture des œuvres vives",
            "Réparation à flot et en cale sèche, remplacement de tôles et de lignes d'arbres",
            "Dépannages à quai 24/7 et visites périodiques de bâtiments de surface",
            "Entretien de navires de pêche et de servitude, slipway de 300 tonnes",
        ],
        [
            "Remise en état de la coque et des hélices d'un remorqueur pendant son passage au bassin",
            "Intervention sur les safrans d'un bâtiment immobilisé à Brest, délai court",
        ],
        "Maintenance de parcs éoliens terrestres et remplacement de pales de turbines",
        ["construction-navale", "propulsion-navale", "mco-equipements"],
    ),
    "sous-marins": (
        [
            "Conception d'AUV pour l'inspection des fonds et la cartographie bathymétrique",
            "ROV d'observation et de travail, bras manipulateurs, ombilicaux",
            "Navigation inertielle, positionnement USBL, engins autonomes longue durée",
            "Engins sans équipage pour l'hydrographie et la reconnaissance des fonds",
        ],
        [
            "Véhicule autonome capable de cartographier un chenal à 200 m de profondeur",
            "Engin téléopéré pour inspecter les carènes de nos navires sans envoyer de plongeur",
        ],
        "Drones de prise de vue pour l'inspection d'ouvrages d'art et de toitures",
        ["lutte-sous-la-mer"],
    ),
    "lutte-sous-la-mer": (
        [
            "Sonars remorqués et antennes linéaires d'hydrophones",
            "Traitement du signal acoustique : détection, classification et localisation de bruiteurs",
            "Neutralisation de mines, charges de déminage, plongeurs démineurs",
            "Modélisation de la propagation acoustique et bouées acoustiques",
        ],
        [
            "Repérer et classifier des engins explosifs posés sur le fond à partir d'images sonar",
            "Écoute passive pour savoir si un bâtiment en plongée croise dans la zone",
        ],
        "Détection d'incendie et alarmes pour bâtiments tertiaires",
        ["sous-marins"],
    ),
    "propulsion-navale": (
        [
            "Motorisation diesel marine, hybridation électrique et réducteurs",
            "Piles à combustible et batteries embarquées pour navires",
            "Réparation de moteurs, pompes et groupes électrogènes de bord",
            "Hélices à pas variable et propulseurs d'étrave",
        ],
        [
            "Faire naviguer un patrouilleur en mode électrique silencieux pour les approches",
            "Fourniture de groupes générateurs de secours pour une unité flottante",
        ],
        "Vente de véhicules électriques et bornes de recharge pour flottes d'entreprise",
        ["maintenance-navale", "energie-environnement"],
    ),
    # --- Aéronautique et drones
    "aerostructures": (
        [
            "Pièces primaires de voilure et de fuselage, assemblage de tronçons",
            "Rivetage, ajustage et montage de structures d'avion",
            "Tôlerie aéronautique formée et traitée",
            "Sous-ensembles de nacelles et cadres pour hélicoptères",
        ],
        [
            "Réalisation de panneaux de fuselage pour un avion de patrouille maritime",
            "Sous-traitant pour le montage de longerons et de nervures",
        ],
        "Structures métalliques pour hangars agricoles et charpentes",
        ["composites", "usinage-precision"],
    ),
    "drones-aeriens": (
        [
            "Multirotors de reconnaissance à décollage vertical",
            "Aéronefs télépilotés à voilure fixe, liaison de données chiffrée",
            "UAS tactiques et stations de contrôle au sol",
            "Vecteurs longue endurance avec boule optronique",
        ],
        [
            "Appareil sans pilote pour surveiller un périmètre de 10 km de nuit",
            "Petit engin volant lançable à la main pour une section d'infanterie",
        ],
        "Baptêmes de l'air en montgolfière et vols touristiques",
        ["lutte-anti-drones", "optronique"],
    ),
    "lutte-anti-drones": (
        [
            "Détection et neutralisation de mini-drones : radar, brouilleur, leurre GNSS",
            "Systèmes C-UAS pour la protection des sites sensibles",
            "Identification des menaces aériennes de petite taille par fusion de capteurs",
        ],
        [
            "Protéger une base contre les survols d'appareils télépilotés malveillants",
            "Se défendre contre des essaims de quadricoptères pendant un grand événement",
        ],
        "Protection des cultures contre les oiseaux par effaroucheurs sonores",
        ["drones-aeriens", "guerre-electronique", "radar-hyperfrequences"],
    ),
    "maintenance-aeronautique": (
        [
            "Atelier agréé Part 145 : visites de base et entretien en ligne",
            "Révision des rotors et des boîtes de transmission d'hélicoptères",
            "Entretien de moteurs d'avion et réparation d'équipements de bord",
            "Gestion de navigabilité et remise en service d'aéronefs",
        ],
        [
            "Visite périodique de nos hélicoptères et remplacement des pales",
            "Révision des trains d'atterrissage d'une flotte d'avions école",
        ],
        "Entretien de véhicules utilitaires et de poids lourds pour flottes",
        ["mco-equipements"],
    ),
    # --- Terrestre
    "vehicules-militaires": (
        [
            "Blindés à roues 4x4 et 6x6, protection des équipages",
            "Modernisation de véhicules tactiques et intégration de tourelleaux",
            "Châssis tout-terrain et suspensions renforcées",
            "Transformation de poids lourds pour un usage militaire",
        ],
        [
            "Engin protégé pour le transport de troupes sur piste",
            "Remise à niveau de camions logistiques avec ajout d'un blindage",
        ],
        "Location de voitures et de camionnettes pour particuliers",
        ["robotique-terrestre", "mco-equipements"],
    ),
    "armement-munitions": (
        [
            "Pyrotechnie : détonateurs, amorces, charges",
            "Cartouches de petit calibre et munitions d'exercice",
            "Intégration d'armes légères et de tourelles téléopérées",
            "Chargement de projectiles et essais de tir en polygone",
        ],
        [
            "Fourniture de cartouches à blanc pour l'instruction",
            "Étude d'un dispositif d'amorçage pour charges explosives",
        ],
        "Stand de tir sportif et vente d'équipements de chasse",
        ["protection-combattant"],
    ),
    "protection-combattant": (
        [
            "Gilets pare-balles et plaques balistiques céramique",
            "Textiles ignifugés et tenues de combat",
            "Casques composites et protections NRBC",
            "Brêlages, sacs et équipement modulaire du fantassin",
        ],
        [
            "Protection individuelle contre les éclats pour des tireurs d'élite",
            "Tenue légère résistante aux flammes pour les équipages de blindés",
        ],
        "Vêtements de travail et chaussures de sécurité pour le bâtiment",
        ["armement-munitions", "composites"],
    ),
    "genie-infrastructures": (
        [
            "Terrassement, voiries et réseaux sur sites militaires",
            "Construction d'ouvrages de protection et de merlons",
            "Génie civil portuaire : quais, digues, ducs-d'albe",
            "Ponts modulaires et passerelles de franchissement",
        ],
        [
            "Réfection des pistes et des parkings d'une base aérienne",
            "Aménagement d'une zone de stockage enterrée et protégée",
        ],
        "Infrastructures informatiques et réseaux d'entreprise",
        [],
    ),
    "robotique-terrestre": (
        [
            "UGV de déminage et robots d'ouverture d'itinéraire",
            "Robots mules pour le transport de charges",
            "Plateformes chenillées téléopérées",
            "Navigation autonome tout-terrain pour engins sans pilote",
        ],
        [
            "Engin sans pilote qui porte le matériel d'une section en terrain difficile",
            "Machine télécommandée pour examiner un colis suspect",
        ],
        "Robots de cuisine et petit électroménager",
        ["vehicules-militaires"],
    ),
    # --- Spatial
    "satellites": (
        [
            "Nanosatellites 3U à 12U, plateformes et intégration",
            "Charges utiles optiques et radio pour CubeSats",
            "Contrôle d'attitude et générateurs solaires spatiaux",
            "Essais en vide thermique de composants de vol",
        ],
        [
            "Mise en orbite d'un petit démonstrateur d'écoute radio",
            "Conception d'une mission en orbite basse emportant une caméra",
        ],
        "Antennes de télévision et paraboles pour particuliers",
        ["segment-sol", "observation-terre"],
    ),
    "observation-terre": (
        [
            "Imagerie satellitaire et traitement de scènes optiques et radar",
            "Télédétection : détection de changements, occupation du sol",
            "Renseignement géospatial (GEOINT) à partir d'images",
            "Photo-interprétation et production cartographique",
        ],
        [
            "Suivre l'évolution d'un port étranger à partir de vues prises de l'espace",
            "Analyse de clichés très haute résolution pour repérer des véhicules",
        ],
        "Photographie de mariage et tirages d'art",
        ["vision-par-ordinateur", "satellites"],
    ),
    "segment-sol": (
        [
            "Stations de contrôle de satellites",
            "Terminaux SATCOM mobiles et liaisons par satellite",
            "Téléport et antennes de poursuite",
            "Logiciel de contrôle-commande de constellations",
        ],
        [
            "Liaison de communication depuis un navire en haute mer par l'espace",
            "Antenne pour récupérer les données d'un engin en orbite basse",
        ],
        "Centre d'appels et relation client externalisée",
        ["satellites", "telecommunications"],
    ),
    # --- Cyber
    "audit-securite": (
        [
            "Pentest d'applications web, mobiles et d'infrastructures",
            "Red team, ingénierie sociale et revue de code source",
            "Prestataire qualifié PASSI : audits d'architecture et de configuration",
            "Recherche de vulnérabilités et exercices d'intrusion",
        ],
        [
            "Faire attaquer notre portail par des hackers éthiques avant sa mise en ligne",
            "Évaluer la robustesse de nos serveurs face à un attaquant externe",
        ],
        "Audit comptable, commissariat aux comptes et expertise financière",
        ["conseil-ssi", "soc-detection"],
    ),
    "soc-detection": (
        [
            "SOC managé 24/7, SIEM et EDR",
            "CSIRT : réponse à incident, forensic et remédiation",
            "Threat intelligence et chasse aux menaces",
            "Corrélation des journaux et détection des intrusions",
        ],
        [
            "Quelqu'un qui surveille nos alertes de sécurité informatique jour et nuit",
            "Aide d'urgence après un rançongiciel sur nos postes",
        ],
        "Surveillance de chantiers par caméras et gardiennage de nuit",
        ["audit-securite"],
    ),
    "securite-systemes-embarques": (
        [
            "Cybersécurité des automates et des réseaux SCADA",
            "Boot sécurisé et durcissement de systèmes embarqués",
            "Segmentation OT et sondes industrielles IEC 62443",
            "Évaluation de la résistance de composants matériels aux attaques",
        ],
        [
            "Protéger les automates de notre usine contre les piratages",
            "Durcir le logiciel d'un calculateur embarqué avant certification",
        ],
        "Programmation d'automates et automatismes pour l'agroalimentaire",
        ["audit-securite", "cartes-electroniques"],
    ),
    "cryptographie": (
        [
            "Chiffrement de bout en bout et gestion de clés",
            "Cryptologie post-quantique et implémentations sécurisées",
            "PKI, certificats et HSM",
            "Chiffreurs IP agréés et communications protégées",
        ],
        [
            "Rendre illisibles pour un tiers nos échanges de fichiers sensibles",
            "Signature électronique et infrastructure de certificats pour nos agents",
        ],
        "Signature de contrats et conseil juridique aux entreprises",
        ["audit-securite"],
    ),
    "conseil-ssi": (
        [
            "Accompagnement à l'homologation et analyses de risques EBIOS RM",
            "RSSI à temps partagé et gouvernance de la sécurité",
            "Mise en conformité ISO 27001 et NIS 2",
            "Politiques de sécurité et sensibilisation des dirigeants",
        ],
        [
            "Préparer le dossier d'autorisation de mise en service de notre système d'information",
            "Mettre notre entreprise en règle avec la directive européenne sur la cybersécurité",
        ],
        "Conseil en management et en ressources humaines",
        ["audit-securite"],
    ),
    # --- IA et données
    "apprentissage-automatique": (
        [
            "Machine learning sur données de capteurs, modèles prédictifs",
            "Réseaux de neurones profonds embarqués sur cible contrainte",
            "Data science : détection d'anomalies et maintenance prédictive",
            "IA frugale et de confiance",
        ],
        [
            "Prévoir les pannes de nos moteurs à partir de leurs historiques de fonctionnement",
            "Algorithme qui repère seul des comportements anormaux dans des flux",
        ],
        "Apprentissage de la conduite et permis poids lourds",
        ["vision-par-ordinateur", "traitement-langage"],
    ),
    "vision-par-ordinateur": (
        [
            "Reconnaissance automatique de cibles sur flux vidéo",
            "Computer vision : détection et suivi d'objets",
            "Analyse d'images infrarouges par apprentissage profond",
            "Traitement d'images pour le contrôle qualité",
        ],
        [
            "Repérer automatiquement des embarcations sur les images de nos caméras",
            "Compter et classer des véhicules sur des vidéos",
        ],
        "Opticien, lunetterie et examens de la vue",
        ["apprentissage-automatique", "optronique", "observation-terre"],
    ),
    "traitement-langage": (
        [
            "NLP : extraction d'entités et classification de documents",
            "Transcription de la parole et traduction automatique",
            "Recherche sémantique et résumé automatique",
            "Analyse de sources ouvertes multilingues",
        ],
        [
            "Trier automatiquement des milliers de rapports rédigés en plusieurs langues",
            "Convertir des enregistrements radio en texte exploitable",
        ],
        "Traduction assermentée et interprétariat de conférence",
        ["apprentissage-automatique"],
    ),
    "fusion-donnees": (
        [
            "Systèmes de commandement et de contrôle, tenue de situation tactique",
            "Fusion multicapteurs et aide à la décision",
            "Planification et visualisation cartographique temps réel pour états-majors",
            "Corrélation de pistes radar et AIS",
        ],
        [
            "Une vue unique de la situation maritime qui combine toutes nos sources",
            "Outil qui aide un état-major à choisir entre plusieurs options",
        ],
        "Fusions et acquisitions d'entreprises, conseil financier",
        ["apprentissage-automatique", "developpement-logiciel"],
    ),
    "developpement-logiciel": (
        [
            "Applications métier Java et Python sur mesure",
            "Ingénierie logicielle agile et intégration continue",
            "Édition d'un progiciel de gestion de maintenance",
            "Applications mobiles et web, DevOps",
        ],
        [
            "Réaliser une application de suivi des stocks pour nos magasins",
            "Refonte de l'outil interne de planification des équipages",
        ],
        "Développement commercial et prospection pour PME",
        ["cloud-infrastructures", "fusion-donnees"],
    ),
    "cloud-infrastructures": (
        [
            "Hébergement qualifié SecNumCloud",
            "Datacenter régional, colocation et plan de reprise",
            "Infogérance de serveurs et virtualisation",
            "Kubernetes managé sur cloud souverain",
        ],
        [
            "Héberger nos données sensibles en France avec une qualification de l'État",
            "Salle informatique de secours en cas de sinistre",
        ],
        "Garde-meubles et stockage de mobilier",
        ["developpement-logiciel"],
    ),
    # --- Électronique
    "cartes-electroniques": (
        [
            "Conception et routage de circuits imprimés",
            "Assemblage CMS et câblage de sous-ensembles",
            "Fabrication de cartes en petites séries, classe IPC 3",
            "Électronique de puissance et prototypes",
        ],
        [
            "Industrialiser et produire 500 exemplaires de la carte d'un boîtier de commande",
            "Réaliser le schéma et le prototype d'un circuit de mesure",
        ],
        "Cartes de visite, impression de flyers et de brochures",
        ["reparation-electronique"],
    ),
    "radar-hyperfrequences": (
        [
            "Antennes actives et modules hyperfréquences",
            "Radars de surveillance côtière",
            "Conception RF : amplificateurs, filtres, bancs de mesure",
            "Traitement du signal radar et imagerie SAR",
        ],
        [
            "Capteur capable de suivre des cibles rapides à longue distance par ondes",
            "Amplificateurs pour l'émission en bande X",
        ],
        "Radars pédagogiques et signalisation routière",
        ["guerre-electronique", "telecommunications"],
    ),
    "guerre-electronique": (
        [
            "Brouillage et leurrage des communications adverses",
            "Interception et analyse de signaux (ROEM)",
            "Goniométrie d'émetteurs",
            "Simulation de menaces électromagnétiques",
        ],
        [
            "Localiser les émetteurs radio d'un adversaire",
            "Empêcher le guidage d'une menace en perturbant ses liaisons",
        ],
        "Musée de la guerre et visites guidées historiques",
        ["radar-hyperfrequences", "lutte-anti-drones"],
    ),
    "optronique": (
        [
            "Caméras thermiques et infrarouges refroidies",
            "Optique de précision et photonique",
            "Capteurs de veille panoramique",
            "Vision nocturne et intensification de lumière",
        ],
        [
            "Voir des personnes à 2 km en pleine nuit",
            "Jumelles de veille pour les postes de garde",
        ],
        "Capteurs de température pour l'agriculture connectée",
        ["vision-par-ordinateur"],
    ),
    "telecommunications": (
        [
            "Radios tactiques et réseaux maillés",
            "Liaisons de données et transmissions sécurisées",
            "Déploiement de réseaux 5G privés",
            "Radiocommunications VHF/UHF et relais",
        ],
        [
            "Que les équipes sur le terrain restent joignables sans réseau public",
            "Transmettre de la voix et des données entre des véhicules en mouvement",
        ],
        "Communication institutionnelle et relations presse",
        ["segment-sol"],
    ),
    # --- Mécanique et matériaux
    "usinage-precision": (
        [
            "Fraisage 5 axes et tournage CN sur superalliages",
            "Décolletage de petites pièces en inox et titane",
            "Mécanique de précision, contrôle tridimensionnel",
            "Rectification et électroérosion",
        ],
        [
            "Pièces métalliques complexes au centième pour un équipement de tir",
            "Fabriquer en petites séries des axes et des brides en inconel",
        ],
        "Menuiserie et agencement en bois massif sur centre numérique",
        ["fabrication-additive", "chaudronnerie-soudage"],
    ),
    "chaudronnerie-soudage": (
        [
            "Chaudronnerie inox et aluminium, soudage TIG et MIG",
            "Tôlerie fine, pliage et découpe laser",
            "Soudeurs qualifiés et ensembles mécano-soudés",
            "Réservoirs et tuyauteries sous pression",
        ],
        [
            "Fabrication d'un châssis métallique assemblé pour un abri technique",
            "Réparation sur site de réservoirs en acier",
        ],
        "Brasage à la vague et soudure de composants sur cartes",
        ["usinage-precision", "traitements-surface"],
    ),
    "traitements-surface": (
        [
            "Anodisation, chromatation et peinture époxy",
            "Trempe et traitements thermiques sous vide",
            "Revêtements anticorrosion et grenaillage",
            "Sablage et peinture industrielle",
        ],
        [
            "Protéger des pièces en aluminium contre la corrosion marine",
            "Durcir des engrenages avant leur montage",
        ],
        "Peinture en bâtiment et décoration intérieure",
        ["chaudronnerie-soudage"],
    ),
    "composites": (
        [
            "Pièces en fibre de carbone par infusion et autoclave",
            "Drapage de préimprégnés et moulage",
            "Réparation de structures stratifiées",
            "Thermoplastiques renforcés et pultrusion",
        ],
        [
            "Carénage léger et résistant pour le mât d'un navire",
            "Réaliser des panneaux légers en carbone pour un drone",
        ],
        "Compostage et valorisation des déchets verts",
        ["aerostructures", "fabrication-additive"],
    ),
    "fabrication-additive": (
        [
            "Impression 3D métal par fusion laser sur lit de poudre",
            "Prototypage rapide en polymère et frittage",
            "Pièces de rechange imprimées à la demande",
            "Dépôt de fil pour grandes pièces",
        ],
        [
            "Refaire des pièces détachées introuvables sans fabriquer d'outillage",
            "Produire vite un prototype en titane sans moule",
        ],
        "Imprimerie offset et reprographie",
        ["usinage-precision", "composites"],
    ),
    "essais-controles": (
        [
            "Contrôles non destructifs par ultrasons et radiographie",
            "Essais environnementaux : vibrations, climatique, brouillard salin",
            "Métrologie et étalonnage accrédité COFRAC",
            "Essais de chocs et de compatibilité électromagnétique",
        ],
        [
            "Vérifier l'absence de fissures dans des soudures sans les casser",
            "Faire qualifier un équipement aux secousses et à l'air marin",
        ],
        "Contrôle technique automobile",
        ["traitements-surface"],
    ),
    # --- MCO
    "mco-equipements": (
        [
            "Maintien en condition opérationnelle de matériels industriels",
            "Maintenance préventive et curative sur site",
            "Rétrofit et gestion de parcs d'équipements",
            "Soutien technique des systèmes en service",
        ],
        [
            "Assurer la disponibilité de nos groupes électrogènes sur toute leur durée de vie",
            "Contrat pour garder en état de marche des équipements anciens",
        ],
        "Maintenance de sites internet et référencement",
        ["reparation-electronique", "logistique-soutien"],
    ),
    "reparation-electronique": (
        [
            "Réparation de cartes et de sous-ensembles électroniques",
            "Dépannage d'appareils de mesure et de radios",
            "Remise en état d'électronique obsolète",
            "Atelier de réparation de calculateurs",
        ],
        [
            "Remettre en service des boîtiers électroniques en panne de nos radars",
            "Diagnostic et remise en état d'écrans de console",
        ],
        "Réparation de smartphones et tablettes pour particuliers",
        ["cartes-electroniques", "mco-equipements"],
    ),
    "logistique-soutien": (
        [
            "Soutien logistique intégré et analyse du soutien",
            "Gestion de l'obsolescence des composants",
            "Approvisionnement et magasinage de rechanges",
            "Transport et entreposage de matériels sensibles",
        ],
        [
            "Trouver des remplaçants à des composants qui ne sont plus fabriqués",
            "Organiser le stockage et l'acheminement de pièces vers nos bases",
        ],
        "Logistique événementielle et location de chapiteaux",
        ["mco-equipements"],
    ),
    # --- Simulation et formation
    "simulation": (
        [
            "Jumeaux numériques de systèmes complexes",
            "Simulateurs de conduite et de pilotage",
            "Modélisation de scénarios tactiques",
            "Calcul par éléments finis",
        ],
        [
            "Entraîner nos opérateurs sur une réplique virtuelle du poste de commande",
            "Calculer la tenue mécanique d'une pièce avant de la fabriquer",
        ],
        "Simulation de crédit immobilier et courtage",
        ["realite-virtuelle", "formation"],
    ),
    "formation": (
        [
            "Organisme certifié Qualiopi, formations inter et intra-entreprises",
            "Ingénierie pédagogique et e-learning",
            "Préparation aux titres professionnels",
            "Stages techniques pour techniciens de maintenance",
        ],
        [
            "Faire monter en compétence nos techniciens sur un nouveau matériel",
            "Parcours pour apprendre à nos agents à se servir d'un logiciel",
        ],
        "Centre équestre et cours d'équitation",
        ["realite-virtuelle"],
    ),
    "realite-virtuelle": (
        [
            "Applications immersives en casque VR",
            "Réalité augmentée pour la maintenance",
            "Visites virtuelles 3D",
            "Expériences XR et serious games",
        ],
        [
            "Superposer les instructions de démontage sur la vue du technicien",
            "Faire visiter un navire sans monter à bord",
        ],
        "Agence immobilière et visites de biens",
        ["simulation", "formation"],
    ),
    # --- Services
    "ingenierie-conseil": (
        [
            "Bureau d'études mécaniques et calculs de structures",
            "Assistance à maîtrise d'ouvrage et études techniques",
            "Ingénierie système et pilotage de projets complexes",
            "Conseil en architecture de systèmes",
        ],
        [
            "Accompagner la rédaction du cahier des charges d'un programme",
            "Renfort d'ingénieurs pour piloter l'intégration d'un système",
        ],
        "Bureau de tabac, presse et loterie",
        ["simulation"],
    ),
    "securite-surete": (
        [
            "Gardiennage et rondes de sites industriels",
            "Contrôle d'accès et vidéoprotection",
            "Agents cynophiles et sûreté portuaire",
            "Clôtures, barrières et portiques de détection",
        ],
        [
            "Surveillance humaine de l'entrée d'un site la nuit",
            "Installer des caméras et des badges à l'entrée d'un dépôt",
        ],
        "Sécurité informatique et tests d'intrusion",
        [],
    ),
    "energie-environnement": (
        [
            "Production d'hydrogène vert et stockage",
            "Dépollution des sols et gestion des déchets",
            "Photovoltaïque et micro-réseaux autonomes",
            "Audit énergétique de bâtiments",
        ],
        [
            "Alimenter un camp isolé sans groupe diesel",
            "Réduire la consommation de chauffage de nos casernes",
        ],
        "Boissons énergisantes et nutrition sportive",
        ["propulsion-navale"],
    ),
    "sante": (
        [
            "Dispositifs médicaux de télémédecine",
            "Équipements de secours et de réanimation",
            "Prévention du stress post-traumatique et soutien psychologique",
            "Laboratoire d'analyses et de diagnostic",
        ],
        [
            "Surveiller à distance les constantes d'un blessé en opération",
            "Trousses de premiers soins pour les équipages",
        ],
        "Salle de sport et remise en forme",
        [],
    ),
}

# The distractor of audit-securite is a cybersecurity firm for securite-surete: it belongs to a
# capability of the set; the others belong to none (graded 0 everywhere).
DISTRACTOR_CAPABILITY = {
    "securite-surete": "audit-securite",
    "chaudronnerie-soudage": "cartes-electroniques",
}

# Needs that ask for two capabilities at once: 2 for an organisation with both, 1 for one of them.
TWO_CAPABILITY_NEEDS = [
    ("drones-aeriens", "vision-par-ordinateur", "Drone qui repère tout seul des embarcations sur ses propres vidéos"),
    (
        "cartes-electroniques",
        "radar-hyperfrequences",
        "Carte d'émission-réception hyperfréquence à concevoir et produire",
    ),
    ("usinage-precision", "traitements-surface", "Pièces tournées en aluminium livrées anodisées, prêtes à monter"),
    ("sous-marins", "apprentissage-automatique", "Engin sous-marin qui reconnaît seul les objets posés sur le fond"),
    ("audit-securite", "conseil-ssi", "Audit technique puis accompagnement jusqu'à l'homologation de notre SI"),
    ("composites", "construction-navale", "Construction d'une coque de vedette en carbone"),
    ("formation", "realite-virtuelle", "Former nos mécaniciens avec des casques immersifs"),
    ("satellites", "observation-terre", "Petit satellite d'imagerie et exploitation de ses prises de vue"),
    ("soc-detection", "cloud-infrastructures", "Hébergement souverain avec surveillance de sécurité incluse"),
    ("essais-controles", "fabrication-additive", "Qualifier par contrôle non destructif des pièces imprimées en 3D"),
    ("maintenance-navale", "propulsion-navale", "Révision complète des moteurs et de la ligne d'arbre d'un remorqueur"),
    ("optronique", "lutte-anti-drones", "Caméra thermique qui détecte de petits drones la nuit"),
]

# Needs written in English (a foreign buyer, a European call).
ENGLISH_NEEDS = {
    "audit-securite": "Penetration testing of our web portal before it goes live",
    "composites": "Lightweight carbon fibre parts for an unmanned aircraft",
    "sous-marins": "Autonomous underwater vehicle to survey a harbour channel",
    "essais-controles": "Vibration and salt fog qualification of a rugged computer",
    "cloud-infrastructures": "Sovereign hosting for sensitive data in France",
    "vision-par-ordinateur": "Automatic detection of small boats in coastal camera feeds",
}

# Organisations of the State that carry a capability but are not suppliers (graded 0 for a
# subcontracting need unless the need asks for them by kind).
STATE_ACTORS = [
    ("unite_militaire", "maintenance-navale", "Atelier militaire de la flotte", "29"),
    ("unite_militaire", "maintenance-aeronautique", "Escadron de soutien technique aéronautique", "29"),
    ("unite_militaire", "soc-detection", "Centre de cyberdéfense des armées (antenne)", "35"),
    ("unite_militaire", "lutte-sous-la-mer", "Groupe de plongeurs démineurs", "29"),
    ("unite_militaire", "telecommunications", "Régiment de transmissions", "35"),
    ("unite_militaire", "logistique-soutien", "Base de soutien du commissariat", "56"),
    ("unite_militaire", "formation", "École militaire de spécialisation", "56"),
    ("unite_militaire", "drones-aeriens", "Escadrille de drones de la marine", "29"),
    ("service_etat", "essais-controles", "Centre d'expertise et d'essais de l'État", "35"),
    ("service_etat", "conseil-ssi", "Délégation régionale à la sécurité des systèmes d'information", "35"),
    ("service_etat", "energie-environnement", "Direction régionale de l'environnement", "35"),
    ("service_etat", "genie-infrastructures", "Service d'infrastructure de la défense", "29"),
    ("service_etat", "sante", "Antenne médicale des armées", "29"),
    ("service_etat", "observation-terre", "Service hydrographique et cartographique", "29"),
]

CITIES = {
    "22": ["Lannion", "Saint-Brieuc", "Dinan", "Guingamp", "Pleumeur-Bodou"],
    "29": ["Brest", "Quimper", "Morlaix", "Landerneau", "Concarneau", "Plouzané"],
    "35": ["Rennes", "Bruz", "Saint-Malo", "Vitré", "Cesson-Sévigné", "Fougères"],
    "56": ["Lorient", "Vannes", "Lanester", "Ploërmel", "Auray", "Guidel"],
}

NAME_FIRST = [
    "Kerlann",
    "Abers",
    "Iroise",
    "Arvor",
    "Penn",
    "Trégor",
    "Rance",
    "Elorn",
    "Scorff",
    "Blavet",
    "Odet",
    "Aulne",
    "Menez",
    "Gwen",
    "Argoat",
    "Léon",
    "Cornouaille",
    "Brocéliande",
    "Vilaine",
    "Couesnon",
    "Oust",
    "Jaudy",
    "Goëlo",
    "Kreiz",
    "Mor",
    "Glaz",
    "Ster",
    "Hent",
    "Tevenn",
    "Roz",
]
NAME_SECOND = [
    "Industrie",
    "Technologies",
    "Systèmes",
    "Solutions",
    "Ingénierie",
    "Services",
    "Atelier",
    "Lab",
    "Concept",
    "Group",
    "Innov",
    "Tech",
    "Process",
    "Expertise",
    "Partners",
    "& Fils",
    "Maritime",
    "Engineering",
    "Dynamics",
    "Works",
]
