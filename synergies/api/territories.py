from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router

from synergies.api.schemas import TerritoryOut
from synergies.territories.models import Convention, Territory

router = Router(tags=["territoires"])


def _territories():
    conventions = Convention.objects.order_by("-signed_on").prefetch_related("parties", "objectives")
    return Territory.objects.prefetch_related("departments", Prefetch("conventions", queryset=conventions))


@router.get("", response=list[TerritoryOut], auth=None, summary="Territoires, avec leur convention et ses objectifs")
def list_territories(request, with_convention: bool = False):
    """Toutes les régions ; `with_convention=true` ne garde que celles qui ont signé une convention."""
    territories = _territories()
    if with_convention:
        territories = territories.filter(pk__in=Territory.objects.with_convention().values("pk"))
    return territories


@router.get("/{code}", response=TerritoryOut, auth=None, summary="Un territoire par son code INSEE de région")
def get_territory(request, code: str):
    return get_object_or_404(_territories(), code=code)
