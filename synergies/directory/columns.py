"""The columns of the organisation list format (shared/formats/organisations-csv.md) and their
French titles: the exports for French spreadsheets and the template file use the titles; the
import reads either (« Nom » or « name »)."""

from synergies.core.text import fold

TITLES = {
    "ref": "Référence",
    "name": "Nom",
    "kind": "Type",
    "siret": "SIRET",
    "naf_code": "Code NAF",
    "headcount_band": "Tranche d'effectif",
    "commune_insee": "Code commune INSEE",
    "postal_code": "Code postal",
    "city": "Commune",
    "department": "Département",
    "description": "Présentation",
    "capabilities": "Capacités",
    "certifications": "Certifications",
    "website": "Site web",
    # export only
    "naf_label": "Activité (NAF)",
    "headcount_label": "Effectif",
    "headcount_year": "Année de l'effectif",
    "category": "Catégorie d'entreprise",
    "address": "Adresse",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "labels": "Labels",
    "clearance_declared": "Habilitation déclarée",
    "closed": "Fermée",
    "contacts": "Contacts",
    "url": "Fiche Synergies",
}
_KEY_BY_TITLE = {fold(title): key for key, title in TITLES.items()}


def key_of(column: str) -> str:
    """The format's key of a column title as a person may have typed it (any case, accents or not)."""
    return _KEY_BY_TITLE.get(fold(column.strip()), column.strip())
