"""Writes of the opportunities app. Each one checks its rule, writes, and leaves an audit entry:
the audit entries of an opportunity or a response are its history."""

import datetime
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from synergies.core import audit
from synergies.core.documents import files_removed_on_error, validate_document
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse, refused_if_invalid
from synergies.core.tasks import enqueue_on_commit
from synergies.matching import services as matching_services
from synergies.opportunities import perms, selectors
from synergies.opportunities.enums import (
    PERSONAL_KINDS,
    OpportunityKind,
    OpportunityStatus,
)
from synergies.opportunities.models import (
    Attachment,
    Award,
    Opportunity,
    OpportunityInvitation,
    Question,
    Response,
)
from synergies.opportunities.workflow import (
    OPPORTUNITY_TRANSITIONS,
    RESPONSE_TRANSITIONS,
    WITHDRAW,
    can_be_awarded,
    is_editable,
)

OPPORTUNITY_FIELDS = [
    "kind",
    "contract_type",
    "reserve_type",
    "open_to_military_spouses",
    "title",
    "description",
    "objective",
    "place",
    "department",
    "opens_on",
    "deadline",
    "budget_min",
    "budget_max",
    "visibility",
]
MAX_ATTACHMENTS = 10


# --- Opportunities ----------------------------------------------------------------------------


def _check_opportunity(opportunity: Opportunity, *, actor) -> None:
    """The rules between fields, with French messages; field rules are in the model."""
    kind = opportunity.kind
    if kind != OpportunityKind.RECRUITMENT:
        opportunity.contract_type = ""
    elif not opportunity.contract_type:
        raise ApplicationError("Précisez le type de contrat de l'offre (emploi, stage ou alternance).")
    if kind != OpportunityKind.RESERVE_MISSION:
        opportunity.reserve_type = ""
    elif not opportunity.reserve_type:
        raise ApplicationError("Précisez la réserve de la mission (opérationnelle ou citoyenne).")
    if kind not in (OpportunityKind.RECRUITMENT, OpportunityKind.RESERVE_MISSION):
        opportunity.open_to_military_spouses = False
    if opportunity.department and opportunity.department not in opportunity.territory.department_codes:
        raise ApplicationError(
            f"Le département « {opportunity.department} » n'appartient pas au territoire {opportunity.territory}."
        )
    if opportunity.objective_id and opportunity.objective.convention.territory_id != opportunity.territory_id:
        raise ApplicationError("Cet objectif appartient à la convention d'un autre territoire.")
    if opportunity.deadline and opportunity.opens_on and opportunity.deadline.date() < opportunity.opens_on:
        raise ApplicationError("La date limite précède la date d'ouverture.")
    if not selectors.publisher_choices(actor, opportunity.territory).filter(pk=opportunity.publisher_id).exists():
        raise ApplicationError("Vous ne pouvez pas publier au nom de cette organisation.")


def _checked_files(uploaded_files, *, already: int = 0) -> list:
    """(file, kind) of each upload after the guardrails (size, type by content, marking): run before
    anything is written, so that a refused file leaves nothing half-written."""
    if already + len(uploaded_files) > MAX_ATTACHMENTS:
        raise ApplicationError(f"{MAX_ATTACHMENTS} pièces jointes au plus.")
    checked = []
    for uploaded_file in uploaded_files:
        with refused_if_invalid(field="files"):
            checked.append((uploaded_file, validate_document(uploaded_file)))
    return checked


def _attach(*, actor, checked_files, stored: list, opportunity=None, response=None) -> list[Attachment]:
    attachments = []
    for uploaded_file, kind in checked_files:
        attachment = Attachment(
            opportunity=opportunity,
            response=response,
            original_name=Path(uploaded_file.name).name[:255],
            content_type=kind.content_type,
            size=uploaded_file.size,
            uploaded_by=actor,
        )
        stem = slugify(Path(uploaded_file.name).stem)[:60] or "piece-jointe"
        attachment.file.save(f"{stem}{kind.extensions[0]}", uploaded_file, save=False)
        stored.append(attachment.file)
        attachment.save()
        attachments.append(attachment)
    return attachments


def _set_relations(opportunity, *, capabilities, certifications, restricted_to) -> None:
    opportunity.capabilities.set(capabilities)
    opportunity.certifications.set(certifications)
    opportunity.restricted_to.set(restricted_to)
    opportunity.search_document = selectors.search_document(opportunity, opportunity.capabilities.all())
    opportunity.save(update_fields=["search_document"])
    matching_services.schedule_refresh(kind="opportunity", ids=[opportunity.pk])


def opportunity_create(
    *,
    actor,
    territory,
    publisher,
    fields: dict,
    capabilities=(),
    certifications=(),
    restricted_to=(),
    files=(),
    publish: bool = False,
) -> Opportunity:
    """A new opportunity, as a draft (or published at once when `publish`)."""
    if not perms.can_publish(actor, territory):
        raise ApplicationError("Vous ne pouvez pas publier d'opportunité sur ce territoire.")
    checked = _checked_files(list(files))
    with files_removed_on_error() as stored, transaction.atomic():
        opportunity = Opportunity(territory=territory, publisher=publisher, created_by=actor)
        for name in OPPORTUNITY_FIELDS:
            if name in fields:
                setattr(opportunity, name, fields[name])
        _check_opportunity(opportunity, actor=actor)
        full_clean_or_refuse(opportunity)
        opportunity.save()
        _set_relations(
            opportunity, capabilities=capabilities, certifications=certifications, restricted_to=restricted_to
        )
        _attach(actor=actor, checked_files=checked, stored=stored, opportunity=opportunity)
        audit.record(
            actor=actor,
            action="created",
            target=opportunity,
            territory=territory,
            changes={"kind": opportunity.kind, "publisher": publisher, "files": [f.name for f, _ in checked]},
        )
        if publish:
            opportunity_transition(actor=actor, opportunity=opportunity, name="publish")
    return opportunity


def opportunity_update(
    *,
    actor,
    opportunity: Opportunity,
    fields: dict,
    capabilities=None,
    certifications=None,
    restricted_to=None,
    files=(),
) -> Opportunity:
    if not perms.can_manage(actor, opportunity):
        raise ApplicationError("Vous ne pouvez pas modifier cette opportunité.")
    if not is_editable(opportunity.status):
        raise ApplicationError(f"Une opportunité {opportunity.get_status_display()} ne se modifie plus.")
    checked = _checked_files(list(files), already=opportunity.attachments.count())
    before = audit.snapshot(opportunity, OPPORTUNITY_FIELDS)
    with files_removed_on_error() as stored, transaction.atomic():
        for name in OPPORTUNITY_FIELDS:
            if name in fields:
                setattr(opportunity, name, fields[name])
        if "publisher" in fields:
            opportunity.publisher = fields["publisher"]
        _check_opportunity(opportunity, actor=actor)
        if opportunity.status == OpportunityStatus.PUBLISHED and opportunity.deadline <= timezone.now():
            raise ApplicationError("La date limite d'une opportunité publiée doit être dans le futur.")
        full_clean_or_refuse(opportunity)
        opportunity.save()
        _set_relations(
            opportunity,
            capabilities=opportunity.capabilities.all() if capabilities is None else capabilities,
            certifications=opportunity.certifications.all() if certifications is None else certifications,
            restricted_to=opportunity.restricted_to.all() if restricted_to is None else restricted_to,
        )
        _attach(actor=actor, checked_files=checked, stored=stored, opportunity=opportunity)
        changes = audit.model_changes(opportunity, OPPORTUNITY_FIELDS, before)
        if checked:
            changes["files"] = [f.name for f, _ in checked]
        audit.record(
            actor=actor, action="updated", target=opportunity, territory=opportunity.territory, changes=changes
        )
    return opportunity


@transaction.atomic
def opportunity_transition(*, actor, opportunity: Opportunity, name: str, note: str = "") -> Opportunity:
    """Publish, close, classify without follow-up or cancel (award: opportunity_award)."""
    transition = OPPORTUNITY_TRANSITIONS.get(name)
    if transition is None or name == "award":
        raise ApplicationError("Action inconnue.")
    if actor is not None and not perms.can_manage(actor, opportunity):
        raise ApplicationError("Vous ne pouvez pas changer l'état de cette opportunité.")
    current = opportunity.effective_status
    if current not in transition.sources:
        raise ApplicationError(
            f"Impossible de « {transition.label.lower()} » une opportunité {OpportunityStatus(current).label}."
        )
    now = timezone.now()
    if name == "publish":
        if opportunity.deadline <= now:
            raise ApplicationError("La date limite est passée : choisissez une date limite future avant de publier.")
        opportunity.published_at = now
    if transition.target == OpportunityStatus.CLOSED:
        opportunity.closed_at = now
    elif opportunity.status == OpportunityStatus.PUBLISHED and opportunity.closed_at is None:
        opportunity.closed_at = min(now, opportunity.deadline)
    if note:
        opportunity.outcome_note = note
    previous = opportunity.status
    opportunity.status = transition.target
    full_clean_or_refuse(opportunity)
    opportunity.save()
    audit.record(
        actor=actor,
        action=name,
        target=opportunity,
        territory=opportunity.territory,
        changes={"status": [previous, opportunity.status], **({"note": note} if note else {})},
    )
    return opportunity


def opportunities_close_expired(*, now=None) -> int:
    """Close every published opportunity whose deadline has passed (the scheduled task). Idempotent."""
    now = now or timezone.now()
    closed = 0
    for opportunity in Opportunity.objects.past_deadline(now).select_related("territory"):
        with transaction.atomic():
            opportunity.status = OpportunityStatus.CLOSED
            opportunity.closed_at = opportunity.deadline
            opportunity.save(update_fields=["status", "closed_at", "updated_at"])
            audit.record(
                actor=None,
                action="closed_at_deadline",
                target=opportunity,
                territory=opportunity.territory,
                changes={"status": [OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED]},
            )
        closed += 1
    return closed


@transaction.atomic
def opportunity_award(
    *, actor, opportunity: Opportunity, winners: list[dict], awarded_on: datetime.date, note: str = ""
) -> list[Award]:
    """Record the outcome: who won (an organisation of the directory or a name), the amount, the date."""
    if not perms.can_manage(actor, opportunity):
        raise ApplicationError("Vous ne pouvez pas enregistrer le résultat de cette opportunité.")
    if not can_be_awarded(opportunity.effective_status):
        raise ApplicationError(
            f"Le résultat d'une opportunité {opportunity.effective_status_label} ne peut pas être enregistré."
        )
    if opportunity.effective_status != OpportunityStatus.CLOSED:
        raise ApplicationError("Le résultat s'enregistre après la date limite ou la clôture de l'opportunité.")
    if not winners:
        raise ApplicationError("Indiquez au moins un lauréat.")
    if awarded_on > timezone.localdate():
        raise ApplicationError("La date d'attribution ne peut pas être dans le futur.")
    if awarded_on < opportunity.opens_on:
        raise ApplicationError("La date d'attribution précède l'ouverture de l'opportunité.")
    awards = []
    for winner in winners:
        organisation = winner.get("organisation")
        name = (winner.get("name") or (organisation.name if organisation else "")).strip()
        if not name:
            raise ApplicationError("Chaque lauréat a un nom ou une organisation de l'annuaire.")
        amount = winner.get("amount")
        if amount is not None and amount < 0:
            raise ApplicationError("Le montant ne peut pas être négatif.")
        award = Award(
            opportunity=opportunity, organisation=organisation, winner_name=name, amount=amount, awarded_on=awarded_on
        )
        full_clean_or_refuse(award)
        award.save()
        awards.append(award)
    previous = opportunity.status
    opportunity.status = OpportunityStatus.AWARDED
    opportunity.closed_at = opportunity.closed_at or min(timezone.now(), opportunity.deadline)
    opportunity.outcome_note = note
    full_clean_or_refuse(opportunity)
    opportunity.save()
    audit.record(
        actor=actor,
        action="award",
        target=opportunity,
        territory=opportunity.territory,
        changes={
            "status": [previous, opportunity.status],
            "winners": [{"name": a.winner_name, "amount": a.amount} for a in awards],
            "awarded_on": awarded_on.isoformat(),
        },
    )
    return awards


def attachment_delete(*, actor, attachment: Attachment) -> None:
    opportunity = attachment.opportunity
    if opportunity is None or not perms.can_manage(actor, opportunity):
        raise ApplicationError("Vous ne pouvez pas retirer cette pièce jointe.")
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="attachment_removed",
            target=opportunity,
            territory=opportunity.territory,
            changes={"file": attachment.original_name},
        )
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
@transaction.atomic
def opportunity_invite(*, actor, opportunity: Opportunity, organisation) -> OpportunityInvitation:
    """Invite an organisation that the matching proposes to respond: an e-mail to its members and
    public contacts, recorded on the opportunity. Refused when nobody could receive it."""
    from synergies.opportunities.notifications import invitation_recipients

    if not perms.can_manage(actor, opportunity):
        raise ApplicationError("Vous ne pouvez pas inviter d'organisation sur cette opportunité.")
    if not opportunity.is_open:
        raise ApplicationError("L'opportunité n'est plus ouverte : aucune invitation ne peut partir.")
    earlier = opportunity.invitations.filter(organisation=organisation).first()
    if earlier is not None:
        raise ApplicationError(f"« {organisation.name} » a déjà été invitée, le {earlier.created_at:%d/%m/%Y}.")
    recipients = invitation_recipients(organisation)
    if not recipients:
        raise ApplicationError(
            f"« {organisation.name} » n'a ni membre sur Synergies ni contact public : l'invitation ne "
            "parviendrait à personne. Contactez-la directement (coordonnées de sa fiche), ou demandez à un "
            "coordinateur du territoire d'inviter l'un de ses membres sur la plateforme."
        )
    invitation = OpportunityInvitation.objects.create(
        opportunity=opportunity, organisation=organisation, invited_by=actor, recipients=len(recipients)
    )
    audit.record(
        actor=actor,
        action="organisation_invited",
        target=opportunity,
        territory=opportunity.territory,
        changes={"organisation": organisation},
    )
    from synergies.opportunities.tasks import send_invitation_email

    enqueue_on_commit(send_invitation_email, opportunity_id=opportunity.pk, organisation_id=organisation.pk)
    return invitation


# --- Questions ------------------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, actor, opportunity: Opportunity, text: str) -> Question:
    if not perms.can_ask_question(actor, opportunity):
        raise ApplicationError("Les questions sont fermées sur cette opportunité.")
    question = Question(opportunity=opportunity, asked_by=actor, text=text.strip())
    full_clean_or_refuse(question)
    question.save()
    audit.record(actor=actor, action="question_asked", target=opportunity, territory=opportunity.territory)
    from synergies.opportunities.tasks import send_question_email

    enqueue_on_commit(send_question_email, question_id=question.pk)
    return question


@transaction.atomic
def question_publish(*, actor, opportunity: Opportunity, text: str, answer: str) -> Question:
    """The publisher adds a question people are likely to ask, with its answer, for everyone to read."""
    if not perms.can_manage(actor, opportunity):
        raise ApplicationError("Seuls ceux qui gèrent l'opportunité publient ses questions fréquentes.")
    now = timezone.now()
    question = Question(
        opportunity=opportunity,
        asked_by=actor,
        text=(text or "").strip(),
        answer=(answer or "").strip(),
        answered_by=actor,
        answered_at=now,
    )
    full_clean_or_refuse(question)
    if not question.answer:
        raise ApplicationError("La réponse est vide.")
    question.save()
    audit.record(actor=actor, action="question_published", target=opportunity, territory=opportunity.territory)
    return question


@transaction.atomic
def question_answer(*, actor, question: Question, answer: str) -> Question:
    opportunity = question.opportunity
    if not perms.can_manage(actor, opportunity):
        raise ApplicationError("Vous ne pouvez pas répondre aux questions de cette opportunité.")
    if question.answer:
        raise ApplicationError("Cette question a déjà reçu une réponse, visible de tous.")
    question.answer = answer.strip()
    question.answered_by = actor
    question.answered_at = timezone.now()
    full_clean_or_refuse(question)
    if not question.answer:
        raise ApplicationError("La réponse est vide.")
    question.save()
    audit.record(actor=actor, action="question_answered", target=opportunity, territory=opportunity.territory)
    from synergies.opportunities.tasks import send_answer_email

    enqueue_on_commit(send_answer_email, question_id=question.pk)
    return question


# --- Responses ------------------------------------------------------------------------------------


def response_create(
    *,
    actor,
    opportunity: Opportunity,
    organisation=None,
    kind: str,
    message: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    consortium=None,
    files=(),
) -> Response:
    """An expression of interest or an application, on behalf of an organisation (or of oneself for
    a job or a reserve mission)."""
    if not opportunity.is_open:
        raise ApplicationError(
            f"Cette opportunité est {opportunity.effective_status_label} : elle ne reçoit plus de réponse "
            f"(date limite : {timezone.localtime(opportunity.deadline):%d/%m/%Y à %H:%M})."
        )
    if not perms.can_respond(actor, opportunity):
        raise ApplicationError(
            "Pour répondre, vous devez être membre d'une organisation de l'annuaire : revendiquez d'abord son profil."
        )
    if opportunity.kind in PERSONAL_KINDS:
        organisation = None
    elif organisation is None or organisation.pk not in perms.responding_organisation_ids(actor, opportunity):
        raise ApplicationError("Choisissez une organisation dont vous êtes membre pour répondre.")
    if consortium is not None and (
        consortium.opportunity_id != opportunity.pk or consortium.lead_id != organisation.pk
    ):
        raise ApplicationError("Seul le chef de file d'un consortium de cet appel répond en son nom.")
    organisation_ids = {organisation.pk} if organisation else set()
    if selectors.own_response(actor, opportunity, organisation_ids) is not None:
        raise ApplicationError(
            "Votre organisation a déjà répondu à cette opportunité."
            if organisation
            else "Vous avez déjà répondu à cette opportunité."
        )
    checked = _checked_files(list(files))
    try:
        with files_removed_on_error() as stored, transaction.atomic():
            response = Response(
                opportunity=opportunity,
                organisation=organisation,
                author=actor,
                consortium=consortium,
                kind=kind,
                message=message.strip(),
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip(),
                contact_phone=contact_phone.strip(),
            )
            full_clean_or_refuse(response)
            response.save()
            _attach(actor=actor, checked_files=checked, stored=stored, response=response)
            audit.record(
                actor=actor,
                action="response_sent",
                target=response,
                territory=opportunity.territory,
                changes={"kind": kind, "organisation": organisation, "files": [f.name for f, _ in checked]},
            )
    except IntegrityError as exc:  # two requests at once: the database constraint decides
        raise ApplicationError("Votre organisation a déjà répondu à cette opportunité.") from exc
    from synergies.opportunities.tasks import send_response_received_email

    enqueue_on_commit(send_response_received_email, response_id=response.pk)
    return response


def _response_status(*, actor, response: Response, transition) -> Response:
    if response.status not in transition.sources:
        raise ApplicationError(
            f"Une réponse {response.get_status_display()} ne peut pas passer à l'état « {transition.target.label} »."
        )
    previous = response.status
    with transaction.atomic():
        response.status = transition.target
        response.status_changed_at = timezone.now()
        response.save(update_fields=["status", "status_changed_at", "updated_at"])
        audit.record(
            actor=actor,
            action=f"response_{transition.name}",
            target=response,
            territory=response.opportunity.territory,
            changes={"status": [previous, response.status]},
        )
    return response


def response_transition(*, actor, response: Response, name: str) -> Response:
    """The publisher moves a response along (received → under review → shortlisted → accepted / declined);
    the respondent is told by e-mail."""
    transition = RESPONSE_TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError("Action inconnue.")
    if not perms.can_review_responses(actor, response.opportunity):
        raise ApplicationError("Seul l'organisme qui a publié l'opportunité examine ses réponses.")
    if response.opportunity.status == OpportunityStatus.CANCELLED:
        raise ApplicationError("L'opportunité est annulée.")
    _response_status(actor=actor, response=response, transition=transition)
    from synergies.opportunities.tasks import send_response_status_email

    enqueue_on_commit(send_response_status_email, response_id=response.pk)
    return response


def response_withdraw(*, actor, response: Response) -> Response:
    if not perms.can_withdraw(actor, response):
        raise ApplicationError("Seuls les auteurs d'une réponse peuvent la retirer.")
    return _response_status(actor=actor, response=response, transition=WITHDRAW)
