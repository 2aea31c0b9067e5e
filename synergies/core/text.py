"""French text for search: accents folded, word forms reduced to their stem (usinés → usin, pièces → piec).

Every search index of the platform (directory full text, BM25 of the matching) uses these functions,
for documents and queries alike, so that both sides are reduced the same way.
"""

import functools
import re
import unicodedata

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
# Words too common to help a search (articles, prepositions, pronouns): folded forms.
STOP_WORDS = frozenset(
    """a au aux avec ce ces cette d dans de des du elle en et eux il ils je l la le les leur leurs lui m ma mais
    me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te tes toi ton
    tu un une vos votre vous y est sont ete etre avoir ont fait plus tres sans sous chez entre vers afin ainsi
    dont donc or ni car""".split()
)


def fold(text: str) -> str:
    """Lower case, accents and ligatures removed: « Pièces usinées » → « pieces usinees »."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("french")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Fold, then stem: people type without accents as often as with them (securite = sécurité).

    Folded feminine past participles (« usinees ») lose their doubled e first, which the Snowball
    stemmer would otherwise keep (usinées, usinée, usinés, usiné → usin).
    """
    folded = fold(word)
    if folded.endswith("ees"):
        folded = folded[:-2]
    elif folded.endswith("ee"):
        folded = folded[:-1]
    return _stemmer().stemWord(folded)


def words(text: str) -> list[str]:
    """Lower-case words, accents kept."""
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=200_000)
def _term(word: str) -> tuple[str, bool]:
    """(stem, is a stop word) of a lower-case word: one cache lookup per word of a text."""
    return stem(word), fold(word) in STOP_WORDS


MAX_QUERY_TERMS = 12  # a search box's query: the first twelve distinct terms count


def query_terms(query: str) -> list[str]:
    """The distinct terms of what a person typed in a search box, at most MAX_QUERY_TERMS."""
    return list(dict.fromkeys(search_terms(query)))[:MAX_QUERY_TERMS]


def search_terms(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The stems of `text`, in order, stop words removed (unless asked): the unit of every index."""
    terms = []
    for word in words(text):
        term, is_stop_word = _term(word)
        if keep_stop_words or not is_stop_word:
            terms.append(term)
    return terms


# Line breaks other than \n (vertical tab, form feed, NEL, Unicode line/paragraph separators), common
# in text pasted from a PDF, become \n; every other C0/C1 control character but tab, \n and \r goes.
# Written once with RE2's \x{..} escapes (Arrow's compute functions use them on the SIRENE import's
# columns); _python_pattern turns them into the characters themselves for Python's re.
OTHER_LINE_BREAKS_PATTERN = r"[\x{0b}\x{0c}\x{85}\x{2028}\x{2029}]"
CONTROL_CHARACTERS_PATTERN = r"[\x{00}-\x{08}\x{0e}-\x{1f}\x{7f}-\x{84}\x{86}-\x{9f}]"


def _python_pattern(pattern: str) -> re.Pattern:
    return re.compile(re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: chr(int(m.group(1), 16)), pattern))


_OTHER_LINE_BREAKS = _python_pattern(OTHER_LINE_BREAKS_PATTERN)
_CONTROL_CHARACTERS = _python_pattern(CONTROL_CHARACTERS_PATTERN)


def clean_control_characters(text: str) -> str:
    """The one rule for control characters in what people write: applied to every text field of the
    project's models before they are saved (core.apps), and by every writer of XML/XLSX to what
    was stored before the rule existed."""
    if not text:
        return text
    return _CONTROL_CHARACTERS.sub("", _OTHER_LINE_BREAKS.sub("\n", text))


_ELIDING = set("aeiouyàâäéèêëîïôöùûüœæh")


def de(name) -> str:
    """« de » before a name, elided before a vowel or an h: « d’Armor Usinage », « de Brest »."""
    name = str(name or "")
    return f"d’{name}" if name[:1].lower() in _ELIDING else f"de {name}"
