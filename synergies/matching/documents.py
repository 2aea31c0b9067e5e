"""The texts that are embedded: one place that says what of a profile or an opportunity the model reads."""

import hashlib

# The model reads 512 tokens at most; a long profile is read in windows of about this many
# characters (~150 tokens of French), each scored on its own, the profile taking its best window.
WINDOW_CHARS = 600
MAX_WINDOWS = 5  # beyond 3,000 characters a profile is cut, so that one huge text cannot stall the worker
HEADING_CHARS = 160


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
    """What a stored vector came from: the text and how it is cut into windows."""
    return hashlib.sha256(f"{WINDOW_CHARS}:{MAX_WINDOWS}\x00{text}".encode()).hexdigest()


def windows(text: str) -> list[str]:
    """The passages of `text` that are embedded, in order: consecutive runs of whole words of about
    WINDOW_CHARS characters, each after the first opened by the text's heading (its first sentence,
    the name or title, when short), so that a window about « titane » still says whose it is."""
    text = " ".join(text.split())
    if len(text) <= WINDOW_CHARS:
        return [text]
    heading = _heading(text)
    result, current = [], []
    size = 0
    for word in text.split(" "):
        if current and size + len(word) > WINDOW_CHARS:
            result.append(" ".join(current))
            if len(result) == MAX_WINDOWS:
                return result
            current, size = ([heading] if heading else []), len(heading)
        current.append(word)
        size += len(word) + 1
    if current and (len(current) > 1 or not heading):
        result.append(" ".join(current))
    return result


def _heading(text: str) -> str:
    first, _, rest = text.partition(". ")
    return f"{first}." if rest and len(first) < HEADING_CHARS else ""


def passage(text: str, window: int) -> str:
    """What window `window` (> 0) of `text` says, without the heading that opens it and from the first
    sentence that starts in it (windows are cut between words, not sentences). Empty when the text has
    no such window (it changed since it was embedded)."""
    parts = windows(text)
    if not 0 < window < len(parts):
        return ""
    heading = _heading(" ".join(text.split()))
    body = parts[window].removeprefix(heading).strip()
    sentence_start = body.find(". ")
    if 0 <= sentence_start < len(body) // 2:
        body = body[sentence_start + 2 :]
    return body
