import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from synergies.accounts.enums import InvitationKind, OrganisationRole, Party, TerritoryRoleKind
from synergies.core.marking import validate_no_marking
from synergies.core.models import TimeStampedModel
from synergies.core.text import de


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Logs in with an e-mail address; roles come from memberships and territory roles."""

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True, validators=[validate_no_marking])
    last_name = models.CharField("nom", max_length=150, blank=True, validators=[validate_no_marking])
    is_national_steering = models.BooleanField(
        "pilotage national",
        default=False,
        help_text="Lecture de tous les territoires (agents du ministère qui comparent les conventions).",
    )
    is_demo = models.BooleanField("compte de démonstration", default=False)
    # Secret inside the personal feed key (RSS, iCalendar); empty: no valid key. Regenerating it
    # invalidates every link given out before.
    feed_secret = models.CharField("secret de la clé de flux", max_length=32, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} <{self.email}>" if full_name else self.email


class OrganisationMembership(TimeStampedModel):
    user = models.ForeignKey(User, verbose_name="personne", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name="organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=16, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER)

    class Meta:
        verbose_name = "appartenance à une organisation"
        verbose_name_plural = "appartenances à une organisation"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="unique_membership",
                violation_error_message="Cette personne est déjà membre de cette organisation.",
            )
        ]

    def __str__(self):
        return f"{self.user.email} — {self.organisation} ({self.get_role_display()})"


class TerritoryRole(TimeStampedModel):
    """Defence agent (on behalf of one organisation) or coordinator (for one party) in a territory."""

    user = models.ForeignKey(User, verbose_name="personne", on_delete=models.CASCADE, related_name="territory_roles")
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField("rôle", max_length=32, choices=TerritoryRoleKind.choices)
    party = models.CharField("partie", max_length=16, choices=Party.choices, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name="pour le compte de",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agents",
    )
    granted_by = models.ForeignKey(
        User, verbose_name="accordé par", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "rôle dans un territoire"
        verbose_name_plural = "rôles dans les territoires"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "territory", "kind"],
                name="unique_territory_role",
                violation_error_message="Cette personne a déjà ce rôle dans ce territoire.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TerritoryRoleKind.COORDINATOR) | ~Q(party=""),
                name="coordinator_has_party",
                violation_error_message="Un coordinateur représente une partie : la Région ou l'État.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TerritoryRoleKind.DEFENCE_AGENT) | Q(organisation__isnull=False),
                name="defence_agent_has_organisation",
                violation_error_message="Un agent défense agit pour le compte d'une organisation.",
            ),
        ]

    def __str__(self):
        return f"{self.user.email} — {self.get_kind_display()} — {self.territory}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """An e-mailed offer of a role: membership of an organisation, or a role in a territory."""

    email = models.EmailField("adresse e-mail invitée")
    kind = models.CharField("type", max_length=16, choices=InvitationKind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name="organisation", null=True, blank=True, on_delete=models.CASCADE
    )
    territory = models.ForeignKey(
        "territories.Territory", verbose_name="territoire", null=True, blank=True, on_delete=models.CASCADE
    )
    organisation_role = models.CharField(
        "rôle dans l'organisation", max_length=16, choices=OrganisationRole.choices, blank=True
    )
    territory_role = models.CharField(
        "rôle dans le territoire", max_length=32, choices=TerritoryRoleKind.choices, blank=True
    )
    party = models.CharField("partie", max_length=16, choices=Party.choices, blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name="invité par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField("annulée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=InvitationKind.ORGANISATION, organisation__isnull=False) & ~Q(organisation_role=""))
                | (Q(kind=InvitationKind.TERRITORY, territory__isnull=False) & ~Q(territory_role="")),
                name="invitation_target_complete",
                violation_error_message="Une invitation désigne une organisation et un rôle, ou un territoire et un rôle.",
            )
        ]

    def __str__(self):
        return f"Invitation de {self.email} ({self.role_label})"

    @property
    def role_label(self) -> str:
        if self.kind == InvitationKind.ORGANISATION:
            return f"{self.get_organisation_role_display()} {de(self.organisation)}"
        label = f"{self.get_territory_role_display()} — {self.territory}"
        return f"{label} ({self.get_party_display()})" if self.party else label

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


def hash_token_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class ApiToken(TimeStampedModel):
    """A personal API key. Only its SHA-256 is stored; the key is shown once, at creation."""

    user = models.ForeignKey(User, verbose_name="personne", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nom", max_length=100, validators=[validate_no_marking])
    prefix = models.CharField("début de la clé", max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


API_TOKEN_PREFIX = "syn_"


def new_api_key() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)
