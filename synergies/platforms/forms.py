import datetime

from django import forms
from dsfr.forms import DsfrBaseForm

from synergies.core.forms import MultipleFileField
from synergies.platforms.enums import WEEKDAY_NAMES
from synergies.platforms.services import PLATFORM_FIELDS, RESOURCE_FIELDS

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
    files = MultipleFileField(
        label="Documents (facultatif)",
        help_text=f"Plan d'essais, plan de l'objet testé : PDF, DOCX, ODT ou texte. {NO_CLASSIFIED}",
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


WEEKDAYS = [(str(number), name) for number, name in WEEKDAY_NAMES.items()]


def _model_fields(model, names, widgets=None):
    """The form fields of the model's own fields (labels, lengths, validators in one place: the model)."""
    from django.forms.models import fields_for_model

    return fields_for_model(model, fields=names, widgets=widgets or {})


def _platform_form_class():
    from synergies.platforms.enums import UserCategory
    from synergies.platforms.models import Platform

    # The operator types the place; its coordinates come from the operating organisation.
    names = [name for name in PLATFORM_FIELDS if name not in ("latitude", "longitude")]
    fields = _model_fields(Platform, names, widgets={"description": forms.Textarea(attrs={"rows": 6})})
    fields["capabilities"] = forms.ModelMultipleChoiceField(
        label="Capacités de la plateforme", queryset=None, required=False
    )
    for value, label in UserCategory.choices:
        fields[f"tariff_{value}"] = forms.CharField(
            label=f"Tarif indicatif : {label} (facultatif)", max_length=200, required=False
        )
    return type("PlatformFieldsForm", (DsfrBaseForm,), fields)


class PlatformForm(_platform_form_class()):
    operator = forms.ModelChoiceField(label="Organisation opératrice", queryset=None, empty_label=None)
    restricted_to = forms.CharField(
        label="Organisations désignées (visibilité « organisations désignées »)",
        required=False,
        help_text="SIRET ou références d'import, séparés par des virgules.",
    )

    def clean_restricted_to(self):
        from synergies.directory.selectors import organisations_named

        return organisations_named(self.cleaned_data["restricted_to"])

    def clean(self):
        from synergies.core.visibility import Visibility

        data = super().clean()
        if data.get("visibility") == Visibility.RESTRICTED and not data.get("restricted_to"):
            self.add_error("restricted_to", "Désignez au moins une organisation.")
        return data

    field_order = ["operator"]

    def __init__(self, *args, operators=None, **kwargs):
        from synergies.directory.models import Capability

        super().__init__(*args, **kwargs)
        self.fields["capabilities"].queryset = Capability.objects.all()
        if operators is None:
            del self.fields["operator"]
        else:
            self.fields["operator"].queryset = operators
            self.fields["operator"].widget.attrs["data-filterable"] = "true"

    @property
    def capability_groups(self):
        from synergies.directory.taxonomy import capability_groups

        return capability_groups(self["capabilities"])

    def tariffs(self) -> dict:
        from synergies.platforms.enums import UserCategory

        return {value: self.cleaned_data.get(f"tariff_{value}", "") for value in UserCategory.values}


def _resource_form_class():
    from synergies.platforms.models import Resource

    names = [name for name in RESOURCE_FIELDS if name != "open_weekdays"]  # weekdays: checkboxes below
    fields = _model_fields(
        Resource,
        names,
        widgets={"opens_at": TimeInput(), "closes_at": TimeInput(), "description": forms.Textarea(attrs={"rows": 3})},
    )
    fields["weekdays"] = forms.MultipleChoiceField(
        label="Jours d'ouverture", choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    return type("ResourceFieldsForm", (DsfrBaseForm,), fields)


class ResourceForm(_resource_form_class()):
    def model_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "weekdays"}
        data["open_weekdays"] = "".join(sorted(self.cleaned_data["weekdays"]))
        data["description"] = data.get("description") or ""
        return data


class ClosureForm(DsfrBaseForm):
    starts_on = forms.DateField(label="Du", widget=DateInput())
    starts_at = forms.TimeField(label="à partir de", widget=TimeInput(), initial="00:00")
    ends_on = forms.DateField(label="Au", widget=DateInput())
    ends_at = forms.TimeField(label="jusqu'à", widget=TimeInput(), initial="23:59")
    reason = forms.CharField(label="Motif", max_length=200, help_text="Maintenance, fermeture annuelle…")


class TrainingForm(DsfrBaseForm):
    email = forms.EmailField(label="E-mail de la personne formée", help_text="Elle doit avoir un compte Synergies.")
    trained_on = forms.DateField(label="Formée le", widget=DateInput())
