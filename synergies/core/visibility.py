"""Who may see what: the one enum of visibility levels (the queryset filter that applies it to a
person's roles is synergies.accounts.visibility).

- public: anyone;
- registered: logged-in users;
- partners: defence agents and coordinators of the object's territory;
- restricted: members of the named organisations, and coordinators of the territory.

Coordinators see everything of their territory; national steering and administrators see all.
Members of the organisation that owns an object always see it.
"""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "public"
    REGISTERED = "registered", "utilisateurs inscrits"
    PARTNERS = "partners", "partenaires défense du territoire"
    RESTRICTED = "restricted", "organisations désignées"
