from django import forms
from django.conf import settings
from dsfr.forms import DsfrBaseForm

from synergies.core.documents import validate_upload_size

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
