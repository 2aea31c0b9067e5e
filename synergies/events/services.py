"""Writes of the events app: events (publish, change, cancel), registrations with moderation and a
waiting list, check-in, reminders.

Seats are counted with the event's row locked (select_for_update; on SQLite the IMMEDIATE transaction
takes the write lock first), so that two people never take the last seat together.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from synergies.core import audit
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse
from synergies.core.tasks import enqueue_on_commit
from synergies.directory.models import Organisation
from synergies.events import perms
from synergies.events.enums import ACTIVE_STATUSES, Attendance, RegistrationStatus
from synergies.events.models import Event, EventSession, Registration, ReminderDelivery, ReminderRule
from synergies.events.workflow import CANCEL_SOURCES, EXPIRE_OFFER_SOURCES, ORGANISER, TRANSITIONS

S = RegistrationStatus

EVENT_FIELDS = (
    "kind",
    "objective",
    "title",
    "summary",
    "description",
    "venue",
    "city",
    "department",
    "latitude",
    "longitude",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "per_organisation_cap",
    "reserved_sme_seats",
    "registration_opens_at",
    "registration_closes_at",
    "moderated",
    "questions",
    "contact_email",
    "visibility",
    "meetings_open",
    "meeting_request_hours",
    "max_open_meeting_requests",
)
# A change of these reaches every attendee's calendar (SEQUENCE + 1, METHOD:REQUEST again).
CALENDAR_FIELDS = ("title", "venue", "city", "online_url", "starts_at", "ends_at")
MAX_QUESTIONS = 5
SELF_CHECKIN_EARLY = datetime.timedelta(hours=1)


def _notify(registration: Registration, event: str) -> None:
    from synergies.events.tasks import send_registration_email

    enqueue_on_commit(send_registration_email, registration_id=registration.pk, event=event)


def _notify_event_change(event: Event, change: str) -> None:
    from synergies.events.tasks import send_event_change_emails

    enqueue_on_commit(send_event_change_emails, event_id=event.pk, change=change)


# ── Events ────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def event_save(
    *,
    actor,
    organiser: Organisation,
    fields: dict,
    restricted_to=None,
    reminder_days=None,
    event: Event | None = None,
) -> Event:
    """Create or update an event of `organiser` (its territory is the organiser's). A change of time or
    place of a published event goes to every registered person's calendar (SEQUENCE + 1)."""
    creating = event is None
    event = event or Event(organiser=organiser, territory=organiser.territory)
    if creating:
        allowed = perms.organising_organisation_ids(actor, event.territory)
        if allowed is not None and organiser.pk not in allowed:
            raise ApplicationError(
                "Vous publiez un événement au nom d'une organisation dont vous êtes membre ou agent défense."
            )
    elif not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs de l'événement le modifient.")
    if event.is_cancelled:
        raise ApplicationError("Cet événement est annulé : il ne se modifie plus.")
    before = audit.snapshot(event, list(EVENT_FIELDS))
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    if not event.city:
        event.city = organiser.city
    if not event.department:
        event.department = organiser.department
    if event.latitude is None and event.longitude is None and not fields.get("venue"):
        event.latitude, event.longitude = organiser.latitude, organiser.longitude
    if len(event.question_list) > MAX_QUESTIONS:
        raise ApplicationError(f"Questions aux inscrits : {MAX_QUESTIONS} au plus, une par ligne.")
    if event.objective_id and event.objective.convention.territory_id != event.territory_id:
        raise ApplicationError("Cet objectif n'est pas celui de la convention du territoire.")
    calendar_changed = not creating and any(before[name] != getattr(event, name) for name in CALENDAR_FIELDS)
    if calendar_changed and event.is_published:
        event.sequence += 1
        event.changed_at = timezone.now()
    full_clean_or_refuse(event)
    event.save()
    if restricted_to is not None:
        event.restricted_to.set(restricted_to)
    if reminder_days is not None:
        _reminders_set(event, reminder_days)
    audit.record(
        actor=actor,
        action="created" if creating else "updated",
        target=event,
        territory=event.territory,
        changes=audit.model_changes(event, list(EVENT_FIELDS), before),
    )
    if calendar_changed and event.is_published:
        _notify_event_change(event, "updated")
    if not creating and event.is_published and event.capacity is not None:
        offer_free_seats(event)
    return event


def _reminders_set(event: Event, days: list[int]) -> None:
    days = sorted({int(d) for d in days})
    for day in days:
        rule = ReminderRule(event=event, days_before=day)
        full_clean_or_refuse(rule, exclude=["event"])
    event.reminder_rules.exclude(days_before__in=days).delete()
    for day in days:
        ReminderRule.objects.get_or_create(event=event, days_before=day)


@transaction.atomic
def event_publish(*, actor, event: Event, now=None) -> Event:
    if not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs de l'événement le publient.")
    if event.is_published:
        raise ApplicationError("Cet événement est déjà publié.")
    if event.is_cancelled:
        raise ApplicationError("Cet événement est annulé.")
    now = now or timezone.now()
    if event.ends_at <= now:
        raise ApplicationError("Cet événement est déjà passé : changez ses dates avant de le publier.")
    event.published_at = now
    event.changed_at = now
    event.save(update_fields=["published_at", "changed_at", "updated_at"])
    audit.record(actor=actor, action="published", target=event, territory=event.territory)
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Every active registration is cancelled and told so, with a METHOD:CANCEL for its calendar."""
    if not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs de l'événement l'annulent.")
    if event.is_cancelled:
        raise ApplicationError("Cet événement est déjà annulé.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Le motif de l'annulation est obligatoire : les inscrits le reçoivent.")
    event = Event.objects.select_for_update().get(pk=event.pk)
    event.cancelled_at = timezone.now()
    event.changed_at = event.cancelled_at
    event.cancellation_reason = reason
    event.sequence += 1
    full_clean_or_refuse(event)
    event.save()
    count = event.registrations.filter(status__in=CANCEL_SOURCES).update(
        status=S.CANCELLED, offer_expires_at=None, updated_at=event.cancelled_at
    )
    audit.record(
        actor=actor,
        action="cancelled",
        target=event,
        territory=event.territory,
        changes={"reason": [None, reason], "registrations": count},
    )
    if event.is_published:
        _notify_event_change(event, "cancelled")
    return event


@transaction.atomic
def session_add(*, actor, event: Event, title: str, starts_at, ends_at, capacity: int | None) -> EventSession:
    if not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs de l'événement en préparent les sessions.")
    session = EventSession(
        event=event, title=(title or "").strip(), starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )
    full_clean_or_refuse(session)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ApplicationError("Une session se tient pendant l'événement.")
    session.save()
    audit.record(
        actor=actor, action="session_added", target=event, territory=event.territory, changes={"title": [None, title]}
    )
    return session


def session_seats_left(session: EventSession) -> int | None:
    """A session's seats are held by the active registrations that chose it (the waiting list too, so
    that a person offered a seat later always finds their sessions)."""
    if session.capacity is None:
        return None
    return max(session.capacity - session.registrations.filter(status__in=ACTIVE_STATUSES).count(), 0)


def _check_sessions(event: Event, sessions) -> list[EventSession]:
    sessions = list(sessions)
    if any(s.event_id != event.pk for s in sessions):
        raise ApplicationError("Une session choisie n'est pas de cet événement.")
    full = [s.title for s in sessions if session_seats_left(s) == 0]
    if full:
        raise ApplicationError(f"Complet : {', '.join(full)}. Choisissez d'autres sessions.")
    return sessions


# ── Registrations ─────────────────────────────────────────────────────────────────────────────────


def registration_window_refusal(event: Event, now) -> str:
    """Why nobody may register now (empty: they may)."""
    if not event.is_published:
        return "Cet événement n'est pas encore publié."
    if event.is_cancelled:
        return "Cet événement est annulé."
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at)
        return f"Les inscriptions ouvrent le {opens:%d/%m/%Y à %H:%M}."
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        return "Les inscriptions sont closes."
    return ""


def _is_regional_sme(event: Event, organisation: Organisation | None) -> bool:
    return (
        organisation is not None and organisation.territory_id == event.territory_id and organisation.category == "PME"
    )


def _has_seat_for(event: Event, organisation, now) -> bool:
    """A free seat for a person of `organisation`: the reserved SME seats go only to the territory's SMEs
    until registrations close."""
    if event.capacity is None:
        return True
    taken = event.registrations.holding_seat()
    free = event.capacity - taken.count()
    if free <= 0:
        return False
    closes = event.registration_closes_at or event.starts_at
    if not event.reserved_sme_seats or now >= closes or _is_regional_sme(event, organisation):
        return True
    smes_seated = sum(1 for r in taken.select_related("organisation") if _is_regional_sme(event, r.organisation))
    reserved_left = max(event.reserved_sme_seats - smes_seated, 0)
    return free > reserved_left


def _next_position(event: Event) -> int:
    return (event.registrations.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def registration_create(
    *,
    actor,
    event: Event,
    name: str,
    email: str,
    organisation: Organisation | None = None,
    answers: dict | None = None,
    consent_to_publish: bool = False,
    sessions=(),
    now=None,
) -> Registration:
    """Register one person: confirmed, pending (the organiser validates) or on the waiting list when
    the event is full. `actor` may be anonymous (the person then manages it from the e-mailed link)."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().select_related("territory").get(pk=event.pk)
    refusal = registration_window_refusal(event, now)
    if refusal:
        raise ApplicationError(refusal)
    email = (email or "").strip().lower()
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    if organisation is not None and (
        not is_person or organisation.pk not in perms.registering_organisation_ids(actor, event)
    ):
        raise ApplicationError("Vous inscrivez au nom d'une organisation dont vous êtes membre.")
    if event.registrations.active().filter(email__iexact=email).exists():
        raise ApplicationError(f"{email} est déjà inscrit à cet événement (ou en liste d'attente).")
    if organisation is not None and event.per_organisation_cap:
        already = event.registrations.active().filter(organisation=organisation).count()
        if already >= event.per_organisation_cap:
            raise ApplicationError(
                f"Cet événement accueille au plus {event.per_organisation_cap} personne(s) par organisation : "
                f"{organisation.name} en a déjà inscrit {already}."
            )
    sessions = _check_sessions(event, sessions)
    questions = event.question_list
    answers = {q: str((answers or {}).get(q, "")).strip()[:500] for q in questions}
    registration = Registration(
        event=event,
        user=actor if is_person and actor.email.lower() == email else None,
        registered_by=actor if is_person else None,
        name=(name or "").strip(),
        email=email,
        organisation=organisation,
        answers=answers,
        consent_to_publish=consent_to_publish,
    )
    if _has_seat_for(event, organisation, now):
        registration.status = S.PENDING if event.moderated else S.CONFIRMED
    else:
        registration.status = S.WAITLISTED
        registration.position = _next_position(event)
    full_clean_or_refuse(registration, exclude=["checkin_code"])
    for _attempt in range(3):  # a check-in code drawn twice for one event: draw again
        try:
            with transaction.atomic():
                registration.save()
            break
        except IntegrityError:
            if event.registrations.active().filter(email__iexact=email).exists():
                raise ApplicationError(f"{email} est déjà inscrit à cet événement.") from None
            registration.checkin_code = type(registration)._meta.get_field("checkin_code").default()
    registration.sessions.set(sessions)
    audit.record(
        actor=actor if is_person else None,
        action="registration_created",
        target=registration,
        territory=event.territory,
        changes={"status": [None, registration.status]},
    )
    _notify(registration, "created")
    return registration


@transaction.atomic
def team_register(*, actor, event: Event, organisation: Organisation, people, sessions=(), now=None) -> list:
    """Colleagues registered together for one organisation: all of them, or none (a refusal names whom)."""
    registrations = []
    for name, email in people:
        try:
            registrations.append(
                registration_create(
                    actor=actor,
                    event=event,
                    name=name,
                    email=email,
                    organisation=organisation,
                    sessions=sessions,
                    now=now,
                )
            )
        except ApplicationError as error:
            raise ApplicationError(f"{name} : {error.message} Personne n'est inscrit.") from error
    return registrations


def _seat_freed(registration: Registration) -> bool:
    return registration.status in (S.PENDING, S.CONFIRMED, S.OFFERED)


@transaction.atomic
def registration_transition(
    *, actor, registration: Registration, name: str, reason: str = "", token: str = "", now=None
) -> Registration:
    """Apply one transition of workflow.py. A participant acts from their account or with the
    registration's link (`token`); a freed seat goes to the first person of the waiting list."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError("Action inconnue.")
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if transition.by == ORGANISER:
        allowed = perms.is_organiser(actor, event)
    else:
        allowed = perms.is_participant(actor, registration) or (bool(token) and token == registration.token)
    if not allowed:
        raise ApplicationError(
            "Seuls les organisateurs décident d'une inscription."
            if transition.by == ORGANISER
            else "Seule la personne inscrite (ou qui l'a inscrite) agit sur cette inscription."
        )
    if registration.status not in transition.sources:
        raise ApplicationError(
            f"Impossible depuis l'état « {registration.get_status_display()} » de cette inscription."
        )
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise ApplicationError(transition.reason_required)
    if event.is_cancelled:
        raise ApplicationError("Cet événement est annulé.")
    freed = _seat_freed(registration) and transition.target in (S.REFUSED, S.WITHDRAWN)
    before = registration.status
    registration.status = transition.target
    if name == "accept_offer" and event.moderated:
        registration.status = S.PENDING
    if transition.by == ORGANISER:
        registration.decided_at, registration.decided_by = now, actor
    if reason:
        registration.reason = reason
    registration.offer_expires_at = None
    registration.sequence += 1
    full_clean_or_refuse(registration)
    registration.save()
    audit.record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=f"registration_{name}",
        target=registration,
        territory=event.territory,
        changes={"status": [before, registration.status], **({"reason": [None, reason]} if reason else {})},
    )
    _notify(registration, name)
    if freed:
        offer_free_seats(event, now=now)
    return registration


def offer_free_seats(event: Event, *, now=None) -> list[Registration]:
    """Offer each free seat to the first of the waiting list who may take it, for
    SYNERGIES_EVENTS_OFFER_HOURS (never past the end of registrations). Called with the event locked."""
    now = now or timezone.now()
    closes = event.registration_closes_at or event.starts_at
    if event.is_cancelled or now >= closes:
        return []
    offered = []
    expires = min(now + datetime.timedelta(hours=settings.SYNERGIES_EVENTS_OFFER_HOURS), closes)
    for waiting in event.registrations.waiting().select_related("organisation"):
        if not _has_seat_for(event, waiting.organisation, now):
            if event.capacity is not None and event.registrations.holding_seat().count() >= event.capacity:
                break
            continue  # the seat left is reserved for a regional SME: the next in line may be one
        waiting.status = S.OFFERED
        waiting.offer_expires_at = expires
        waiting.sequence += 1
        waiting.save(update_fields=["status", "offer_expires_at", "sequence", "updated_at"])
        audit.record(
            actor=None,
            action="registration_offered",
            target=waiting,
            territory=event.territory,
            changes={"status": [S.WAITLISTED, S.OFFERED]},
        )
        _notify(waiting, "offered")
        offered.append(waiting)
    return offered


def offers_expire(*, now=None) -> int:
    """Scheduler: an offer not taken in time lapses, and the seat goes to the next person."""
    now = now or timezone.now()
    expired = 0
    event_ids = (
        Registration.objects.filter(status__in=EXPIRE_OFFER_SOURCES, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            lapsed = list(event.registrations.filter(status__in=EXPIRE_OFFER_SOURCES, offer_expires_at__lte=now))
            for registration in lapsed:
                registration.status = S.OFFER_EXPIRED
                registration.sequence += 1
                registration.save(update_fields=["status", "sequence", "updated_at"])
                audit.record(
                    actor=None,
                    action="registration_offer_expired",
                    target=registration,
                    territory=event.territory,
                    changes={"status": [S.OFFERED, S.OFFER_EXPIRED]},
                )
                _notify(registration, "offer_expired")
            expired += len(lapsed)
            offer_free_seats(event, now=now)
    return expired


@transaction.atomic
def waitlist_move(*, actor, registration: Registration, position: int, reason: str) -> Registration:
    """The organiser puts someone at `position` (1 = first) of the waiting list: only with a reason,
    kept in the journal."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    if not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs ordonnent la liste d'attente.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Dites pourquoi vous changez l'ordre de la liste d'attente : c'est gardé au journal.")
    if registration.status != S.WAITLISTED:
        raise ApplicationError("Cette personne n'est pas en liste d'attente.")
    waiting = [r for r in event.registrations.waiting() if r.pk != registration.pk]
    position = min(max(int(position), 1), len(waiting) + 1)
    before = [r.pk for r in event.registrations.waiting()].index(registration.pk) + 1
    waiting.insert(position - 1, registration)
    for rank, entry in enumerate(waiting, start=1):
        if entry.position != rank:
            Registration.objects.filter(pk=entry.pk).update(position=rank)
    audit.record(
        actor=actor,
        action="waitlist_moved",
        target=registration,
        territory=event.territory,
        changes={"position": [before, position], "reason": [None, reason]},
    )
    registration.refresh_from_db()
    return registration


# ── Check-in, attendance, satisfaction ────────────────────────────────────────────────────────────


def normalised_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


@transaction.atomic
def checkin(*, actor, event: Event, code: str, now=None) -> Registration:
    """The organiser scans or types a registration's code at the entrance."""
    if not perms.is_organiser(actor, event):
        raise ApplicationError("Seuls les organisateurs accueillent les participants.")
    code = normalised_code(code)
    if not code:
        raise ApplicationError("Saisissez le code d'accueil (8 caractères) ou scannez le QR code.")
    registration = event.registrations.select_for_update().filter(checkin_code=code).first()
    if registration is None:
        other = Registration.objects.filter(checkin_code=code).select_related("event").first()
        if other is not None:
            raise ApplicationError(
                f"Ce code est celui d'une inscription à un autre événement : « {other.event.title} »."
            )
        raise ApplicationError("Aucune inscription à cet événement ne porte ce code.")
    return _check_in(actor=actor, registration=registration, now=now)


def _check_in(*, actor, registration: Registration, now=None) -> Registration:
    now = now or timezone.now()
    if registration.status != S.CONFIRMED:
        raise ApplicationError(
            f"L'inscription de {registration.name} n'est pas confirmée (« {registration.get_status_display()} »)."
        )
    if registration.checked_in_at is not None:
        arrived = timezone.localtime(registration.checked_in_at)
        raise ApplicationError(f"{registration.name} est déjà accueilli(e), à {arrived:%H:%M} le {arrived:%d/%m}.")
    registration.attendance = Attendance.PRESENT
    registration.checked_in_at = now
    registration.save(update_fields=["attendance", "checked_in_at", "updated_at"])
    audit.record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="registration_checked_in",
        target=registration,
        territory=registration.event.territory,
    )
    return registration


@transaction.atomic
def self_checkin(*, registration: Registration, token: str, now=None) -> Registration:
    """The participant checks in from their own link, during the event (from one hour before)."""
    now = now or timezone.now()
    if token != registration.token:
        raise ApplicationError("Ce lien n'est pas celui de votre inscription.")
    event = registration.event
    if not (event.starts_at - SELF_CHECKIN_EARLY <= now <= event.ends_at):
        raise ApplicationError("L'accueil en libre-service ouvre une heure avant le début et ferme à la fin.")
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    return _check_in(actor=None, registration=registration, now=now)


@transaction.atomic
def attendance_mark(*, actor, registration: Registration, attendance: str) -> Registration:
    if not perms.is_organiser(actor, registration.event):
        raise ApplicationError("Seuls les organisateurs relèvent les présences.")
    if attendance not in Attendance.values:
        raise ApplicationError("Présence inconnue.")
    if registration.status != S.CONFIRMED:
        raise ApplicationError("On relève la présence des inscriptions confirmées seulement.")
    before = registration.attendance
    registration.attendance = attendance
    if attendance == Attendance.PRESENT and registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
    if attendance != Attendance.PRESENT:
        registration.checked_in_at = None
    registration.save(update_fields=["attendance", "checked_in_at", "updated_at"])
    audit.record(
        actor=actor,
        action="attendance_marked",
        target=registration,
        territory=registration.event.territory,
        changes={"attendance": [before, attendance]},
    )
    return registration


@transaction.atomic
def feedback_record(*, registration: Registration, satisfaction: int, feedback: str = "", now=None) -> Registration:
    now = now or timezone.now()
    if registration.event.ends_at > now:
        raise ApplicationError("Le questionnaire de satisfaction s'ouvre à la fin de l'événement.")
    if registration.status != S.CONFIRMED:
        raise ApplicationError("Seuls les participants confirmés répondent au questionnaire.")
    registration.satisfaction = satisfaction
    registration.feedback = (feedback or "").strip()
    full_clean_or_refuse(registration)
    registration.save(update_fields=["satisfaction", "feedback", "updated_at"])
    return registration


# ── Reminders ─────────────────────────────────────────────────────────────────────────────────────


def reminders_send(*, now=None) -> int:
    """Scheduler: each rule whose time has come reaches, once, the confirmed registrations made before
    that time. Dormant until the event is published; never after it started."""
    from synergies.events.tasks import send_reminder_email

    now = now or timezone.now()
    sent = 0
    rules = ReminderRule.objects.filter(
        event__published_at__isnull=False, event__cancelled_at__isnull=True, event__starts_at__gt=now
    ).select_related("event")
    for rule in rules:
        due_at = rule.event.starts_at - datetime.timedelta(days=rule.days_before)
        if due_at > now:
            continue
        due = rule.event.registrations.filter(status=S.CONFIRMED, created_at__lte=due_at).exclude(reminders__rule=rule)
        for registration in due:
            with transaction.atomic():
                _, created = ReminderDelivery.objects.get_or_create(rule=rule, registration=registration)
                if created:
                    enqueue_on_commit(
                        send_reminder_email, registration_id=registration.pk, days_before=rule.days_before
                    )
                    sent += 1
    return sent


SURVEY_WINDOW = datetime.timedelta(days=7)


def surveys_send(*, now=None) -> int:
    """Scheduler: once an event has ended, its participants (less those recorded absent) are asked, once,
    for their opinion; an event ended more than a week ago is left alone."""
    from synergies.events.tasks import send_survey_email

    now = now or timezone.now()
    sent = 0
    ended = Event.objects.filter(
        published_at__isnull=False,
        cancelled_at__isnull=True,
        survey_sent_at__isnull=True,
        ends_at__lte=now,
        ends_at__gt=now - SURVEY_WINDOW,
    )
    for event in ended:
        with transaction.atomic():
            if not Event.objects.filter(pk=event.pk, survey_sent_at__isnull=True).update(survey_sent_at=now):
                continue  # another run took it
            asked = event.registrations.filter(status=S.CONFIRMED, satisfaction__isnull=True).exclude(
                attendance__in=[Attendance.ABSENT, Attendance.EXCUSED]
            )
            for registration in asked:
                enqueue_on_commit(send_survey_email, registration_id=registration.pk)
                sent += 1
    return sent
