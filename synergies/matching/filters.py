"""The filters of the matching contract (docs/formats/match-cli.md), shared by the command and the API."""

from synergies.directory.taxonomy import Vocabulary, is_clearance_label
from synergies.matching.index import Filters


def parse_filters(raw, vocabulary: Vocabulary) -> tuple[Filters, list[str]]:
    """Filters of the contract → hard constraints, and French warnings for what was not understood."""
    warnings = []
    if raw is None:
        return Filters(), warnings
    if not isinstance(raw, dict):
        raise ValueError("« filters » doit être un objet JSON.")

    def strings(key):
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"« filters.{key} » doit être une liste de textes.")
        return [v.strip() for v in value if v.strip()]

    filters = Filters(departments=strings("department"), kinds=strings("kind"))
    for name in strings("certifications"):
        if is_clearance_label(name):
            filters.clearance = True
            continue
        certification = vocabulary.certification(name)
        if certification is None:
            warnings.append(f"certification inconnue « {name} » : aucune organisation ne peut la satisfaire")
            filters.certifications.append(-1)  # a hard constraint that nothing meets
        else:
            filters.certifications.append(certification.pk)
    return filters, warnings
