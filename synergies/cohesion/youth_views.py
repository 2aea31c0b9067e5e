"""Youth programmes: the public's anonymous map and counts; the partnerships a school, a unit or a
coordinator sees, records and completes with activities."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from synergies.cohesion import forms, perms, selectors, youth
from synergies.cohesion.enums import YouthProgramme
from synergies.cohesion.models import YouthPartnership
from synergies.core.exceptions import ApplicationError
from synergies.core.forms import errors_text
from synergies.directory import reference
from synergies.directory.selectors import organisations_acted_for


@login_not_required
def youth_home(request):
    counts = selectors.youth_public_counts()
    communes = reference.communes()
    points = [
        {
            "name": f"{row['city']} : {row['n']} partenariat{'s' if row['n'] > 1 else ''}, {row['young'] or 0} jeunes",
            "url": f"#commune-{row['commune_insee']}",
            "city": "",
            "lat": communes[row["commune_insee"]].latitude,
            "lng": communes[row["commune_insee"]].longitude,
        }
        for row in counts["by_commune"]
        if row["commune_insee"] in communes and communes[row["commune_insee"]].latitude is not None
    ]
    labels = dict(YouthProgramme.choices)
    context = {
        "counts": counts,
        "by_programme": [(labels[row["programme"]], row["n"], row["young"] or 0) for row in counts["by_programme"]],
        "points_json": json.dumps(points, ensure_ascii=False),
        "may_record": perms.may_record_partnership(request.user),
        "map_tiles_url": settings.SYNERGIES_MAP_TILES_URL,
        "map_attribution": settings.SYNERGIES_MAP_ATTRIBUTION,
    }
    return render(request, "cohesion/youth.html", context)


def partnerships(request):
    if not perms.may_record_partnership(request.user):
        raise PermissionDenied(
            "Les partenariats jeunesse sont tenus par les unités, les établissements et les coordinateurs."
        )
    items = selectors.partnerships_visible_to(request.user).select_related("unit", "school").order_by("-started_on")
    form = forms.PartnershipForm(request.POST or None, units=organisations_acted_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, school = data.pop("unit"), data.pop("school_siret")
        try:
            partnership = youth.partnership_save(actor=request.user, unit=unit, school=school, fields=data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Partenariat enregistré.")
            return redirect(partnership)
    return render(
        request, "cohesion/partnerships.html", {"partnerships": items, "form": form}, status=400 if form.errors else 200
    )


def partnership_detail(request, pk):
    partnership = get_object_or_404(YouthPartnership.objects.select_related("unit", "school", "territory"), pk=pk)
    if not perms.can_view_partnership(request.user, partnership):
        raise Http404("Partenariat introuvable.")
    context = {"partnership": partnership, "activities": partnership.activities.all(), "form": forms.ActivityForm()}
    return render(request, "cohesion/partnership.html", context)


@require_POST
def activity_add(request, pk):
    partnership = get_object_or_404(YouthPartnership.objects.select_related("territory"), pk=pk)
    if not perms.can_view_partnership(request.user, partnership):
        raise Http404("Partenariat introuvable.")
    form = forms.ActivityForm(request.POST)
    if form.is_valid():
        try:
            youth.activity_add(actor=request.user, partnership=partnership, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Activité enregistrée.")
    else:
        messages.error(request, errors_text(form))
    return redirect(partnership)
