"""Partner employers: the commitments an organisation records (reserve convention, « partenaire de
la défense nationale » label, spouse-hiring pledge, internships for young people), the directory
badges that follow from those in force, the renewal reminders, the spouse hires reported."""

import datetime

from django.db import transaction
from django.utils import timezone

from synergies.accounts.enums import TerritoryRoleKind
from synergies.accounts.models import TerritoryRole
from synergies.accounts.selectors import acting_emails
from synergies.cohesion import perms
from synergies.cohesion.enums import CommitmentKind, CommitmentStage
from synergies.cohesion.models import EmployerCommitment, SpouseHire
from synergies.core import audit, mail
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse
from synergies.directory.models import Label, Organisation

# The directory badge that each kind of commitment in force gives (directory.taxonomy.LABELS).
LABEL_OF_KIND = {
    CommitmentKind.RESERVE_CONVENTION: "convention-reserve",
    CommitmentKind.DEFENCE_PARTNER_LABEL: "partenaire-defense-nationale",
    CommitmentKind.SPOUSE_PLEDGE: "engagement-conjoints",
    CommitmentKind.YOUTH_INTERNSHIPS: "stages-jeunesse",
}
RENEWAL_NOTICE = datetime.timedelta(days=90)
COMMITMENT_FIELDS = ("kind", "stage", "signed_on", "valid_until", "days_granted", "reactivity_clause", "places", "note")


def in_force(queryset=None, today=None):
    today = today or timezone.localdate()
    queryset = EmployerCommitment.objects.all() if queryset is None else queryset
    return queryset.filter(stage=CommitmentStage.SIGNED).exclude(valid_until__lt=today)


def labels_refresh(organisation, today=None) -> None:
    """The organisation's derived badges are exactly those of its commitments in force."""
    kinds = set(in_force(organisation.commitments.all(), today).values_list("kind", flat=True))
    labels = {label.slug: label for label in Label.objects.filter(slug__in=LABEL_OF_KIND.values())}
    wanted = {labels[LABEL_OF_KIND[kind]] for kind in kinds if LABEL_OF_KIND[kind] in labels}
    derived = set(labels.values())
    current = set(organisation.labels.filter(pk__in=[label.pk for label in derived]))
    if current - wanted:
        organisation.labels.remove(*(current - wanted))
    if wanted - current:
        organisation.labels.add(*(wanted - current))
    if current != wanted:
        from synergies.directory.services import organisation_reindex

        organisation_reindex([organisation])


@transaction.atomic
def commitment_save(*, actor, organisation, fields: dict, commitment: EmployerCommitment | None = None):
    if not perms.can_record_commitment(actor, organisation):
        raise ApplicationError("Seuls l'organisation et les coordinateurs du territoire enregistrent ses engagements.")
    if fields.get("stage") == CommitmentStage.SIGNED and not fields.get("signed_on"):
        raise ApplicationError("Indiquez la date de signature (ou d'attribution du label).")
    creating = commitment is None
    commitment = commitment or EmployerCommitment(
        organisation=organisation, territory=organisation.territory, recorded_by=actor
    )
    before = {name: getattr(commitment, name) for name in COMMITMENT_FIELDS}
    for name in COMMITMENT_FIELDS:
        if name in fields:
            setattr(commitment, name, fields[name])
    if commitment.valid_until != before["valid_until"]:
        commitment.renewal_reminded_at = None
    full_clean_or_refuse(commitment, exclude=["organisation", "territory", "recorded_by"])
    commitment.save()
    changes = (
        audit.model_changes(commitment, list(COMMITMENT_FIELDS), before)
        if not creating
        else {"kind": [None, commitment.kind]}
    )
    audit.record(
        actor=actor, action="commitment_saved", target=commitment, territory=organisation.territory, changes=changes
    )
    labels_refresh(organisation)
    return commitment


@transaction.atomic
def commitment_delete(*, actor, commitment: EmployerCommitment) -> None:
    organisation = commitment.organisation
    if not perms.can_record_commitment(actor, organisation):
        raise ApplicationError("Seuls l'organisation et les coordinateurs du territoire enregistrent ses engagements.")
    audit.record(
        actor=actor,
        action="commitment_deleted",
        target=commitment,
        territory=organisation.territory,
        changes={"kind": [commitment.kind, None]},
    )
    commitment.delete()
    labels_refresh(organisation)


@transaction.atomic
def spouse_hire_report(*, actor, organisation, hired_on: datetime.date, opportunity=None) -> SpouseHire:
    if not perms.acts_for_organisation(actor, organisation):
        raise ApplicationError("Seule l'organisation qui embauche déclare ses embauches.")
    if hired_on > timezone.localdate():
        raise ApplicationError("La date d'embauche est dans le futur.")
    if opportunity is not None and (
        opportunity.publisher_id != organisation.pk or not opportunity.open_to_military_spouses
    ):
        raise ApplicationError("Cette offre n'est pas une offre de l'organisation ouverte aux conjoints de militaires.")
    hire = SpouseHire.objects.create(
        organisation=organisation,
        territory=organisation.territory,
        opportunity=opportunity,
        hired_on=hired_on,
        reported_by=actor,
    )
    audit.record(actor=actor, action="spouse_hire_reported", target=organisation, territory=organisation.territory)
    return hire


def renewal_reminders_send(*, today=None) -> int:
    """Once per renewal date: the organisation and the coordinators hear RENEWAL_NOTICE before it;
    labels of commitments past their date are refreshed (they fall off the directory)."""
    today = today or timezone.localdate()
    due = EmployerCommitment.objects.filter(
        stage=CommitmentStage.SIGNED,
        valid_until__isnull=False,
        valid_until__lte=today + RENEWAL_NOTICE,
        valid_until__gte=today,
        renewal_reminded_at__isnull=True,
    ).select_related("organisation", "territory")
    sent = 0
    for commitment in due:
        coordinators = TerritoryRole.objects.filter(
            kind=TerritoryRoleKind.COORDINATOR, territory_id=commitment.territory_id, user__is_active=True
        ).values_list("user__email", flat=True)
        mail.send(
            subject=f"Engagement à renouveler avant le {commitment.valid_until:%d/%m/%Y} : {commitment.organisation.name}",
            template="cohesion/email/renewal.txt",
            context={
                "commitment": commitment,
                "url": mail.site_url("cohesion:employer", pk=commitment.organisation_id),
            },
            to=[
                *acting_emails(organisation_id=commitment.organisation_id, territory_id=commitment.territory_id),
                *coordinators,
            ],
        )
        commitment.renewal_reminded_at = timezone.now()
        commitment.save(update_fields=["renewal_reminded_at", "updated_at"])
        sent += 1
    expired = EmployerCommitment.objects.filter(
        stage=CommitmentStage.SIGNED, valid_until__lt=today, valid_until__gte=today - datetime.timedelta(days=7)
    )
    for organisation in Organisation.objects.filter(pk__in=expired.values("organisation_id")):
        labels_refresh(organisation, today)
    return sent
