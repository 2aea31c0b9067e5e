"""Our second evaluation set for matching, written to be harder than the first and closer to what a
directory really holds (see content.py for what it is written from):

- every domain of the taxonomy (47 capabilities), needs that describe the result wanted rather than
  the technique, so that a need and its suppliers rarely share a key word;
- a distractor per capability that shares the needs' words but not the capability (audit comptable
  for a security audit, peinture en bâtiment for surface treatments…);
- needs asking for two capabilities; needs in English; needs with hard filters (département,
  certifications, kind);
- profiles in every style (prose, terse lists, marketing, franglais, no accents, typos), some with a
  second capability, capability labels free and often missing;
- military units and State services that carry a capability but are not suppliers (graded 0).

    python bench/matching_eval2/generate.py   # writes organisations.csv (the import format) and needs.jsonl

needs.jsonl follows docs/formats/match-cli.md (id, text, filters) with one more key, `relevance`
(ref → 2 the capability asked, 1 a related one), that the command ignores. Deterministic (seeded).
"""

import csv
import json
import random
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from content import (  # noqa: E402
    CAPABILITIES,
    CITIES,
    DISTRACTOR_CAPABILITY,
    ENGLISH_NEEDS,
    NAME_FIRST,
    NAME_SECOND,
    STATE_ACTORS,
    TWO_CAPABILITY_NEEDS,
)

PROFILES_PER_CAPABILITY = 8
SUPPLIER_KINDS = {"entreprise", "laboratoire", "etablissement_enseignement", "association"}
CERTIFICATIONS_BY_DOMAIN_HINT = {
    "audit-securite": ["PASSI", "ISO 27001"],
    "soc-detection": ["ISO 27001"],
    "conseil-ssi": ["ISO 27001"],
    "cloud-infrastructures": ["ISO 27001"],
    "formation": ["Qualiopi"],
    "aerostructures": ["EN 9100"],
    "usinage-precision": ["EN 9100", "ISO 9001"],
    "maintenance-aeronautique": ["EN 9100"],
    "composites": ["EN 9100", "ISO 9001"],
    "cartes-electroniques": ["ISO 9001", "EN 9100"],
    "essais-controles": ["ISO 9001"],
}
NEED_OPENINGS = [
    "",
    "Recherche prestataire : ",
    "Nous cherchons une entreprise pour : ",
    "Besoin : ",
    "Consultation à venir — ",
    "Pour un marché de soutien, ",
]
MARKETING_OPENINGS = [
    "Depuis {year}, {name} accompagne industriels et donneurs d'ordre avec passion.",
    "{name}, l'excellence au service de vos projets les plus exigeants.",
    "Entreprise familiale fondée en {year}, {name} place l'innovation au cœur de sa stratégie.",
]
MARKETING_CLOSINGS = [
    "Réactivité, qualité et proximité sont nos valeurs.",
    "Contactez-nous pour un devis personnalisé.",
    "Une équipe passionnée à votre écoute.",
]
FRANGLAIS = [
    "We are a team of experts delivering solutions worldwide.",
    "Our core business : ",
    "Leading provider, best-in-class time-to-market.",
]
FILLERS = [
    "PME de {size} salariés basée à {city}.",
    "Implantée à {city} depuis {year}.",
    "Site de production à {city}, {size} collaborateurs.",
    "Bureau d'études intégré.",
    "Accompagnement du prototype à la série.",
    "Interventions dans le Grand Ouest.",
]


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def with_typos(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 5 and word.isalpha() and rng.random() < 0.2:
            j = rng.randrange(1, len(word) - 2)
            words[i] = (
                word[:j] + word[j + 1] + word[j] + word[j + 2 :] if rng.random() < 0.5 else word[:j] + word[j + 1 :]
            )
    return " ".join(words)


def profile_text(style: str, name: str, facts: list[str], context: dict, rng: random.Random) -> str:
    filler = rng.choice(FILLERS).format(**context)
    if style == "terse":
        return " / ".join(f.split(" : ")[-1] for f in facts) + f" / {context['city']}"
    if style == "marketing":
        opening = rng.choice(MARKETING_OPENINGS).format(name=name, **context)
        said = " Nous maîtrisons : " + "; ".join(f[0].lower() + f[1:] for f in facts) + "."
        return opening + said + " " + rng.choice(MARKETING_CLOSINGS)
    if style == "franglais":
        return rng.choice(FRANGLAIS) + " " + ". ".join(facts) + ". " + filler
    text = ". ".join(facts) + ". " + filler
    if style == "noaccents":
        return fold(text).lower()
    if style == "typos":
        return with_typos(text, rng)
    return text  # prose, dense jargon


def labels_for(slug: str, facts: list[str], rng: random.Random) -> str:
    """Free capability labels as a coordinator types them: often none, else the fact's own words."""
    if rng.random() < 0.6:
        return ""
    words = facts[0].split(" : ")[-1].split(",")[0].split(" et ")[0]
    return words.strip()[:40]


def main():
    rng = random.Random(20261204)
    organisations, names = [], set()

    def new_name():
        while True:
            name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)}"
            if name not in names:
                names.add(name)
                return name

    def place():
        department = rng.choice(sorted(CITIES))
        return department, rng.choice(CITIES[department])

    styles = ["prose", "terse", "marketing", "franglais", "noaccents", "typos", "prose", "terse"]
    pairs = {(a, b) for a, b, _ in TWO_CAPABILITY_NEEDS}
    for slug, (facts, _needs, _distractor, related) in CAPABILITIES.items():
        for n in range(PROFILES_PER_CAPABILITY):
            capabilities = [slug]
            chosen = rng.sample(facts, k=rng.choice([1, 2, 2, 3]))
            # A second capability: a related one, or the partner of a two-capability need.
            partners = [b for a, b in pairs if a == slug] + [a for a, b in pairs if b == slug]
            if n < 2 and partners:
                second = partners[n % len(partners)]
            elif rng.random() < 0.2 and related:
                second = rng.choice(related)
            else:
                second = None
            if second:
                capabilities.append(second)
                chosen.append(rng.choice(CAPABILITIES[second][0]))
            department, city = place()
            name = new_name()
            context = {"city": city, "year": rng.randint(1965, 2021), "size": rng.choice([8, 25, 45, 120, 300])}
            kind = "laboratoire" if rng.random() < 0.12 else "entreprise"
            certifications = [c for c in CERTIFICATIONS_BY_DOMAIN_HINT.get(slug, []) if rng.random() < 0.5]
            if rng.random() < 0.15:
                certifications.append("habilitation défense")
            organisations.append(
                {
                    "name": name,
                    "kind": kind,
                    "department": department,
                    "city": city,
                    "description": profile_text(styles[n % len(styles)], name, chosen, context, rng),
                    "capabilities": labels_for(slug, chosen, rng),
                    "certifications": ";".join(certifications),
                    "has": capabilities,
                }
            )
        department, city = place()
        distractor = CAPABILITIES[slug][2]
        organisations.append(
            {
                "name": new_name(),
                "kind": "entreprise",
                "department": department,
                "city": city,
                "description": f"{distractor}. Implantée à {city}.",
                "capabilities": "",
                "certifications": "ISO 9001" if rng.random() < 0.3 else "",
                "has": [DISTRACTOR_CAPABILITY[slug]] if slug in DISTRACTOR_CAPABILITY else [],
            }
        )
    for kind, slug, name, department in STATE_ACTORS:
        city = rng.choice(CITIES[department])
        facts = rng.sample(CAPABILITIES[slug][0], k=2)
        organisations.append(
            {
                "name": name,
                "kind": kind,
                "department": department,
                "city": city,
                "description": ". ".join(facts) + f". Au service des forces, à {city}.",
                "capabilities": "",
                "certifications": "",
                "has": [slug],
            }
        )
    for number, organisation in enumerate(organisations, start=1):
        organisation["ref"] = f"E2-{number:04d}"

    def grade(organisation, wanted: list[str], filters: dict) -> int:
        if organisation["kind"] not in (set(filters.get("kind", [])) or SUPPLIER_KINDS):
            return 0
        if filters.get("department") and organisation["department"] not in filters["department"]:
            return 0
        held = set(organisation["certifications"].split(";")) - {""}
        if not set(filters.get("certifications", [])) <= held:
            return 0
        has = set(organisation["has"])
        if len(wanted) == 2:
            return 2 if set(wanted) <= has else (1 if has & set(wanted) else 0)
        related = set(CAPABILITIES[wanted[0]][3])
        return 2 if wanted[0] in has else (1 if has & related else 0)

    def relevance(wanted, filters):
        graded = {o["ref"]: grade(o, wanted, filters) for o in organisations}
        return {ref: g for ref, g in graded.items() if g}

    def some_filter(wanted):
        """A hard filter that keeps at least two organisations graded 2, or none."""
        best = [o for o in organisations if grade(o, wanted, {}) == 2]
        options = []
        departments = sorted({o["department"] for o in best})
        for department in departments:
            if sum(o["department"] == department for o in best) >= 2:
                options.append({"department": [department]})
        for certification in ["PASSI", "ISO 27001", "EN 9100", "Qualiopi", "ISO 9001", "habilitation défense"]:
            if sum(certification in o["certifications"].split(";") for o in best) >= 2:
                options.append({"certifications": [certification]})
        if sum(o["kind"] == "laboratoire" for o in best) >= 2:
            options.append({"kind": ["laboratoire"]})
        return rng.choice(options) if options else {}

    needs = []
    for slug, (_facts, texts, _distractor, _related) in CAPABILITIES.items():
        for text in texts:
            filters = some_filter([slug]) if rng.random() < 0.25 else {}
            opening = rng.choice(NEED_OPENINGS)
            text = opening + (text[0].lower() + text[1:] if opening.endswith((", ", "— ")) else text)
            needs.append(([slug], text, filters))
    for first, second, text in TWO_CAPABILITY_NEEDS:
        needs.append(([first, second], text, {}))
    for slug, text in ENGLISH_NEEDS.items():
        needs.append(([slug], text, {}))
    with open(HERE / "needs.jsonl", "w", encoding="utf-8") as handle:
        for number, (wanted, text, filters) in enumerate(needs, start=1):
            line = {
                "id": f"E2-N{number:03d}",
                "text": text,
                "filters": filters,
                "relevance": relevance(wanted, filters),
            }
            line["capabilities"] = wanted
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    columns = ["ref", "name", "kind", "department", "city", "description", "capabilities", "certifications"]
    with open(HERE / "organisations.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(organisations)
    print(f"{len(organisations)} organisations, {len(needs)} needs", file=sys.stderr)


if __name__ == "__main__":
    main()
