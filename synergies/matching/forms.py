from django import forms
from dsfr.forms import DsfrBaseForm

from synergies.directory.enums import OrganisationKind
from synergies.directory.models import Certification
from synergies.matching.index import Filters
from synergies.territories.models import Department


class CapabilitySearchForm(DsfrBaseForm):
    text = forms.CharField(
        label="Décrivez le besoin",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=50_000,
        help_text="En français courant, par exemple : « sous-traitant pour usinage 5 axes de pièces en titane ».",
    )
    departments = forms.MultipleChoiceField(label="Départements", required=False, widget=forms.CheckboxSelectMultiple)
    certifications = forms.ModelMultipleChoiceField(
        label="Certifications exigées (toutes)",
        queryset=Certification.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    clearance = forms.BooleanField(label="Habilitation défense déclarée", required=False)
    kinds = forms.MultipleChoiceField(
        label="Types d'organisation",
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, territory=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.order_by("code")
        if territory is not None:
            departments = departments.filter(territory=territory)
        self.fields["departments"].choices = [(d.code, f"{d.name} ({d.code})") for d in departments]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            departments=list(data["departments"]),
            certifications=[c.pk for c in data["certifications"]],
            kinds=list(data["kinds"]),
            clearance=data["clearance"],
        )
