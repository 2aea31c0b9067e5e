from django import forms
from dsfr.forms import DsfrBaseForm

from synergies.core.documents import ACCEPTED_EXTENSIONS
from synergies.core.marking import MARKING_POLICY, validate_no_marking
from synergies.core.visibility import Visibility
from synergies.directory.models import Organisation


class ConventionDocumentForm(DsfrBaseForm):
    title = forms.CharField(label="Titre du document", max_length=255, validators=[validate_no_marking])
    file = forms.FileField(
        label="Fichier",
        help_text=f"PDF, DOCX, ODT ou texte. {MARKING_POLICY}",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
    )
    visibility = forms.ChoiceField(label="Visible par", choices=Visibility.choices, initial=Visibility.PARTNERS)
    restricted_to = forms.ModelMultipleChoiceField(
        label="Organisations désignées (visibilité restreinte)",
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["restricted_to"].queryset = Organisation.objects.for_territory(territory)

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Visibility.RESTRICTED and not data.get("restricted_to"):
            self.add_error("restricted_to", "Désignez au moins une organisation pour une visibilité restreinte.")
        return data
