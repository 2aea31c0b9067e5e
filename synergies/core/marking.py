"""The protective-marking guardrail.

Synergies holds no classified nor "Diffusion Restreinte" information. Every free text and every
uploaded document goes through `find_marking` (directly, or through `validate_no_marking` and
`synergies.core.documents.validate_document`). Multi-word markings match in any case and with or
without accents; a bare SECRET only as an upper-case banner, so that "secret des affaires" passes.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

_SEP = r"[\s\-_./]+"

# (label shown to the user, words of the marking in lower case without accents)
_MULTI_WORD_MARKINGS = [
    ("TRÈS SECRET DÉFENSE", "tres secret defense"),
    ("SECRET DÉFENSE", "secret defense"),
    ("CONFIDENTIEL DÉFENSE", "confidentiel defense"),
    ("DIFFUSION RESTREINTE", "diffusion restreinte"),
    ("TRÈS SECRET", "tres secret"),
    ("SPÉCIAL FRANCE", "special france"),
    ("COSMIC TOP SECRET", "cosmic top secret"),
    ("NATO RESTRICTED", "nato restricted"),
    ("NATO CONFIDENTIAL", "nato confidential"),
    ("NATO SECRET", "nato secret"),
    ("OTAN CONFIDENTIEL", "otan confidentiel"),
    ("OTAN SECRET", "otan secret"),
    ("RESTREINT UE", "restreint ue"),
    ("CONFIDENTIEL UE", "confidentiel ue"),
    ("SECRET UE", "secret ue"),
    ("EU RESTRICTED", "eu restricted"),
    ("EU CONFIDENTIAL", "eu confidential"),
    ("EU SECRET", "eu secret"),
]
_MULTI_WORD_RE = [
    (label, re.compile(r"(?<!\w)" + _SEP.join(words.split()) + r"(?!\w)")) for label, words in _MULTI_WORD_MARKINGS
]

# A bare upper-case SECRET is a banner, unless it is one of the ordinary legal expressions.
_ORDINARY_SECRETS = r"DES AFFAIRES|PROFESSIONNEL|MEDICAL|BANCAIRE|INDUSTRIEL|DE FABRICATION|STATISTIQUE|DE L.INSTRUCTION|DES CORRESPONDANCES"
_BARE_SECRET_RE = re.compile(r"(?<![\w])SECRET(?![\w])(?!\s+(?:" + _ORDINARY_SECRETS + r")(?!\w))")

MARKING_POLICY = (
    "Synergies n'accueille aucune information classifiée ni « Diffusion Restreinte » : "
    "ces contenus circulent uniquement par les réseaux et moyens protégés prévus à cet effet."
)


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_marking(text: str) -> str | None:
    """The label of the first protective marking found in `text`, or None."""
    if not text:
        return None
    folded = fold_accents(text)
    lowered = folded.casefold()
    for label, pattern in _MULTI_WORD_RE:
        if pattern.search(lowered):
            return label
    if _BARE_SECRET_RE.search(folded):
        return "SECRET"
    return None


def marking_message(label: str, *, where: str = "Ce texte") -> str:
    return f"{where} porte la mention de protection « {label} ». {MARKING_POLICY} Retirez ce contenu pour continuer."


def validate_no_marking(value: str) -> None:
    """Django validator for text fields and form fields."""
    label = find_marking(value)
    if label:
        raise ValidationError(marking_message(label), code="protective_marking")
