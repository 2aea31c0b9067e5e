"""The territory's reserve missions in the format of API Engagement (the State's hub of volunteering
and reserve missions: its v2 mission body — clientId, title, description, applicationUrl, type,
addresses, organisation fields), so that national portals can ingest them.

Only public, open missions: the feed is read by anyone, whoever asks."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from synergies.core import mail
from synergies.opportunities.enums import OpportunityKind, ReserveType
from synergies.opportunities.selectors import opportunities_visible_to

# API Engagement's mission types: the operational reserve has its own; the citizen reserve is volunteering.
TYPE_OF_RESERVE = {
    ReserveType.OPERATIONAL: "volontariat_reserve_operationnelle",
    ReserveType.CITIZEN: "benevolat",
}
DOMAIN = "service-public-defense-securite"


def missions(_user=None):
    return (
        opportunities_visible_to(AnonymousUser())
        .open()
        .filter(kind=OpportunityKind.RESERVE_MISSION)
        .select_related("publisher", "territory")
        .prefetch_related("reserve_terms")
        .order_by("deadline", "id")
    )


def mission(opportunity) -> dict:
    from synergies.cohesion.reserve import mission_terms

    publisher = opportunity.publisher
    terms = mission_terms(opportunity)
    requirements = [f"À partir de {terms.minimum_age} ans"]
    if terms.maximum_age:
        requirements[0] = f"De {terms.minimum_age} à {terms.maximum_age} ans"
    address = {
        "country": "FR",
        "city": publisher.city or opportunity.place,
        "departmentCode": opportunity.department or publisher.department,
    }
    if publisher.postal_code:
        address["postalCode"] = publisher.postal_code
    data = {
        "clientId": f"synergies-{opportunity.territory.slug}-{opportunity.pk}",
        "title": opportunity.title,
        "description": opportunity.description,
        "applicationUrl": mail.site_url("opportunities:detail", pk=opportunity.pk),
        "type": TYPE_OF_RESERVE.get(opportunity.reserve_type, "volontariat_reserve_operationnelle"),
        "domain": DOMAIN,
        "postedAt": (opportunity.published_at or opportunity.created_at).isoformat(),
        "startAt": timezone.localtime(opportunity.published_at or opportunity.created_at).date().isoformat(),
        "endAt": opportunity.deadline.isoformat(),
        "openToMinors": terms.minimum_age < 18,
        "requirements": requirements,
        "remote": "no",
        "addresses": [address],
        "organizationName": publisher.name,
        "organizationClientId": str(publisher.pk),
    }
    if publisher.siret:
        data["organizationSiret"] = publisher.siret
    return data
