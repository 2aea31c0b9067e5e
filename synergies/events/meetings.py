"""Writes of the B2B meetings of an event: slots and tables, offers and requests, meeting requests
(accept, decline, expire), the automatic placement and the organiser's hand placement, outcomes.

A participant is a confirmed registration with an account: the person acts from their account.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from synergies.core import audit
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse
from synergies.core.tasks import enqueue_on_commit
from synergies.events import meeting_scheduler, perms
from synergies.events.enums import MeetingFollowUp, MeetingOutcome, MeetingStatus, RegistrationStatus
from synergies.events.models import Event, MarketplaceItem, MeetingRequest, MeetingSlot, Registration

M = MeetingStatus
MAX_SLOTS = 200
ITEM_FIELDS = ("kind", "title", "description", "opportunity")


def _notify(meeting: MeetingRequest, step: str) -> None:
    from synergies.events.tasks import send_meeting_email

    enqueue_on_commit(send_meeting_email, meeting_id=meeting.pk, step=step)


def participant_of(user, event: Event) -> Registration | None:
    """The user's confirmed registration to the event, with which they take part in the meetings."""
    if not getattr(user, "is_authenticated", False):
        return None
    return event.registrations.filter(user=user, status=RegistrationStatus.CONFIRMED).first()


def _require_open(event: Event) -> None:
    if not event.meetings_open:
        raise ApplicationError("Cet événement n'ouvre pas de rendez-vous d'affaires.")
    if event.is_cancelled:
        raise ApplicationError("Cet événement est annulé.")


# ── Slots ─────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def slots_add(*, actor, event: Event, starts_at, ends_at, minutes: int, tables: int) -> list[MeetingSlot]:
    """A block of meetings: from `starts_at` to `ends_at`, slots of `minutes`, each with `tables` tables."""
    if not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs préparent les créneaux de rendez-vous.")
    if not 5 <= minutes <= 240:
        raise ApplicationError("Un créneau dure de 5 à 240 minutes.")
    if not 1 <= tables <= 500:
        raise ApplicationError("De 1 à 500 tables.")
    if ends_at <= starts_at:
        raise ApplicationError("La fin du bloc de rendez-vous doit suivre son début.")
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ApplicationError("Les rendez-vous se tiennent pendant l'événement.")
    step = datetime.timedelta(minutes=minutes)
    created, start = [], starts_at
    while start + step <= ends_at:
        created.append(MeetingSlot(event=event, starts_at=start, ends_at=start + step, tables=tables))
        start += step
    if not created:
        raise ApplicationError("Le bloc est plus court qu'un créneau.")
    if event.meeting_slots.count() + len(created) > MAX_SLOTS:
        raise ApplicationError(f"{MAX_SLOTS} créneaux au plus par événement.")
    overlapping = event.meeting_slots.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).count()
    if overlapping:
        raise ApplicationError(f"{overlapping} créneau(x) existant(s) chevauchent ce bloc : retirez-les d'abord.")
    MeetingSlot.objects.bulk_create(created)
    audit.record(
        actor=actor,
        action="meeting_slots_added",
        target=event,
        territory=event.territory,
        changes={"slots": len(created)},
    )
    return created


@transaction.atomic
def unavailability_set(*, actor, event: Event, slots) -> Registration:
    participant = participant_of(actor, event)
    if participant is None:
        raise ApplicationError("Seuls les participants confirmés indiquent leurs indisponibilités.")
    slots = [s for s in slots if s.event_id == event.pk]
    participant.unavailable_slots.set(slots)
    return participant


# ── Offers and requests ───────────────────────────────────────────────────────────────────────────


@transaction.atomic
def item_save(*, actor, event: Event, fields: dict, item: MarketplaceItem | None = None) -> MarketplaceItem:
    _require_open(event)
    participant = participant_of(actor, event)
    if participant is None or (item is not None and item.registration_id != participant.pk):
        raise ApplicationError("Seuls les participants confirmés publient leurs offres et demandes.")
    item = item or MarketplaceItem(registration=participant)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    if item.opportunity_id:
        from synergies.opportunities.selectors import opportunities_visible_to

        visible = opportunities_visible_to(actor).filter(pk=item.opportunity_id, territory_id=event.territory_id)
        if not visible.exists():
            raise ApplicationError("L'opportunité liée doit être une opportunité du territoire que vous pouvez voir.")
    full_clean_or_refuse(item)
    item.save()
    audit.record(actor=actor, action="marketplace_item_saved", target=event, territory=event.territory)
    return item


@transaction.atomic
def item_remove(*, actor, item: MarketplaceItem) -> None:
    if item.registration.user_id != getattr(actor, "pk", None):
        raise ApplicationError("Seul son auteur retire une offre ou une demande.")
    item.delete()


# ── Meeting requests ──────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def meeting_request(*, actor, event: Event, requested: Registration, note: str = "", now=None) -> MeetingRequest:
    _require_open(event)
    now = now or timezone.now()
    requester = participant_of(actor, event)
    if requester is None:
        raise ApplicationError("Seuls les participants confirmés demandent des rendez-vous.")
    if requested.event_id != event.pk or requested.status != RegistrationStatus.CONFIRMED or requested.user_id is None:
        raise ApplicationError("Cette personne ne participe pas aux rendez-vous de cet événement.")
    if requested.pk == requester.pk:
        raise ApplicationError("On ne se demande pas un rendez-vous à soi-même.")
    if now >= event.ends_at:
        raise ApplicationError("L'événement est terminé.")
    pair = Q(requester=requester, requested=requested) | Q(requester=requested, requested=requester)
    if event.meetings.open().filter(pair).exists():
        raise ApplicationError(f"Un rendez-vous avec {requested.name} est déjà demandé ou accepté.")
    pending = event.meetings.filter(requester=requester, status=M.PENDING).count()
    if pending >= event.max_open_meeting_requests:
        raise ApplicationError(
            f"Vous avez déjà {pending} demandes sans réponse (au plus {event.max_open_meeting_requests}) : "
            "attendez des réponses ou annulez-en."
        )
    meeting = MeetingRequest(
        event=event,
        requester=requester,
        requested=requested,
        note=(note or "").strip(),
        expires_at=min(now + datetime.timedelta(hours=event.meeting_request_hours), event.ends_at),
    )
    full_clean_or_refuse(meeting)
    meeting.save()
    audit.record(actor=actor, action="meeting_requested", target=meeting, territory=event.territory)
    _notify(meeting, "requested")
    return meeting


@transaction.atomic
def meeting_answer(
    *, actor, meeting: MeetingRequest, accept: bool, proposed_slot: MeetingSlot | None = None, now=None
) -> MeetingRequest:
    """The person asked accepts (possibly proposing the slot that suits them, which the placement
    favours) or declines (no reason required)."""
    now = now or timezone.now()
    meeting = MeetingRequest.objects.select_for_update().select_related("requested", "event").get(pk=meeting.pk)
    if meeting.requested.user_id != getattr(actor, "pk", None):
        raise ApplicationError("Seule la personne sollicitée répond à cette demande.")
    if meeting.status != M.PENDING:
        raise ApplicationError(f"Cette demande est « {meeting.get_status_display()} ».")
    if proposed_slot is not None and (not accept or proposed_slot.event_id != meeting.event_id):
        raise ApplicationError("Proposez un créneau de cet événement en acceptant.")
    meeting.status = M.ACCEPTED if accept else M.DECLINED
    meeting.decided_at = now
    meeting.expires_at = None
    meeting.proposed_slot = proposed_slot
    meeting.save(update_fields=["status", "decided_at", "expires_at", "proposed_slot", "updated_at"])
    audit.record(
        actor=actor,
        action="meeting_accepted" if accept else "meeting_declined",
        target=meeting,
        territory=meeting.event.territory,
    )
    _notify(meeting, "accepted" if accept else "declined")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: MeetingRequest) -> MeetingRequest:
    """Either person cancels a request or an accepted meeting: its slot and table are freed."""
    meeting = (
        MeetingRequest.objects.select_for_update().select_related("requester", "requested", "event").get(pk=meeting.pk)
    )
    if getattr(actor, "pk", None) not in (meeting.requester.user_id, meeting.requested.user_id):
        raise ApplicationError("Seules les deux personnes du rendez-vous l'annulent.")
    if meeting.status not in (M.PENDING, M.ACCEPTED):
        raise ApplicationError(f"Cette demande est déjà « {meeting.get_status_display()} ».")
    was_placed = meeting.slot_id is not None
    meeting.status = M.CANCELLED
    meeting.slot, meeting.table, meeting.placed_by_hand = None, None, False
    meeting.sequence += 1
    meeting.save()
    audit.record(actor=actor, action="meeting_cancelled", target=meeting, territory=meeting.event.territory)
    _notify(meeting, "cancelled" if was_placed else "withdrawn")
    return meeting


def meeting_requests_expire(*, now=None) -> int:
    """Scheduler: a request left unanswered lapses, so that it never blocks anyone's slots."""
    now = now or timezone.now()
    lapsed = list(MeetingRequest.objects.filter(status=M.PENDING, expires_at__lte=now))
    for meeting in lapsed:
        MeetingRequest.objects.filter(pk=meeting.pk, status=M.PENDING).update(status=M.EXPIRED, updated_at=now)
        _notify(meeting, "expired")
    return len(lapsed)


# ── Placement ─────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def meetings_schedule(*, actor, event: Event) -> meeting_scheduler.Placement:
    """Place every accepted meeting (the organiser may run it again; hand placements stay)."""
    if not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs placent les rendez-vous.")
    event = Event.objects.select_for_update().get(pk=event.pk)
    slots = {s.pk: s for s in event.meeting_slots.all()}
    if not slots:
        raise ApplicationError("Préparez d'abord les créneaux et les tables.")
    accepted = list(event.meetings.filter(status=M.ACCEPTED).select_related("requester", "requested"))
    unavailable: dict[int, set[int]] = {}
    through = Registration.unavailable_slots.through
    for row in through.objects.filter(registration__event=event).values("registration_id", "meetingslot_id"):
        unavailable.setdefault(row["registration_id"], set()).add(row["meetingslot_id"])
    to_place = [
        meeting_scheduler.MeetingToPlace(
            key=m.pk,
            people=(m.requester_id, m.requested_id),
            pinned_slot=m.slot_id if m.placed_by_hand else None,
            pinned_table=m.table if m.placed_by_hand else None,
            preferred_slot=m.proposed_slot_id,
        )
        for m in accepted
    ]
    placement = meeting_scheduler.schedule(
        to_place,
        {pk: slot.tables for pk, slot in slots.items()},
        unavailable,
        previous={m.pk: m.slot_id for m in accepted if m.slot_id},
    )
    changed = []
    for meeting in accepted:
        slot_id, table = placement.slots.get(meeting.pk), placement.tables.get(meeting.pk)
        if (meeting.slot_id, meeting.table) != (slot_id, table):
            meeting.slot_id, meeting.table = slot_id, table
            meeting.sequence += 1
            changed.append(meeting)
    # Free every changed meeting's table first, so that two meetings may swap tables.
    MeetingRequest.objects.filter(pk__in=[m.pk for m in changed]).update(slot=None, table=None)
    MeetingRequest.objects.bulk_update(changed, ["slot", "table", "sequence"])
    audit.record(
        actor=actor,
        action="meetings_scheduled",
        target=event,
        territory=event.territory,
        changes={"placed": len(placement.slots), "unscheduled": len(placement.unscheduled), "moved": len(changed)},
    )
    for meeting in changed:
        _notify(meeting, "scheduled" if meeting.slot_id else "unscheduled")
    return placement


@transaction.atomic
def meeting_place(*, actor, meeting: MeetingRequest, slot: MeetingSlot | None, table: int | None) -> MeetingRequest:
    """The organiser places (or takes out) one accepted meeting by hand; the scheduler keeps it there."""
    meeting = MeetingRequest.objects.select_for_update().select_related("event").get(pk=meeting.pk)
    if not perms.is_organiser(actor, meeting.event):
        raise ApplicationError("Seuls les organisateurs placent les rendez-vous.")
    if meeting.status != M.ACCEPTED:
        raise ApplicationError("Seul un rendez-vous accepté se place.")
    if slot is not None:
        if slot.event_id != meeting.event_id:
            raise ApplicationError("Ce créneau n'est pas celui de cet événement.")
        if table is None or not 1 <= table <= slot.tables:
            raise ApplicationError(f"Choisissez une table de 1 à {slot.tables}.")
        people = (meeting.requester_id, meeting.requested_id)
        busy = (
            slot.meetings.exclude(pk=meeting.pk)
            .filter(Q(requester_id__in=people) | Q(requested_id__in=people))
            .exists()
        )
        if busy:
            raise ApplicationError("L'une des deux personnes a déjà un rendez-vous à ce créneau.")
        if slot.meetings.exclude(pk=meeting.pk).filter(table=table).exists():
            raise ApplicationError(f"La table {table} est déjà prise à ce créneau.")
        if Registration.unavailable_slots.through.objects.filter(
            registration_id__in=people, meetingslot_id=slot.pk
        ).exists():
            raise ApplicationError("L'une des deux personnes s'est dite indisponible à ce créneau.")
    meeting.slot, meeting.table = slot, table if slot is not None else None
    meeting.placed_by_hand = slot is not None
    meeting.sequence += 1
    meeting.save()
    audit.record(actor=actor, action="meeting_placed", target=meeting, territory=meeting.event.territory)
    _notify(meeting, "scheduled" if slot else "unscheduled")
    return meeting


# ── Outcomes ──────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def meeting_report(
    *, actor, meeting: MeetingRequest, outcome: str = "", follow_up: str = "", now=None
) -> MeetingRequest:
    """Either person reports: right after the meeting (`outcome`), about six months later (`follow_up`)."""
    now = now or timezone.now()
    if getattr(actor, "pk", None) not in (meeting.requester.user_id, meeting.requested.user_id):
        raise ApplicationError("Seules les deux personnes du rendez-vous en font le bilan.")
    if meeting.status != M.ACCEPTED or meeting.slot_id is None or meeting.slot.starts_at > now:
        raise ApplicationError("Le bilan se fait après un rendez-vous placé.")
    if outcome:
        if outcome not in MeetingOutcome.values:
            raise ApplicationError("Bilan inconnu.")
        meeting.outcome, meeting.outcome_at = outcome, now
    if follow_up:
        if follow_up not in MeetingFollowUp.values:
            raise ApplicationError("Suite inconnue.")
        meeting.follow_up, meeting.follow_up_at = follow_up, now
    meeting.save()
    audit.record(
        actor=actor,
        action="meeting_reported",
        target=meeting,
        territory=meeting.event.territory,
        changes={k: [None, v] for k, v in (("outcome", outcome), ("follow_up", follow_up)) if v},
    )
    return meeting
