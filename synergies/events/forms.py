from django import forms
from django.forms.models import fields_for_model
from dsfr.forms import DsfrBaseForm

from synergies.events.enums import Attendance, ItemKind
from synergies.events.models import Event
from synergies.events.services import EVENT_FIELDS

NO_CLASSIFIED = (
    "Aucune information classifiée ni « Diffusion Restreinte » : un texte qui en porte la mention est refusé."
)
DEFAULT_REMINDERS = "7, 1"
MAX_TEAM = 20


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _event_fields():
    # The organiser types the place; coordinates come from the organiser unless a map point is given.
    names = [name for name in EVENT_FIELDS if name not in ("latitude", "longitude", "objective")]
    widgets = {
        "description": forms.Textarea(attrs={"rows": 8}),
        "questions": forms.Textarea(attrs={"rows": 3}),
        **{
            name: DateTimeInput()
            for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
        },
    }
    fields = fields_for_model(Event, fields=names, widgets=widgets)
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        fields[name].help_text = " ".join(p for p in (fields[name].help_text, "Heure de Paris.") if p)
    fields["description"].help_text = NO_CLASSIFIED
    # Empty: the model's default (no reserved seat, the usual meeting settings).
    for name in ("reserved_sme_seats", "meeting_request_hours", "max_open_meeting_requests"):
        fields[name].required = False
    fields["objective"] = forms.ModelChoiceField(
        label="Objectif de la convention", queryset=None, required=False, empty_label="—"
    )
    fields["reminders"] = forms.CharField(
        label="Rappels aux inscrits (jours avant le début)",
        required=False,
        initial=DEFAULT_REMINDERS,
        help_text="Par exemple « 7, 1 » : un rappel à J-7 et à J-1, aux personnes inscrites avant ce moment-là.",
    )
    return type("EventFieldsForm", (DsfrBaseForm,), fields)


class EventForm(_event_fields()):
    organiser = forms.ModelChoiceField(label="Organisation organisatrice", queryset=None, empty_label=None)
    restricted_to = forms.CharField(
        label="Organisations désignées (visibilité « organisations désignées »)",
        required=False,
        help_text="SIRET ou références d'import, séparés par des virgules.",
    )
    field_order = ["organiser", "kind", "title", "summary", "description", "objective"]

    def __init__(self, *args, organisers=None, objectives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers
            self.fields["organiser"].widget.attrs["data-filterable"] = "true"

    def clean_restricted_to(self):
        from synergies.directory.selectors import organisations_named

        return organisations_named(self.cleaned_data["restricted_to"])

    def clean_reminders(self):
        text = self.cleaned_data["reminders"].replace(";", ",")
        days = []
        for part in (p.strip().upper().removeprefix("J-") for p in text.split(",")):
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 60:
                raise forms.ValidationError("Des nombres de jours de 1 à 60, séparés par des virgules : « 7, 1 ».")
            days.append(int(part))
        return days

    def clean(self):
        from synergies.core.visibility import Visibility

        data = super().clean()
        if data.get("visibility") == Visibility.RESTRICTED and not data.get("restricted_to"):
            self.add_error("restricted_to", "Désignez au moins une organisation.")
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "La fin de l'événement doit suivre son début.")
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", "Indiquez un lieu, un lien de visioconférence, ou les deux.")
        return data

    def event_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in EVENT_FIELDS if name in data}
        for name in ("venue", "city", "department", "online_url", "questions"):
            fields[name] = fields.get(name) or ""
        for name in ("reserved_sme_seats", "meeting_request_hours", "max_open_meeting_requests"):
            if fields.get(name) is None:
                fields[name] = Event._meta.get_field(name).default
        return fields


class RegistrationForm(DsfrBaseForm):
    name = forms.CharField(label="Nom et prénom", max_length=150)
    email = forms.EmailField(label="E-mail", help_text="La confirmation et l'invitation de calendrier y sont envoyées.")
    organisation = forms.ModelChoiceField(
        label="Au nom de l'organisation (facultatif)", queryset=None, required=False, empty_label="À titre personnel"
    )
    consent_to_publish = forms.BooleanField(
        label="J'accepte que mon nom et mon organisation figurent sur la liste publique des participants",
        required=False,
    )

    sessions = forms.ModelMultipleChoiceField(
        label="Sessions", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    team = forms.CharField(
        label="Inscrire aussi des collègues (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un par ligne : « Nom Prénom, e-mail ». Chacun reçoit sa confirmation et son lien.",
    )

    def __init__(self, *args, event, organisations, **kwargs):
        from synergies.events.services import session_seats_left

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if not organisations.exists():
            del self.fields["organisation"]
            del self.fields["team"]
        sessions = event.sessions.all()
        if sessions:
            self.fields["sessions"].queryset = sessions
            left = {s.pk: session_seats_left(s) for s in sessions}
            self.fields["sessions"].label_from_instance = lambda s: (
                f"{s} — complet" if left[s.pk] == 0 else f"{s}" + (f" — {left[s.pk]} places" if left[s.pk] else "")
            )
        else:
            del self.fields["sessions"]
        self.questions = event.question_list
        for number, question in enumerate(self.questions):
            self.fields[f"question_{number}"] = forms.CharField(label=question, max_length=500, required=False)

    def answers(self) -> dict:
        return {q: self.cleaned_data.get(f"question_{n}", "") for n, q in enumerate(self.questions)}

    def clean_team(self) -> list[tuple[str, str]]:
        """« Nom, e-mail » per line: the colleagues registered with the person, for the same organisation."""
        people = []
        for number, line in enumerate(self.cleaned_data.get("team", "").splitlines(), start=1):
            if not line.strip():
                continue
            name, _, email = line.rpartition(",")
            email = email.strip()
            try:
                forms.EmailField().clean(email)
            except forms.ValidationError:
                raise forms.ValidationError(f"Ligne {number} : écrivez « Nom Prénom, e-mail ».") from None
            if not name.strip():
                raise forms.ValidationError(f"Ligne {number} : le nom manque avant l'e-mail.")
            people.append((name.strip(), email))
        if len(people) > MAX_TEAM:
            raise forms.ValidationError(f"{MAX_TEAM} collègues au plus à la fois.")
        return people

    def clean(self):
        data = super().clean()
        if data.get("team") and not data.get("organisation"):
            self.add_error("team", "Vos collègues s'inscrivent au nom de votre organisation : choisissez-la.")
        return data


class CancelForm(DsfrBaseForm):
    reason = forms.CharField(
        label="Motif de l'annulation", max_length=300, help_text="Les inscrits le reçoivent par e-mail."
    )


class CheckinForm(DsfrBaseForm):
    code = forms.CharField(
        label="Code d'accueil",
        max_length=16,
        help_text="Les 8 caractères sous le QR code de la personne, ou scannez-le.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )


class AttendanceForm(DsfrBaseForm):
    attendance = forms.ChoiceField(label="Présence", choices=[c for c in Attendance.choices if c[0]])


class FeedbackForm(DsfrBaseForm):
    satisfaction = forms.TypedChoiceField(
        label="Votre satisfaction",
        choices=[(str(n), f"{n} sur 5") for n in range(5, 0, -1)],
        coerce=int,
    )
    feedback = forms.CharField(
        label="Un commentaire (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MarketplaceItemForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type", choices=ItemKind.choices)
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_CLASSIFIED
    )
    opportunity = forms.ModelChoiceField(
        label="Opportunité du territoire liée (facultatif)", queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = opportunities


class MeetingSlotsForm(DsfrBaseForm):
    starts_at = forms.DateTimeField(label="Début du bloc de rendez-vous (heure de Paris)", widget=DateTimeInput())
    ends_at = forms.DateTimeField(label="Fin du bloc", widget=DateTimeInput())
    minutes = forms.IntegerField(label="Durée d'un rendez-vous (minutes)", min_value=5, max_value=240, initial=20)
    tables = forms.IntegerField(label="Nombre de tables", min_value=1, max_value=500, initial=10)


class SessionForm(DsfrBaseForm):
    title = forms.CharField(label="Intitulé de la session", max_length=200)
    starts_at = forms.DateTimeField(label="Début (heure de Paris)", widget=DateTimeInput())
    ends_at = forms.DateTimeField(label="Fin", widget=DateTimeInput())
    capacity = forms.IntegerField(label="Places (facultatif)", required=False, min_value=1)
