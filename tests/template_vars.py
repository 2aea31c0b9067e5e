"""Fail a test when one of the project's own templates uses an undefined variable.

Third-party templates (DSFR, allauth, Django admin) are left alone: their optional variables are
not our bugs. The template being rendered is found by walking up the stack, as pytest-django does.
"""

import sys
from pathlib import Path

PROJECT_TEMPLATES = str(Path(__file__).resolve().parent.parent / "synergies" / "templates")


class UndefinedVariable(Exception):
    pass


class UndefinedProjectVariable(str):
    def __new__(cls):
        return super().__new__(cls, "%s")

    def __contains__(self, key):
        return key == "%s"

    def __mod__(self, variable):
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_name == "render":
                candidate = frame.f_locals.get("self")
                origin = getattr(candidate, "origin", None)
                if origin is not None and origin.name:
                    if str(origin.name).startswith(PROJECT_TEMPLATES):
                        raise UndefinedVariable(f"Variable de gabarit indéfinie « {variable} » dans {origin.name}")
                    return ""
            frame = frame.f_back
        return ""
