"""A link of a person's dashboard. Each app offers its own (its `dashboard.py`, decided by its
`perms.py`); the site composes them into sections (synergies.site.dashboard)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardLink:
    title: str
    description: str
    url: str
    icon: str = "fr-icon-arrow-right-line"
