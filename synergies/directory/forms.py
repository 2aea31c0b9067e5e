from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from synergies.core.documents import validate_upload_size
from synergies.directory.enums import OrganisationKind

IMPORT_FILE_SUFFIXES = (".csv", ".zip")


class CuratedImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier de la liste (CSV UTF-8 ou XLSX)",
        help_text="Colonnes ref, name, kind obligatoires ; voir le format détaillé ci-dessous.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload_size(uploaded)
        if not uploaded.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Seuls les fichiers .csv et .xlsx sont acceptés.")
        return uploaded


def server_import_files() -> list[str]:
    folder = settings.SYNERGIES_IMPORT_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.name.lower().endswith(IMPORT_FILE_SUFFIXES))


class SireneImportForm(DsfrBaseForm):
    etablissements = forms.ChoiceField(label="Fichier des établissements (StockEtablissement)")
    unites_legales = forms.ChoiceField(label="Fichier des unités légales (StockUniteLegale)")
    departements = forms.CharField(label="Départements", help_text="Codes séparés par des virgules.")
    naf = forms.CharField(
        label="Préfixes de codes NAF (facultatif)", required=False, help_text="Ex. : 25.62, 62.0, 33.15"
    )
    dry_run = forms.BooleanField(label="Simulation (compter sans rien écrire)", required=False)

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        files = [(name, name) for name in server_import_files()]
        self.fields["etablissements"].choices = files
        self.fields["unites_legales"].choices = files
        self.fields["departements"].initial = ",".join(sorted(territory.department_codes))
        self.territory = territory

    def clean_departements(self):
        codes = [code.strip() for code in self.cleaned_data["departements"].split(",") if code.strip()]
        outside = sorted(set(codes) - self.territory.department_codes)
        if not codes:
            raise forms.ValidationError("Indiquez au moins un département.")
        if outside:
            raise forms.ValidationError(f"Hors du territoire : {', '.join(outside)}.")
        return codes

    def clean_naf(self):
        return [code.strip() for code in self.cleaned_data["naf"].split(",") if code.strip()]


class OrganisationProfileForm(DsfrBaseForm):
    name = forms.CharField(label="Nom usuel", max_length=255)
    website = forms.URLField(label="Site web", required=False, assume_scheme="https")
    description = forms.CharField(
        label="Présentation",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Ce que fait l’organisation, pour qui, avec quels moyens. Aucune information classifiée.",
    )
    defence_experience = forms.CharField(
        label="Expérience défense",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Programmes, marchés ou projets de défense auxquels l’organisation a contribué (publics).",
    )
    has_clearance = forms.ChoiceField(
        label="Habilitation de l’entreprise",
        choices=[("", "Non déclarée"), ("oui", "Oui, l’entreprise est habilitée"), ("non", "Non")],
        required=False,
        help_text="Déclaration oui/non seulement : n’indiquez aucun détail.",
    )
    capabilities = forms.ModelMultipleChoiceField(
        label="Capacités", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(
        label="Autres mots-clés", required=False, help_text="Séparés par des virgules.", max_length=1000
    )

    def __init__(self, *args, **kwargs):
        from synergies.directory.models import Capability

        super().__init__(*args, **kwargs)
        self.fields["capabilities"].queryset = Capability.objects.select_related("domain")

    def _no_marking(self, name):
        from synergies.core.marking import validate_no_marking

        value = self.cleaned_data[name]
        validate_no_marking(value)
        return value

    def clean_name(self):
        return self._no_marking("name")

    def clean_description(self):
        return self._no_marking("description")

    def clean_defence_experience(self):
        return self._no_marking("defence_experience")

    def clean_keywords(self):
        self._no_marking("keywords")
        return [word.strip()[:100] for word in self.cleaned_data["keywords"].split(",") if word.strip()][:30]

    def clean_has_clearance(self):
        return {"oui": True, "non": False}.get(self.cleaned_data["has_clearance"])


class CertificationLineForm(DsfrBaseForm):
    certification = forms.ModelChoiceField(label="Certification", queryset=None, required=False)
    valid_until = forms.DateField(
        label="Valable jusqu’au", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.CharField(label="Périmètre", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from synergies.directory.models import Certification

        super().__init__(*args, **kwargs)
        self.fields["certification"].queryset = Certification.objects.all()


class ContactLineForm(DsfrBaseForm):
    full_name = forms.CharField(label="Nom", max_length=150, required=False)
    role = forms.CharField(label="Fonction", max_length=150, required=False)
    email = forms.EmailField(label="Adresse e-mail", required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    visibility = forms.ChoiceField(label="Visible par", choices=())

    def __init__(self, *args, **kwargs):
        from synergies.core.visibility import Visibility

        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = [
            (Visibility.PUBLIC, "tout le monde"),
            (Visibility.REGISTERED, "les utilisateurs inscrits"),
            (Visibility.PARTNERS, "les partenaires défense du territoire"),
            (Visibility.RESTRICTED, "les membres de l’organisation et les coordinateurs"),
        ]
        self.fields["visibility"].initial = Visibility.REGISTERED

    def clean(self):
        data = super().clean()
        if (data.get("email") or data.get("phone") or data.get("role")) and not data.get("full_name"):
            self.add_error("full_name", "Indiquez le nom du contact.")
        return data


CertificationFormSet = forms.formset_factory(CertificationLineForm, extra=2, can_delete=True, max_num=20)
ContactFormSet = forms.formset_factory(ContactLineForm, extra=1, can_delete=True, max_num=10)


class ClaimForm(DsfrBaseForm):
    siret = forms.CharField(label="SIRET de l’établissement", max_length=17, help_text="14 chiffres.")
    message = forms.CharField(
        label="Message au coordinateur (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Votre fonction dans l’organisation : il sert si votre adresse e-mail n’est pas au domaine de son site.",
    )


class OrganisationRequestForm(DsfrBaseForm):
    territory = forms.ModelChoiceField(label="Territoire de la convention", queryset=None, empty_label=None)
    name = forms.CharField(label="Nom de l’organisation", max_length=255)
    kind = forms.ChoiceField(label="Type", choices=OrganisationKind.choices)
    siret = forms.CharField(
        label="SIRET (facultatif)", max_length=17, required=False, help_text="14 chiffres, s’il y en a un."
    )
    city = forms.CharField(label="Commune", max_length=100)
    website = forms.URLField(label="Site web (facultatif)", required=False, assume_scheme="https")
    message = forms.CharField(
        label="Message au coordinateur (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Votre fonction dans l’organisation, ce qu’elle fait.",
    )

    def __init__(self, *args, **kwargs):
        from synergies.territories.models import Territory

        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.with_convention().order_by("name")
