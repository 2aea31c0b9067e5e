"""The queryset filter of visibility (core.visibility.Visibility) for a person's roles, used by every
app's selectors. The rules are described in core.visibility."""

from django.db import models
from django.db.models import Q

from synergies.accounts.roles import roles_of
from synergies.core.visibility import Visibility


def visibility_q(
    user,
    model: type[models.Model],
    *,
    territory_field: str = "territory",
    restricted_field: str | None = "restricted_to",
    owner_field: str | None = None,
) -> Q:
    """The condition under which `user` may see a row of `model`."""
    roles = roles_of(user)
    if roles.is_admin or roles.is_national_steering:
        return Q()
    condition = Q(visibility=Visibility.PUBLIC)
    if not roles.is_authenticated:
        return condition
    condition |= Q(visibility=Visibility.REGISTERED)
    if roles.partner_territory_ids:
        condition |= Q(visibility=Visibility.PARTNERS, **{f"{territory_field}__in": roles.partner_territory_ids})
    if roles.coordinator_territory_ids:
        condition |= Q(**{f"{territory_field}__in": roles.coordinator_territory_ids})
    # (territory or None for "anywhere", organisations): members act for their organisation
    # everywhere, a defence agent only in the territory of its role.
    scopes = []
    if roles.member_organisation_ids:
        scopes.append((None, roles.member_organisation_ids))
    for territory_id in roles.agent_territory_ids:
        scopes.append((territory_id, roles.agent_organisation_ids_in(territory_id)))
    for territory_id, organisations in scopes:
        in_territory = Q() if territory_id is None else Q(**{territory_field: territory_id})
        if restricted_field:
            # A subquery rather than a join, so that no row comes back twice.
            named = model._default_manager.filter(**{f"{restricted_field}__in": organisations}).values("pk")
            condition |= in_territory & Q(visibility=Visibility.RESTRICTED, pk__in=named)
        if owner_field:
            condition |= in_territory & Q(**{f"{owner_field}__in": organisations})
    return condition


def filter_visible(queryset: models.QuerySet, user, **options) -> models.QuerySet:
    return queryset.filter(visibility_q(user, queryset.model, **options))
