"""The capability taxonomy, the certifications catalogue and the labels: loading, and mapping free text onto them."""

import functools
import json
import re

from django.db import transaction

from synergies.core.text import fold
from synergies.directory import reference
from synergies.directory.models import Capability, CapabilityDomain, Certification, Label

LABELS = [
    ("partenaire-defense-nationale", "Partenaire de la Défense nationale", "Employeur partenaire de la réserve"),
    ("pole-excellence-cyber", "Membre du Pôle d'excellence cyber", ""),
    ("pole-mer", "Membre du Pôle Mer Bretagne Atlantique", ""),
    ("fournisseur-dga", "Fournisseur de la DGA", "A déjà été titulaire d'un marché de la DGA"),
    ("innovation-defense", "Lauréat d'un appel à projets d'innovation de défense", "Projets soutenus par l'AID"),
    # Derived from the employers' commitments in force (cohesion.employers), never set by hand.
    ("convention-reserve", "Convention de soutien à la réserve", "Accorde des jours à ses salariés réservistes"),
    ("engagement-conjoints", "Engagé pour l'emploi des conjoints de militaires", ""),
    ("stages-jeunesse", "Stages pour les jeunes", "Accueille des jeunes en stage ou en alternance"),
]


def _key(text: str) -> str:
    """Names compared whatever their case, accents, spacing and punctuation: « en9100 » = « EN 9100 »."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


@transaction.atomic
def taxonomy_load() -> dict[str, int]:
    """Create or update the shipped taxonomy, certifications and labels. Idempotent."""
    taxonomy = json.loads((reference.DATA_DIR / "taxonomy.json").read_text(encoding="utf-8"))
    for domain_position, domain_data in enumerate(taxonomy["domains"]):
        domain, _ = CapabilityDomain.objects.update_or_create(
            slug=domain_data["slug"], defaults={"name": domain_data["name"], "position": domain_position}
        )
        for position, capability in enumerate(domain_data["capabilities"]):
            Capability.objects.update_or_create(
                slug=capability["slug"],
                defaults={
                    "domain": domain,
                    "name": capability["name"],
                    "synonyms": capability.get("synonyms", []),
                    "position": position,
                },
            )
    for certification in _certifications_file()["certifications"]:
        Certification.objects.update_or_create(
            slug=certification["slug"],
            defaults={
                "name": certification["name"],
                "description": certification.get("description", ""),
                "aliases": certification.get("aliases", []),
            },
        )
    for slug, name, description in LABELS:
        Label.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})
    return {
        "domains": CapabilityDomain.objects.count(),
        "capabilities": Capability.objects.count(),
        "certifications": Certification.objects.count(),
        "labels": Label.objects.count(),
    }


@functools.cache
def _certifications_file():
    return json.loads((reference.DATA_DIR / "certifications.json").read_text(encoding="utf-8"))


def is_clearance_label(text: str) -> bool:
    return _key(text) in {_key(alias) for alias in _certifications_file()["clearance_aliases"]}


class Vocabulary:
    """Free labels → taxonomy entries, built once from the database for a run of imports."""

    def __init__(self):
        self.capabilities: dict[str, Capability] = {}
        for capability in Capability.objects.all():
            for name in [capability.name, capability.slug, *capability.synonyms]:
                self.capabilities.setdefault(_key(name), capability)
        self.certifications: dict[str, Certification] = {}
        for certification in Certification.objects.all():
            for name in [certification.name, certification.slug, *certification.aliases]:
                self.certifications.setdefault(_key(name), certification)

    def capability(self, label: str) -> Capability | None:
        return self.capabilities.get(_key(label))

    def certification(self, name: str) -> Certification | None:
        return self.certifications.get(_key(name))


def capability_groups(bound_field) -> list:
    """(domain, [(capability, checked)], number checked) of the whole taxonomy for a form's capabilities
    field: what components/_capabilities_by_domain.html draws (the profile and the publish forms)."""
    from synergies.directory.models import CapabilityDomain

    selected = {str(value) for value in (bound_field.value() or [])}
    groups = []
    for domain in CapabilityDomain.objects.prefetch_related("capabilities"):
        capabilities = [(capability, str(capability.pk) in selected) for capability in domain.capabilities.all()]
        groups.append((domain, capabilities, sum(checked for _, checked in capabilities)))
    return groups
