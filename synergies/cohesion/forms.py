from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from synergies.cohesion.enums import (
    AppointmentKind,
    BookletSection,
    CommitmentKind,
    CommitmentStage,
    YouthActivityKind,
    YouthProgramme,
)
from synergies.core.documents import ACCEPTED_EXTENSIONS
from synergies.directory import reference
from synergies.directory.models import Organisation

NO_CLASSIFIED = (
    "Aucune information classifiée ni « Diffusion Restreinte » : un texte qui en porte la mention est refusé."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def organisation_by_siret(siret: str, *, label: str) -> Organisation | None:
    siret = (siret or "").replace(" ", "")
    if not siret:
        return None
    problem = reference.siret_problem(siret)
    if problem:
        raise ValidationError(f"{label} : {problem}.")
    organisation = Organisation.objects.filter(siret=siret).first()
    if organisation is None:
        raise ValidationError(f"{label} : aucune organisation de l'annuaire n'a le SIRET {siret}.")
    return organisation


class ApplyForm(DsfrBaseForm):
    first_name = forms.CharField(label="Prénom", max_length=80)
    last_name = forms.CharField(label="Nom", max_length=80)
    birth_date = forms.DateField(
        label="Date de naissance", widget=DateInput(), help_text="Elle sert à vérifier l'âge demandé par la mission."
    )
    phone = forms.CharField(label="Téléphone (facultatif)", max_length=30, required=False)
    employer_siret = forms.CharField(
        label="SIRET de votre employeur (facultatif)",
        max_length=17,
        required=False,
        help_text="Seulement si vous acceptez que votre employeur soit indiqué à l'unité : il peut alors "
        "vous accorder des jours au titre de sa convention de soutien à la réserve.",
    )
    conditions = forms.BooleanField(
        label="Je remplis les conditions d'accès à la réserve rappelées ci-dessus",
        required=False,
        help_text="Seule cette déclaration est conservée ; vos réponses aux critères ne le sont pas.",
    )

    def clean_employer_siret(self):
        return organisation_by_siret(self.cleaned_data["employer_siret"], label="Employeur")


YES_NO = [("oui", "Oui"), ("non", "Non")]
# The public criteria of the operational reserve, as questions; what each means when the answer is no.
ELIGIBILITY_QUESTIONS = [
    ("age", "Avez-vous au moins 17 ans ?", "La réserve opérationnelle est ouverte à partir de 17 ans."),
    (
        "nationality",
        "Êtes-vous de nationalité française ?",
        "La réserve opérationnelle des armées est ouverte aux Français.",
    ),
    (
        "national_service",
        "Êtes-vous en règle avec le recensement et la journée défense et citoyenneté ?",
        "Faites-vous recenser ou participez à la JDC : l'attestation est demandée dans le dossier.",
    ),
    (
        "record",
        "Votre casier judiciaire est-il sans condamnation incompatible avec le service ?",
        "Une condamnation incompatible avec le service ferme l'accès à la réserve.",
    ),
    (
        "fitness",
        "Vous estimez-vous apte physiquement (un médecin militaire le vérifiera) ?",
        "L'aptitude est vérifiée par une visite médicale pendant la candidature ; parlez-en à l'unité.",
    ),
]


class EligibilityForm(DsfrBaseForm):
    """The self-check: answered, read, never stored (no model, no log of the answers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question, _ in ELIGIBILITY_QUESTIONS:
            self.fields[name] = forms.ChoiceField(label=question, choices=YES_NO, widget=forms.RadioSelect)

    def unmet(self) -> list[str]:
        return [meaning for name, _, meaning in ELIGIBILITY_QUESTIONS if self.cleaned_data[name] != "oui"]


class EmployerForm(DsfrBaseForm):
    employer_siret = forms.CharField(
        label="SIRET de votre employeur",
        max_length=17,
        required=False,
        help_text="Laissez vide pour ne plus l'indiquer.",
    )

    def clean_employer_siret(self):
        return organisation_by_siret(self.cleaned_data["employer_siret"], label="Employeur")


class UploadForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, Word (DOCX), OpenDocument (ODT) ou texte ; le texte doit pouvoir être lu (pas de scan sans texte).",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}),
    )


class AppointmentForm(DsfrBaseForm):
    appointment_kind = forms.ChoiceField(label="Rendez-vous", choices=AppointmentKind.choices)
    appointment_at = forms.DateTimeField(label="Date et heure (heure de Paris)", widget=DateTimeInput())
    appointment_place = forms.CharField(label="Lieu", max_length=200, required=False)


class ChecklistForm(DsfrBaseForm):
    documents = forms.CharField(
        label="Pièces demandées",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une pièce par ligne ; une précision après « : » (par exemple « Justificatif de domicile : de moins de trois mois »).",
    )
    minimum_age = forms.IntegerField(label="Âge minimal", min_value=16, max_value=70)
    maximum_age = forms.IntegerField(label="Âge maximal (facultatif)", min_value=17, max_value=72, required=False)

    def clean_documents(self):
        lines = [line.strip() for line in self.cleaned_data["documents"].splitlines() if line.strip()]
        documents = []
        for line in lines:
            name, _, help_text = line.partition(":")
            if len(name.strip()) > 120:
                raise ValidationError(f"« {name.strip()[:40]}… » : 120 caractères au plus par pièce.")
            documents.append((name.strip(), help_text.strip()[:300]))
        return documents


class CommitmentForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Engagement", choices=CommitmentKind.choices)
    stage = forms.ChoiceField(label="Étape", choices=CommitmentStage.choices)
    signed_on = forms.DateField(label="Signé ou attribué le", widget=DateInput(), required=False)
    valid_until = forms.DateField(label="À renouveler le", widget=DateInput(), required=False)
    days_granted = forms.IntegerField(
        label="Jours accordés au-delà du minimum légal (réserve)", min_value=0, max_value=365, required=False
    )
    reactivity_clause = forms.BooleanField(label="Clause de réactivité (réserve)", required=False)
    places = forms.IntegerField(
        label="Places proposées par an (stages, conjoints)", min_value=0, max_value=10000, required=False
    )
    note = forms.CharField(
        label="Précisions", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=NO_CLASSIFIED
    )


class SpouseHireForm(DsfrBaseForm):
    hired_on = forms.DateField(label="Date d'embauche", widget=DateInput())


class PartnershipForm(DsfrBaseForm):
    programme = forms.ChoiceField(label="Dispositif", choices=YouthProgramme.choices)
    name = forms.CharField(label="Intitulé", max_length=200, help_text="Par exemple « CDSG du lycée … — 2026-2027 ».")
    unit = forms.ModelChoiceField(label="Unité ou organisation marraine", queryset=Organisation.objects.none())
    school_siret = forms.CharField(label="SIRET de l'établissement (facultatif)", max_length=17, required=False)
    commune_insee = forms.CharField(
        label="Commune (code INSEE, facultatif)",
        max_length=5,
        required=False,
        help_text="Par défaut, celle de l'établissement.",
    )
    started_on = forms.DateField(label="Début", widget=DateInput())
    ended_on = forms.DateField(label="Fin (facultatif)", widget=DateInput(), required=False)
    young_people = forms.IntegerField(label="Jeunes concernés", min_value=0, max_value=100000, initial=0)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Organisation.objects.none()

    def clean_school_siret(self):
        return organisation_by_siret(self.cleaned_data["school_siret"], label="Établissement")


class ActivityForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Activité", choices=YouthActivityKind.choices)
    held_on = forms.DateField(label="Date", widget=DateInput())
    young_people = forms.IntegerField(label="Jeunes présents", min_value=0, max_value=100000, initial=0)
    note = forms.CharField(label="Précisions (facultatif)", max_length=300, required=False)


class BookletForm(DsfrBaseForm):
    title = forms.CharField(label="Titre", max_length=200)
    garrison = forms.CharField(label="Garnison", max_length=100)
    introduction = forms.CharField(
        label="Mot d'accueil", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=NO_CLASSIFIED
    )
    published = forms.BooleanField(label="Publié (visible de tous)", required=False)


class BookletCreateForm(BookletForm):
    unit = forms.ModelChoiceField(label="Unité", queryset=Organisation.objects.none())
    field_order = ["unit", "title", "garrison", "introduction", "published"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Organisation.objects.none()


class BlockForm(DsfrBaseForm):
    section = forms.ChoiceField(label="Rubrique", choices=BookletSection.choices)
    title = forms.CharField(label="Titre", max_length=200)
    body = forms.CharField(
        label="Texte", widget=forms.Textarea(attrs={"rows": 6}), required=False, help_text=NO_CLASSIFIED
    )
    organisation_sirets = forms.CharField(
        label="Organisations de l'annuaire (SIRET, un par ligne, facultatif)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Leur nom, leur adresse et leur site viennent de l'annuaire : une modification là-bas se voit dans chaque livret.",
    )
    review_by = forms.DateField(label="À relire avant le", widget=DateInput())
    position = forms.IntegerField(label="Ordre", min_value=0, max_value=999, initial=0)

    def clean_organisation_sirets(self):
        organisations = []
        for line in self.cleaned_data["organisation_sirets"].split():
            organisations.append(organisation_by_siret(line, label="Organisation"))
        return organisations

    def clean_review_by(self):
        review_by = self.cleaned_data["review_by"]
        if review_by < timezone.localdate():
            raise ValidationError("La date de relecture est passée : choisissez une date à venir.")
        return review_by


class ChecklistItemForm(DsfrBaseForm):
    label = forms.CharField(label="Étape", max_length=200)
    days_from_arrival = forms.IntegerField(
        label="Jours par rapport à l'arrivée",
        min_value=-365,
        max_value=365,
        initial=0,
        help_text="Négatif : avant l'arrivée.",
    )


class ArrivalForm(DsfrBaseForm):
    arrival_on = forms.DateField(label="Date d'arrivée", widget=DateInput())


class SpouseProfileForm(DsfrBaseForm):
    territory = forms.ModelChoiceField(
        label="Région où vous cherchez",
        queryset=None,
        help_text="Les employeurs engagés de cette région voient votre profil.",
    )
    display_name = forms.CharField(label="Nom affiché aux employeurs", max_length=120)
    skills = forms.CharField(
        label="Compétences et expérience",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=NO_CLASSIFIED,
    )
    wanted_departments = forms.CharField(
        label="Départements recherchés (codes séparés par des espaces)", max_length=60, required=False
    )
    available_on = forms.DateField(label="Disponible à partir du", widget=DateInput(), required=False)
    wanted_contracts = forms.CharField(
        label="Contrats recherchés", max_length=60, required=False, help_text="Par exemple « CDI, temps partiel »."
    )

    def __init__(self, *args, **kwargs):
        from synergies.territories.models import Territory

        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.with_convention().order_by("name")

    def clean_wanted_departments(self):
        codes = self.cleaned_data["wanted_departments"].replace(",", " ").split()
        known = {commune.department for commune in reference.communes().values()}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(f"Département inconnu : {', '.join(unknown)}.")
        return " ".join(codes)
