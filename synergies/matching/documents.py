"""The texts that are embedded: one place that says what of a profile or an opportunity the model reads."""

import hashlib


def _join(parts) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def organisation_text(organisation, *, capabilities=(), certifications=()) -> str:
    parts = [
        f"{organisation.name}.",
        f"{organisation.get_kind_display().capitalize()}{' à ' + organisation.city if organisation.city else ''}.",
        organisation.description,
        organisation.defence_experience,
    ]
    if capabilities:
        parts.append("Capacités : " + ", ".join(c.name for c in capabilities) + ".")
    if certifications:
        parts.append("Certifications : " + ", ".join(c.name for c in certifications) + ".")
    if organisation.naf_label:
        parts.append(f"Activité : {organisation.naf_label}.")
    if organisation.keywords:
        parts.append(", ".join(organisation.keywords) + ".")
    return _join(parts)


def opportunity_text(opportunity, *, capabilities=()) -> str:
    parts = [f"{opportunity.title}.", opportunity.get_kind_display().capitalize() + ".", opportunity.description]
    if capabilities:
        parts.append("Capacités recherchées : " + ", ".join(c.name for c in capabilities) + ".")
    if opportunity.place:
        parts.append(f"Lieu : {opportunity.place}.")
    return _join(parts)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
