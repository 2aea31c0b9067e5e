from django import forms
from dsfr.forms import DsfrBaseForm

from synergies.core.documents import ACCEPTED_EXTENSIONS
from synergies.governance.computations import COMPUTATIONS
from synergies.governance.enums import ActionStatus, Direction, Frequency, Lead, MeetingKind
from synergies.governance.models import Action
from synergies.territories.models import Objective

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
NO_CLASSIFIED = "Aucune information classifiée ni « Diffusion Restreinte »."


class ActionForm(DsfrBaseForm):
    objective = forms.ModelChoiceField(label="Objectif", queryset=Objective.objects.none())
    reference = forms.CharField(label="Référence", max_length=20, help_text="Exemple : 1.3")
    title = forms.CharField(label="Intitulé", max_length=255)
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=NO_CLASSIFIED
    )
    lead = forms.ChoiceField(label="Pilote", choices=Lead.choices)
    contributors = forms.CharField(label="Contributeurs", max_length=500, required=False)
    starts_on = forms.DateField(label="Début", required=False, **DATE)
    due_on = forms.DateField(label="Échéance", required=False, **DATE)
    status = forms.ChoiceField(label="État", choices=ActionStatus.choices)
    progress = forms.IntegerField(label="Avancement (%)", min_value=0, max_value=100, initial=0)
    is_public = forms.BooleanField(label="Publier sur la page publique de la convention", required=False)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = convention.objectives.all()


class IndicatorForm(DsfrBaseForm):
    objective = forms.ModelChoiceField(label="Objectif", queryset=Objective.objects.none())
    action = forms.ModelChoiceField(label="Action (facultatif)", queryset=Action.objects.none(), required=False)
    code = forms.SlugField(
        label="Code", max_length=60, help_text="Identique d'une convention à l'autre pour les comparer."
    )
    name = forms.CharField(label="Intitulé", max_length=255)
    unit = forms.CharField(label="Unité", max_length=30, help_text="Exemples : organisations, €, %")
    decimals = forms.IntegerField(label="Décimales", min_value=0, max_value=2, initial=0)
    baseline = forms.DecimalField(label="Valeur de départ", required=False)
    target = forms.DecimalField(label="Cible", required=False)
    target_date = forms.DateField(label="Date de la cible", required=False, **DATE)
    direction = forms.ChoiceField(label="Sens souhaité", choices=Direction.choices)
    frequency = forms.ChoiceField(label="Fréquence", choices=Frequency.choices, initial=Frequency.QUARTERLY)
    computation = forms.ChoiceField(label="Calcul automatique", required=False)
    is_public = forms.BooleanField(label="Publier sur la page publique de la convention", required=False)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = convention.objectives.all()
        self.fields["action"].queryset = convention.actions.all()
        self.fields["computation"].choices = [("", "aucun : valeurs saisies et validées")] + [
            (key, c.label) for key, c in COMPUTATIONS.items()
        ]


class ValueForm(DsfrBaseForm):
    value = forms.CharField(label="Valeur", max_length=40, help_text="Exemples : 12 ; 1 234,5")
    measured_on = forms.DateField(label="Date de la mesure", **DATE)
    comment = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence_url = forms.URLField(label="Justificatif (lien)", required=False)
    evidence_file = forms.FileField(
        label="Justificatif (fichier PDF, DOCX, ODT ou texte)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        self.initial.setdefault("measured_on", timezone.localdate())

    def clean_evidence_file(self):
        uploaded = self.cleaned_data.get("evidence_file")
        if uploaded:
            from synergies.core.documents import validate_upload_size

            validate_upload_size(uploaded)
        return uploaded


class MeetingForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Instance", choices=MeetingKind.choices)
    held_on = forms.DateField(label="Date", **DATE)
    participants = forms.CharField(label="Participants", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    agenda = forms.CharField(label="Ordre du jour", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.CharField(label="Relevé de conclusions", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class DecisionForm(DsfrBaseForm):
    text = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 2}), help_text=NO_CLASSIFIED)
    action_title = forms.CharField(label="Créer une action (intitulé, facultatif)", max_length=255, required=False)
    action_reference = forms.CharField(label="Référence de l'action", max_length=20, required=False)
    action_objective = forms.ModelChoiceField(
        label="Objectif de l'action", queryset=Objective.objects.none(), required=False
    )
    action_lead = forms.ChoiceField(label="Pilote de l'action", choices=Lead.choices, required=False)
    action_due_on = forms.DateField(label="Échéance de l'action", required=False, **DATE)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_objective"].queryset = convention.objectives.all()

    def clean(self):
        data = super().clean()
        if data.get("action_title") and not (data.get("action_reference") and data.get("action_objective")):
            raise forms.ValidationError("Pour créer une action, donnez aussi sa référence et son objectif.")
        return data

    def new_action(self):
        data = self.cleaned_data
        if not data.get("action_title"):
            return None
        return {
            "title": data["action_title"],
            "reference": data["action_reference"],
            "objective": data["action_objective"],
            "lead": data.get("action_lead") or "region",
            "due_on": data.get("action_due_on"),
        }


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        label="Fichier CSV (UTF-8) ou XLSX",
        help_text="Actions : reference ; etat ; avancement ; echeance ; intitule — ou valeurs : indicateur ; date ; valeur ; commentaire.",
    )

    def clean_file(self):
        from synergies.core.documents import validate_upload_size

        uploaded = self.cleaned_data["file"]
        validate_upload_size(uploaded)
        return uploaded
