"""A person's own data, gathered from every app for the download of their account page (RGPD art. 15
and 20). Each domain app registers the section it holds, so that a new app adds its own without
this module importing it."""

from collections.abc import Callable

_sections: dict[str, Callable[[object], object]] = {}
# Run when a person deletes their account, before the user row goes: each app removes what is only
# the person's, and anonymises what stays with an organisation.
_erasers: dict[str, Callable[[object], None]] = {}


def register(name: str, collect: Callable[[object], object], erase: Callable[[object], None] | None = None) -> None:
    _sections[name] = collect
    if erase is not None:
        _erasers[name] = erase


def erase(user) -> None:
    for name in sorted(_erasers):
        _erasers[name](user)


def collect(user) -> dict:
    return {name: section(user) for name, section in sorted(_sections.items())}
