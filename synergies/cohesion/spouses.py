"""Spouse employment: a spouse's own profile (seen only by employers with a spouse-hiring pledge in
force, withdrawn at any time), and the search of offers open to military spouses, pledged employers first."""

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When

from synergies.accounts.roles import roles_of
from synergies.cohesion.employers import in_force
from synergies.cohesion.enums import CommitmentKind
from synergies.cohesion.models import SpouseProfile
from synergies.core import audit
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse

PROFILE_FIELDS = ("display_name", "skills", "wanted_departments", "available_on", "wanted_contracts")


def pledged_organisation_ids(territory_id=None) -> set[int]:
    pledges = in_force().filter(kind=CommitmentKind.SPOUSE_PLEDGE)
    if territory_id is not None:
        pledges = pledges.filter(territory_id=territory_id)
    return set(pledges.values_list("organisation_id", flat=True))


def pledged_territory_ids_for(user) -> set[int]:
    """The territories where `user` acts for an employer with a spouse-hiring pledge in force."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return set()
    pledges = in_force().filter(kind=CommitmentKind.SPOUSE_PLEDGE)
    if roles.is_admin:
        return set(pledges.values_list("territory_id", flat=True))
    return {
        territory_id
        for organisation_id, territory_id in pledges.values_list("organisation_id", "territory_id")
        if roles.acts_for(territory_id, organisation_id)
    }


def profiles_visible_to(user):
    return SpouseProfile.objects.filter(territory_id__in=pledged_territory_ids_for(user))


def offers_pledged_first(opportunities, territory_id=None):
    """Offers open to military spouses, those of pledged employers first."""
    pledged = pledged_organisation_ids(territory_id)
    return (
        opportunities.filter(open_to_military_spouses=True)
        .annotate(
            pledged=Case(When(publisher_id__in=pledged, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-pledged", "deadline", "id")
    )


@transaction.atomic
def profile_save(*, user, territory, fields: dict) -> SpouseProfile:
    if not getattr(user, "is_authenticated", False):
        raise ApplicationError("Connectez-vous pour laisser votre profil.")
    profile = SpouseProfile.objects.filter(user=user).first() or SpouseProfile(user=user)
    profile.territory = territory
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name] if fields[name] is not None else getattr(profile, name))
    full_clean_or_refuse(profile, exclude=["user", "territory"])
    profile.save()
    return profile


@transaction.atomic
def profile_withdraw(*, user) -> bool:
    deleted, _ = SpouseProfile.objects.filter(user=user).delete()
    if deleted:
        audit.record(actor=user, action="spouse_profile_withdrawn", target=None)
    return bool(deleted)
