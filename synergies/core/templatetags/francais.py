"""French typography helpers for templates."""

from django import template

register = template.Library()


@register.filter
def pluriel(count, suffix="s"):
    """French plural: 0 and 1 are singular (« 0 organisation », « 2 organisations »)."""
    try:
        return suffix if abs(int(count)) > 1 else ""
    except (TypeError, ValueError):
        return ""


@register.filter
def initiale_minuscule(text):
    """« Convention armées–territoire Bretagne » inside a sentence: only the first letter lowered,
    proper nouns kept (« la convention armées–territoire Bretagne »)."""
    text = str(text or "")
    return text[:1].lower() + text[1:]
