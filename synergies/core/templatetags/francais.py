"""French typography helpers for templates."""

import re

from django import template
from django.template.defaultfilters import date as date_filter

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


@register.filter(expects_localtime=True)
def date_fr(value, arg="j F Y"):
    """Django's `date` filter, with the French ordinal of the first day of a month
    (« 1er avril 2024 », « 2 avril 2024 »)."""
    if not value:
        return ""
    if getattr(value, "day", None) == 1:
        arg = re.sub(r"(?<!\\)j", r"1\\e\\r", arg)
    return date_filter(value, arg)


@register.filter
def nombre(value, decimals=2):
    """A number written the French way: « 2 800 », « 150 000 », « 1 234,5 » (narrow no-break space
    between thousands, decimal comma, trailing zeros dropped)."""
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return value
    text = f"{number:,.{int(decimals)}f}" if number != number.to_integral_value() else f"{int(number):,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


@register.filter
def date_iso_fr(value):
    """An ISO date kept as text (« 2027-12-15 », as a preview stores it) written the French way: 15/12/2027."""
    import datetime

    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return value


@register.filter(name="de")
def de_filter(name):
    """« de » before a name, elided before a vowel or an h: {{ organisation|de }} → « d’Armor Usinage »."""
    from synergies.core.text import de

    return de(name)
