from django.conf import settings

from synergies.territories.models import Convention


def default_convention():
    """The convention shown on the home page: the default territory's latest, else the latest."""
    conventions = Convention.objects.select_related("territory").prefetch_related("objectives", "parties")
    return (
        conventions.filter(territory__code=settings.SYNERGIES_DEFAULT_TERRITORY).order_by("-signed_on").first()
        or conventions.order_by("-signed_on").first()
    )
