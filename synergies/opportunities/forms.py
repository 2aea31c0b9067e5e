import datetime

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from synergies.core.forms import MultipleFileField
from synergies.core.visibility import Visibility
from synergies.directory.models import Capability, Certification, Organisation
from synergies.directory.selectors import organisations_named
from synergies.directory.taxonomy import capability_groups
from synergies.opportunities import selectors
from synergies.opportunities.enums import (
    ContractType,
    DigestFrequency,
    OpportunityKind,
    ReserveType,
    ResponseKind,
)
from synergies.opportunities.services import OPPORTUNITY_FIELDS
from synergies.territories.models import Department, Objective

NO_CLASSIFIED = "Aucune information classifiée ni « Diffusion Restreinte » : un texte ou un fichier qui en porte la mention est refusé."


def _attachments_field():
    return MultipleFileField(
        label="Pièces jointes (facultatif)",
        help_text=f"PDF, DOCX, ODT ou texte ; 10 fichiers au plus. {NO_CLASSIFIED}",
    )


class OpportunityForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type d'opportunité", choices=OpportunityKind.choices)
    contract_type = forms.ChoiceField(
        label="Type de contrat (offres de recrutement)", choices=[("", "—"), *ContractType.choices], required=False
    )
    reserve_type = forms.ChoiceField(
        label="Réserve (missions de réserve)", choices=[("", "—"), *ReserveType.choices], required=False
    )
    open_to_military_spouses = forms.BooleanField(label="Offre ouverte aux conjoints de militaires", required=False)
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 8}), help_text=NO_CLASSIFIED
    )
    publisher = forms.ModelChoiceField(label="Organisation qui publie", queryset=Organisation.objects.none())
    objective = forms.ModelChoiceField(
        label="Objectif de la convention", queryset=Objective.objects.none(), required=False
    )
    capabilities = forms.ModelMultipleChoiceField(
        label="Capacités recherchées",
        queryset=Capability.objects.select_related("domain").order_by("domain__position", "position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    certifications = forms.ModelMultipleChoiceField(
        label="Certifications exigées",
        queryset=Certification.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(label="Lieu", max_length=150, required=False)
    department = forms.ChoiceField(label="Département", required=False)
    opens_on = forms.DateField(
        label="Date d'ouverture", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    deadline = forms.DateTimeField(
        label="Date et heure limites de réponse",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    budget_min = forms.IntegerField(label="Budget minimal (€, facultatif)", required=False, min_value=0)
    budget_max = forms.IntegerField(label="Budget maximal (€, facultatif)", required=False, min_value=0)
    visibility = forms.ChoiceField(label="Visibilité", choices=Visibility.choices, initial=Visibility.PUBLIC)
    restricted_to = forms.CharField(
        label="Organisations désignées (visibilité « organisations désignées »)",
        required=False,
        help_text="SIRET ou références d'import, séparés par des virgules.",
    )
    files = _attachments_field()

    # Fields that only one kind of opportunity uses: the page shows them for that kind only
    # (js/opportunity-form.js; without script, every field shows).
    FIELDS_OF_KIND = {
        "contract_type": [OpportunityKind.RECRUITMENT],
        "open_to_military_spouses": [OpportunityKind.RECRUITMENT, OpportunityKind.RESERVE_MISSION],
        "reserve_type": [OpportunityKind.RESERVE_MISSION],
    }

    @property
    def capability_groups(self):
        return capability_groups(self["capabilities"])

    def __init__(self, *args, user, territory, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kinds in self.FIELDS_OF_KIND.items():
            self.fields[name].widget.attrs["data-for-kinds"] = " ".join(kinds)
        self.territory = territory
        self.fields["publisher"].queryset = selectors.publisher_choices(user, territory)
        convention = territory.current_convention
        self.fields["objective"].queryset = convention.objectives.all() if convention else Objective.objects.none()
        self.fields["department"].choices = [("", "—")] + [
            (d.code, f"{d.code} — {d.name}") for d in Department.objects.filter(territory=territory).order_by("code")
        ]
        if not self.is_bound and "opens_on" not in self.initial:
            self.initial["opens_on"] = timezone.localdate()
            self.initial["deadline"] = timezone.localtime().replace(
                hour=12, minute=0, second=0, microsecond=0
            ) + datetime.timedelta(days=30)

    def clean_restricted_to(self):
        return organisations_named(self.cleaned_data["restricted_to"])

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Visibility.RESTRICTED and not data.get("restricted_to"):
            self.add_error("restricted_to", "Désignez au moins une organisation.")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data.get(name) for name in OPPORTUNITY_FIELDS}
        fields["place"] = fields["place"] or ""
        fields["department"] = fields["department"] or ""
        return fields


class ResponseForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(label="Au nom de", queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label="Nature de la réponse", choices=ResponseKind.choices)
    consortium = forms.ModelChoiceField(
        label="Au nom du consortium (facultatif)", queryset=Organisation.objects.none(), required=False
    )
    message = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 8}), help_text=NO_CLASSIFIED)
    contact_name = forms.CharField(label="Nom du contact", max_length=150)
    contact_email = forms.EmailField(label="E-mail du contact")
    contact_phone = forms.CharField(label="Téléphone du contact (facultatif)", max_length=30, required=False)
    files = _attachments_field()

    def __init__(self, *args, organisations, consortia, personal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if personal:
            del self.fields["organisation"]
            del self.fields["consortium"]
            self.fields["kind"].initial = ResponseKind.APPLICATION
        else:
            self.fields["organisation"].queryset = organisations
            if organisations.count() == 1:
                self.fields["organisation"].initial = organisations.first()
            if consortia.exists():
                self.fields["consortium"].queryset = consortia
            else:
                del self.fields["consortium"]


class QuestionForm(DsfrBaseForm):
    text = forms.CharField(
        label="Votre question",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="La question et sa réponse seront visibles de toutes les personnes qui voient l'opportunité.",
    )


class FaqForm(DsfrBaseForm):
    """The publisher answers in advance a question they expect (a question fréquente)."""

    text = forms.CharField(label="Question fréquente", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    answer = forms.CharField(label="Sa réponse (publique)", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AnswerForm(DsfrBaseForm):
    answer = forms.CharField(label="Réponse (publique)", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AwardForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(
        label="Lauréat parmi les répondants", queryset=Organisation.objects.none(), required=False
    )
    winner_name = forms.CharField(label="ou nom du lauréat", max_length=255, required=False)
    amount = forms.IntegerField(label="Montant du contrat ou de la subvention (€)", required=False, min_value=0)
    awarded_on = forms.DateField(
        label="Date d'attribution", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label="Commentaire (facultatif)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, respondents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = respondents
        self.initial.setdefault("awarded_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("winner_name") or "").strip():
            raise forms.ValidationError("Choisissez un répondant ou indiquez le nom du lauréat.")
        return data


class PartnerSearchForm(DsfrBaseForm):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none())
    message = forms.CharField(
        label="Ce que vous apportez, ce que vous cherchez",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=NO_CLASSIFIED,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PartnerMessageForm(DsfrBaseForm):
    sender = forms.ModelChoiceField(label="De la part de", queryset=Organisation.objects.none())
    text = forms.CharField(
        label="Message", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, help_text=NO_CLASSIFIED
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = organisations


class ConsortiumForm(DsfrBaseForm):
    lead = forms.ModelChoiceField(label="Chef de file", queryset=Organisation.objects.none())
    name = forms.CharField(label="Nom du consortium", max_length=150)
    members = forms.ModelMultipleChoiceField(
        label="Partenaires invités", queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisations, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = organisations
        self.fields["members"].queryset = candidates


class SavedSearchForm(DsfrBaseForm):
    name = forms.CharField(label="Nom de la recherche", max_length=120)
    frequency = forms.ChoiceField(label="Recevoir les nouveautés", choices=DigestFrequency.choices)
