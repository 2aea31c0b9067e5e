import datetime

from django import forms
from dsfr.forms import DsfrBaseForm

NO_CLASSIFIED = (
    "Aucune information classifiée ni « Diffusion Restreinte » : un texte qui en porte la mention est refusé."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class AccessRequestForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(label="Au nom de", queryset=None, empty_label=None)
    title = forms.CharField(
        label="Projet", max_length=200, help_text="Un titre court : « Essais de tenue à la mer d'un drone de surface »."
    )
    description = forms.CharField(
        label="Ce que vous voulez tester",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Objectif, objet testé, conditions d'essai souhaitées. {NO_CLASSIFIED}",
    )
    resources = forms.ModelMultipleChoiceField(
        label="Ressources souhaitées (facultatif)", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    wanted_from = forms.DateField(label="À partir du (facultatif)", required=False, widget=DateInput())
    wanted_until = forms.DateField(label="Jusqu'au (facultatif)", required=False, widget=DateInput())
    duration_days = forms.IntegerField(
        label="Durée souhaitée en jours (facultatif)", required=False, min_value=1, max_value=365
    )
    people = forms.CharField(
        label="Personnes qui viendront (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Noms et fonctions ; l'opérateur en a besoin pour l'accès au site.",
    )

    def __init__(self, *args, organisations, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["resources"].queryset = resources

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("wanted_from"), cleaned.get("wanted_until")
        if start and end and end < start:
            self.add_error("wanted_until", "La date de fin précède la date de début.")
        return cleaned


class BookingForm(DsfrBaseForm):
    allocation = forms.ChoiceField(label="Dans le cadre de", required=False)
    day = forms.DateField(label="Jour", widget=DateInput())
    starts = forms.TimeField(label="De (heure de Paris)", widget=TimeInput())
    ends = forms.TimeField(label="À", widget=TimeInput())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].choices = choices


class CloseForm(DsfrBaseForm):
    outcome_report = forms.CharField(
        label="Ce qui a été testé", widget=forms.Textarea(attrs={"rows": 4}), help_text=NO_CLASSIFIED
    )
    satisfaction = forms.TypedChoiceField(
        label="Votre satisfaction",
        choices=[("", "—"), *[(str(n), f"{n} sur 5") for n in range(5, 0, -1)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    follow_up = forms.CharField(
        label="Suites (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Un contrat, une réponse à une opportunité, de nouveaux essais…",
    )


def parse_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
