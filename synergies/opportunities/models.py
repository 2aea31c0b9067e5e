from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel
from synergies.core.visibility import Visibility
from synergies.opportunities.enums import (
    ContractType,
    DigestFrequency,
    OpportunityKind,
    OpportunityStatus,
    ReserveType,
    ResponseKind,
    ResponseStatus,
)


class OpportunityQuerySet(models.QuerySet):
    def for_territory(self, territory):
        return self.filter(territory=territory)

    def open(self, now=None):
        """Published and before the deadline: a past deadline reads as closed even before the task runs."""
        return self.filter(status=OpportunityStatus.PUBLISHED, deadline__gt=now or timezone.now())

    def past_deadline(self, now=None):
        return self.filter(status=OpportunityStatus.PUBLISHED, deadline__lte=now or timezone.now())

    def with_effective_status(self, status: str, now=None):
        now = now or timezone.now()
        if status == OpportunityStatus.PUBLISHED:
            return self.open(now)
        if status == OpportunityStatus.CLOSED:
            return self.filter(
                Q(status=OpportunityStatus.CLOSED) | Q(status=OpportunityStatus.PUBLISHED, deadline__lte=now)
            )
        return self.filter(status=status)

    def listed(self):
        """What appears in lists and feeds: everything but drafts."""
        return self.exclude(status=OpportunityStatus.DRAFT)


class Opportunity(TimeStampedModel):
    """A need, call, offer or mission published by a defence actor (or a coordinator) of a territory."""

    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.PROTECT, related_name="opportunities"
    )
    objective = models.ForeignKey(
        "territories.Objective",
        verbose_name="objectif de la convention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    kind = models.CharField("type", max_length=24, choices=OpportunityKind.choices)
    contract_type = models.CharField("type de contrat", max_length=16, choices=ContractType.choices, blank=True)
    reserve_type = models.CharField("réserve", max_length=16, choices=ReserveType.choices, blank=True)
    open_to_military_spouses = models.BooleanField("ouverte aux conjoints de militaires", default=False)
    title = models.CharField("titre", max_length=200, validators=[validate_no_marking])
    description = models.TextField("description", validators=[validate_no_marking])
    publisher = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation qui publie",
        on_delete=models.PROTECT,
        related_name="published_opportunities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créée par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    capabilities = models.ManyToManyField(
        "directory.Capability", verbose_name="capacités recherchées", blank=True, related_name="opportunities"
    )
    certifications = models.ManyToManyField(
        "directory.Certification", verbose_name="certifications exigées", blank=True, related_name="opportunities"
    )
    place = models.CharField("lieu", max_length=150, blank=True, validators=[validate_no_marking])
    department = models.CharField("département", max_length=3, blank=True, db_index=True)
    opens_on = models.DateField("date d'ouverture", default=timezone.localdate)
    deadline = models.DateTimeField("date limite de réponse")
    budget_min = models.PositiveBigIntegerField("budget minimal (€)", null=True, blank=True)
    budget_max = models.PositiveBigIntegerField("budget maximal (€)", null=True, blank=True)
    visibility = models.CharField("visibilité", max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    restricted_to = models.ManyToManyField(
        "directory.Organisation", verbose_name="organisations désignées", blank=True, related_name="+"
    )
    status = models.CharField(
        "état", max_length=16, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("publiée le", null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)
    outcome_note = models.TextField("commentaire sur le résultat", blank=True, validators=[validate_no_marking])
    # Stems of the texts and wanted capabilities, space-delimited on both ends (see selectors.search).
    search_document = models.TextField("document de recherche", blank=True, editable=False)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = "opportunité"
        verbose_name_plural = "opportunités"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["territory", "status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="opportunity_budget_range",
                violation_error_message="Le budget minimal dépasse le budget maximal.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opportunities:detail", kwargs={"pk": self.pk})

    @property
    def effective_status(self) -> str:
        if self.status == OpportunityStatus.PUBLISHED and self.deadline <= timezone.now():
            return OpportunityStatus.CLOSED
        return self.status

    @property
    def effective_status_label(self) -> str:
        return OpportunityStatus(self.effective_status).label

    @property
    def is_open(self) -> bool:
        return self.effective_status == OpportunityStatus.PUBLISHED

    @property
    def kind_detail(self) -> str:
        """The kind, with the contract or the reserve when there is one."""
        parts = [self.get_kind_display()]
        if self.contract_type:
            parts.append(self.get_contract_type_display())
        if self.reserve_type:
            parts.append(self.get_reserve_type_display())
        return " — ".join(parts)


def attachment_path(instance, filename):
    return f"opportunites/{timezone.now():%Y/%m}/{filename}"


class Attachment(TimeStampedModel):
    """A file of an opportunity or of a response: served only through a view that checks permission."""

    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    response = models.ForeignKey(
        "opportunities.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("fichier", upload_to=attachment_path)
    original_name = models.CharField("nom du fichier déposé", max_length=255)
    content_type = models.CharField("type", max_length=120)
    size = models.PositiveBigIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opportunity__isnull=False, response__isnull=True)
                | Q(opportunity__isnull=True, response__isnull=False),
                name="attachment_has_one_owner",
                violation_error_message="Une pièce jointe appartient à une opportunité ou à une réponse.",
            )
        ]

    def __str__(self):
        return self.original_name


class Question(TimeStampedModel):
    """A public question on an opportunity: answered once, the answer is read by everyone who sees it."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("question", validators=[validate_no_marking])
    answer = models.TextField("réponse", blank=True, validators=[validate_no_marking])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)

    class Meta:
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:80]


class Consortium(TimeStampedModel):
    """Organisations that apply together to a call: a lead and its members."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="consortia")
    lead = models.ForeignKey(
        "directory.Organisation", verbose_name="chef de file", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("nom du consortium", max_length=150, validators=[validate_no_marking])
    members = models.ManyToManyField(
        "directory.Organisation", verbose_name="membres", through="ConsortiumMember", related_name="consortia"
    )

    class Meta:
        verbose_name = "consortium"
        verbose_name_plural = "consortiums"
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "lead"],
                name="one_consortium_per_lead",
                violation_error_message="Votre organisation mène déjà un consortium sur cet appel.",
            )
        ]

    def __str__(self):
        return self.name


class ConsortiumMember(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey("directory.Organisation", on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField("a accepté", default=False)

    class Meta:
        verbose_name = "membre du consortium"
        verbose_name_plural = "membres du consortium"
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "organisation"],
                name="unique_consortium_member",
                violation_error_message="Cette organisation fait déjà partie du consortium.",
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.consortium}"


class Response(TimeStampedModel):
    """An expression of interest or an application. Seen by its authors and the publisher only."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="opportunity_responses",
    )
    # Null once the author deleted their account: an organisation's response stays with the organisation.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="opportunity_responses",
    )
    consortium = models.ForeignKey(
        Consortium,
        verbose_name="consortium",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    kind = models.CharField("nature", max_length=16, choices=ResponseKind.choices, default=ResponseKind.INTEREST)
    message = models.TextField("message", validators=[validate_no_marking])
    contact_name = models.CharField("nom du contact", max_length=150, validators=[validate_no_marking])
    contact_email = models.EmailField("e-mail du contact")
    contact_phone = models.CharField("téléphone du contact", max_length=30, blank=True)
    status = models.CharField(
        "état", max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.RECEIVED, db_index=True
    )
    status_changed_at = models.DateTimeField("état modifié le", default=timezone.now)

    class Meta:
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"],
                condition=Q(organisation__isnull=False) & ~Q(status=ResponseStatus.WITHDRAWN),
                name="one_response_per_organisation",
                violation_error_message="Votre organisation a déjà répondu à cette opportunité.",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "author"],
                condition=Q(organisation__isnull=True) & ~Q(status=ResponseStatus.WITHDRAWN),
                name="one_personal_response",
                violation_error_message="Vous avez déjà répondu à cette opportunité.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.respondent_name}"

    def get_absolute_url(self):
        return reverse("opportunities:response", kwargs={"pk": self.pk})

    @property
    def respondent_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        if self.author is None:
            from synergies.accounts.services import DELETED_ACCOUNT_LABEL

            return DELETED_ACCOUNT_LABEL
        return self.author.get_full_name() or self.author.email


class Award(TimeStampedModel):
    """The outcome of an opportunity: who won, for how much, when. Feeds the convention's indicators."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="awards")
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="organisation retenue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    winner_name = models.CharField("lauréat", max_length=255, validators=[validate_no_marking])
    amount = models.PositiveBigIntegerField("montant (€)", null=True, blank=True)
    awarded_on = models.DateField("date d'attribution")

    class Meta:
        verbose_name = "attribution"
        verbose_name_plural = "attributions"
        ordering = ["awarded_on", "id"]

    def __str__(self):
        return f"{self.winner_name} — {self.opportunity}"


class OpportunityInvitation(TimeStampedModel):
    """An organisation invited to respond (« Inviter à répondre »): when, by whom, how many people
    the e-mail reached. One per organisation and opportunity."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="invitée par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField("destinataires de l'e-mail")

    class Meta:
        verbose_name = "invitation à répondre"
        verbose_name_plural = "invitations à répondre"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "organisation"], name="one_invitation_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation} invitée ({self.opportunity})"


class PartnerSearch(TimeStampedModel):
    """An organisation declares that it looks for partners on a call for projects."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="partner_searches")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="partner_searches"
    )
    message = models.TextField("ce que nous apportons, ce que nous cherchons", validators=[validate_no_marking])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "recherche de partenaires"
        verbose_name_plural = "recherches de partenaires"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"],
                name="one_partner_search_per_organisation",
                violation_error_message="Votre organisation cherche déjà des partenaires sur cet appel.",
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.opportunity}"


class PartnerMessage(TimeStampedModel):
    """A message between two organisations of a partner search, relayed by e-mail."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="partner_messages")
    sender = models.ForeignKey("directory.Organisation", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey("directory.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("message", validators=[validate_no_marking])

    class Meta:
        verbose_name = "message entre partenaires"
        verbose_name_plural = "messages entre partenaires"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.sender} → {self.recipient}"


class SavedSearch(TimeStampedModel):
    """A search of the opportunity list whose new results are e-mailed to its owner."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField("nom", max_length=120, validators=[validate_no_marking])
    params = models.JSONField("critères", default=dict, blank=True)
    frequency = models.CharField(
        "fréquence", max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    is_active = models.BooleanField("abonnement actif", default=True)
    last_sent_at = models.DateTimeField("dernier envoi", null=True, blank=True)

    class Meta:
        verbose_name = "recherche enregistrée"
        verbose_name_plural = "recherches enregistrées"
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def querystring(self) -> str:
        return urlencode(self.params, doseq=True)
