from ninja import Router

from synergies.accounts.roles import roles_of
from synergies.api.schemas import MeOut, RoleOut

router = Router(tags=["compte"])


@router.get("/me", response=MeOut, summary="La personne authentifiée et ses rôles")
def me(request):
    user = request.auth
    roles = roles_of(user)
    items = [
        RoleOut(
            kind=role.kind,
            territory=role.territory.code,
            party=role.party or None,
            organisation=str(role.organisation) if role.organisation else None,
        )
        for role in user.territory_roles.select_related("territory", "organisation")
    ] + [
        RoleOut(kind=f"organisation_{membership.role}", organisation=str(membership.organisation))
        for membership in user.memberships.select_related("organisation")
    ]
    return MeOut(
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        is_admin=roles.is_admin,
        is_national_steering=roles.is_national_steering,
        roles=items,
    )
