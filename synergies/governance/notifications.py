"""E-mails of the steering: a value entered by one party goes to the other party's coordinators."""

from synergies.accounts.enums import TerritoryRoleKind
from synergies.accounts.models import TerritoryRole
from synergies.core import mail


def validators_of(entry) -> list[str]:
    """The addresses of the coordinators who may validate `entry`: the territory's coordinators of
    the other party (any party when it was entered for none)."""
    roles = TerritoryRole.objects.filter(
        territory=entry.indicator.convention.territory, kind=TerritoryRoleKind.COORDINATOR
    ).exclude(user=entry.entered_by)
    if entry.entered_party:
        roles = roles.exclude(party=entry.entered_party)
    return list(roles.values_list("user__email", flat=True))


def value_to_validate_email(*, entry) -> None:
    indicator = entry.indicator
    mail.send(
        subject=f"Valeur à valider : {indicator.name}",
        template="governance/email/value_to_validate.txt",
        context={
            "entry": entry,
            "indicator": indicator,
            "party": entry.entered_party_label,
            "url": mail.site_url("governance:indicator", pk=indicator.pk),
        },
        to=validators_of(entry),
    )
