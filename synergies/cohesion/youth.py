"""Youth programmes: partnerships between a school and a sponsoring unit (or a company), and their
activities, recorded by coordinators and by the school or the unit."""

import datetime

from django.db import transaction
from django.utils import timezone

from synergies.accounts.roles import roles_of
from synergies.cohesion import perms
from synergies.cohesion.models import YouthActivity, YouthPartnership
from synergies.core import audit
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse
from synergies.directory import reference

PARTNERSHIP_FIELDS = ("programme", "name", "commune_insee", "started_on", "ended_on", "young_people")


@transaction.atomic
def partnership_save(*, actor, fields: dict, unit, school=None, partnership: YouthPartnership | None = None):
    territory = unit.territory
    roles = roles_of(actor)
    if partnership is None:
        acting = (
            roles.is_admin
            or roles.coordinates(territory)
            or roles.acts_for(territory.pk, unit.pk)
            or (school is not None and roles.acts_for(territory.pk, school.pk))
        )
        if not acting:
            raise ApplicationError("Un partenariat est enregistré par l'unité, l'établissement ou un coordinateur.")
        partnership = YouthPartnership(territory=territory, created_by=actor)
    elif not perms.can_view_partnership(actor, partnership):
        raise ApplicationError("Seuls l'unité, l'établissement et les coordinateurs modifient ce partenariat.")
    if school is not None and school.territory_id != territory.pk:
        raise ApplicationError("L'établissement et l'unité ne sont pas du même territoire.")
    partnership.unit, partnership.school = unit, school
    for name in PARTNERSHIP_FIELDS:
        if name in fields:
            setattr(partnership, name, fields[name])
    commune = reference.communes().get(partnership.commune_insee) if partnership.commune_insee else None
    if partnership.commune_insee and commune is None:
        raise ApplicationError("Code INSEE de commune inconnu.")
    if commune is None and school is not None:
        partnership.commune_insee, commune = school.commune_insee, reference.communes().get(school.commune_insee)
    partnership.city = commune.name if commune else ""
    partnership.department = commune.department if commune else ""
    full_clean_or_refuse(partnership, exclude=["unit", "school", "territory", "created_by"])
    partnership.save()
    audit.record(
        actor=actor,
        action="youth_partnership_saved",
        target=partnership,
        territory=territory,
        changes={"name": [None, partnership.name]},
    )
    return partnership


@transaction.atomic
def activity_add(*, actor, partnership: YouthPartnership, kind: str, held_on, young_people: int = 0, note: str = ""):
    if not perms.can_view_partnership(actor, partnership):
        raise ApplicationError("Seuls l'unité, l'établissement et les coordinateurs enregistrent ses activités.")
    if held_on < partnership.started_on:
        raise ApplicationError("L'activité précède le début du partenariat.")
    if held_on > timezone.localdate() + datetime.timedelta(days=366):
        raise ApplicationError("L'activité est plus d'un an à l'avance.")
    activity = YouthActivity(
        partnership=partnership, kind=kind, held_on=held_on, young_people=young_people, note=(note or "").strip()
    )
    full_clean_or_refuse(activity, exclude=["partnership"])
    activity.save()
    audit.record(
        actor=actor,
        action="youth_activity_added",
        target=partnership,
        territory=partnership.territory,
        changes={"kind": [None, kind]},
    )
    return activity
