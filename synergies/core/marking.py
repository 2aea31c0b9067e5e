"""The protective-marking guardrail.

Synergies holds no classified nor "Diffusion Restreinte" information. Every free text and every
uploaded document goes through `find_marking` (directly, or through `validate_no_marking` and
`synergies.core.documents.validate_document`). Multi-word markings match in any case and with or
without accents; a bare SECRET only as an upper-case banner, so that "secret des affaires" passes.

Text is normalised before matching, so that a marking cannot be hidden from the eye-less check while
staying readable to a person: Unicode NFKC (full-width and styled letters), format characters removed
(zero-width space, soft hyphen, joiners, BOM), look-alike Cyrillic and Greek letters folded to Latin,
and letter-spaced banners (« D I F F U S I O N  R E S T R E I N T E », as PDF banners often come
out of text extraction) collapsed.
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
# The words of a marking may also be run together (« DIFFUSIONRESTREINTE », a letter-spaced banner once
# collapsed); the marking must still stand as a word of its own.
_MULTI_WORD_RE = [
    (label, re.compile(r"(?<!\w)" + f"(?:{_SEP})?".join(words.split()) + r"(?!\w)"))
    for label, words in _MULTI_WORD_MARKINGS
]

# A bare upper-case SECRET is a banner, unless it is one of the ordinary legal expressions.
_ORDINARY_SECRETS = r"DES AFFAIRES|PROFESSIONNEL|MEDICAL|BANCAIRE|INDUSTRIEL|DE FABRICATION|STATISTIQUE|DE L.INSTRUCTION|DES CORRESPONDANCES"
_BARE_SECRET_RE = re.compile(r"(?<![\w])SECRET(?![\w])(?!\s+(?:" + _ORDINARY_SECRETS + r")(?!\w))")

MARKING_POLICY = (
    "Synergies n'accueille aucune information classifiée ni « Diffusion Restreinte » : "
    "ces contenus circulent uniquement par les réseaux et moyens protégés prévus à cet effet."
)


# Cyrillic and Greek letters drawn like Latin ones (the subset of Unicode's confusables.txt that
# can spell a marking). A table rather than a dependency: TR39 skeletons also fold digits and
# punctuation, which would make ordinary text match.
_LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "А": "A",
        "В": "B",
        "С": "C",
        "Е": "E",
        "Н": "H",
        "І": "I",
        "Ј": "J",
        "К": "K",
        "М": "M",
        "О": "O",
        "Р": "P",
        "Ѕ": "S",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "Ԁ": "D",
        "Ԛ": "Q",
        "Ԝ": "W",
        "а": "a",
        "с": "c",
        "е": "e",
        "һ": "h",
        "і": "i",
        "ј": "j",
        "о": "o",
        "р": "p",
        "ѕ": "s",
        "х": "x",
        "у": "y",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ӏ": "l",
        "Ӏ": "I",
        "к": "k",
        "м": "m",
        "н": "h",
        "т": "t",
        "г": "r",
        "п": "n",
        "ь": "b",
        # Greek
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        "ο": "o",
        "ν": "v",
        "ρ": "p",
        "ι": "i",
        "κ": "k",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ϲ": "c",
        "ϳ": "j",
        "Ϲ": "C",
    }
)
# What stands between the letters of a letter-spaced banner.
_LETTER_SPACING = r"[ \t\u00a0.\-]"
# Three or more single letters each followed by one space (or one separator), ending with a letter.
_LETTER_SPACED_RE = re.compile(rf"(?<![^\W\d_])(?:[^\W\d_]{_LETTER_SPACING}){{2,}}[^\W\d_](?![^\W\d_])")


def normalise(text: str, *, format_characters: str = "") -> str:
    """The text as a reader sees it: NFKC, format characters replaced (by nothing by default: a
    soft hyphen inside a word), look-alike letters folded."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(format_characters if unicodedata.category(c) == "Cf" else c for c in text)
    return text.translate(_LOOK_ALIKES)


def collapse_letter_spacing(text: str) -> str:
    """« D I F F U S I O N  R E S T R E I N T E » → « DIFFUSION RESTREINTE »."""
    return _LETTER_SPACED_RE.sub(lambda m: re.sub(_LETTER_SPACING, "", m.group(0)), text)


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_marking(text: str) -> str | None:
    """The label of the first protective marking found in `text`, or None."""
    if not text:
        return None
    # A zero-width space may stand inside a word or between two words: both readings are checked.
    readings = {normalise(text), normalise(text, format_characters=" ")}
    for candidate in [*readings, *(collapse_letter_spacing(r) for r in readings)]:
        folded = fold_accents(candidate)
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
