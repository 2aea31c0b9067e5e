"""A person's own data, gathered from every app for the download of their account page (RGPD art. 15
and 20). Each domain app registers the section it holds, so that a new app adds its own without
this module importing it."""

from collections.abc import Callable

_sections: dict[str, Callable[[object], object]] = {}


def register(name: str, collect: Callable[[object], object]) -> None:
    _sections[name] = collect


def collect(user) -> dict:
    return {name: section(user) for name, section in sorted(_sections.items())}
