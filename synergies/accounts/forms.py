from django import forms
from dsfr.forms import DsfrBaseForm

from synergies.accounts.enums import OrganisationRole, Party, TerritoryRoleKind
from synergies.directory.models import Organisation


class ProfileForm(DsfrBaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)


class OrganisationInvitationForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse e-mail de la personne à inviter")
    role = forms.ChoiceField(label="Rôle", choices=OrganisationRole.choices, initial=OrganisationRole.MEMBER)


class TerritoryInvitationForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse e-mail de la personne à inviter")
    role = forms.ChoiceField(label="Rôle", choices=TerritoryRoleKind.choices)
    party = forms.ChoiceField(
        label="Partie représentée (coordinateurs)",
        choices=[("", "—")],
        required=False,
        help_text="La Région ou l'État : deux coordinateurs de parties différentes valident les indicateurs.",
    )
    organisation = forms.ModelChoiceField(
        label="Pour le compte de l'organisation (agents défense)",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="L'unité, le service ou l'entreprise au nom de laquelle l'agent publiera ses besoins.",
    )

    def __init__(self, *args, territory, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_territory(territory).order_by("name")
        # Hundreds of organisations: js/select-filter.js adds a search box above the list.
        self.fields["organisation"].widget.attrs["data-filterable"] = "Chercher une organisation dans la liste"
        self.fields["party"].choices = [("", "—")] + [(p, Party(p).label) for p in parties]

    def clean(self):
        data = super().clean()
        if data.get("role") == TerritoryRoleKind.COORDINATOR and not data.get("party"):
            self.add_error("party", "Indiquez la partie que le coordinateur représente.")
        if data.get("role") == TerritoryRoleKind.DEFENCE_AGENT and not data.get("organisation"):
            self.add_error("organisation", "Indiquez l'organisation pour le compte de laquelle l'agent agira.")
        return data


class ApiTokenForm(DsfrBaseForm):
    name = forms.CharField(label="Nom du jeton", max_length=100, help_text="Par exemple : « script d'export »")
