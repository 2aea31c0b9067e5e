"""Pages of the B2B meetings of an event: the participants' marketplace (offers and requests, whom to
meet, meeting requests, one's agenda) and the organiser's plan (slots and tables, automatic placement,
hand placement)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from synergies.core.exceptions import ApplicationError
from synergies.events import calendars, documents, forms, meetings, perms, selectors, suggestions
from synergies.events.enums import ItemKind, MeetingFollowUp, MeetingOutcome, MeetingStatus, RegistrationStatus
from synergies.events.models import MarketplaceItem, MeetingRequest, MeetingSlot, Registration
from synergies.opportunities.enums import OpportunityStatus
from synergies.opportunities.selectors import opportunities_visible_to


def _event_with_meetings(user, pk):
    event = selectors.event_for(user, pk)
    if event is None or not event.meetings_open:
        raise Http404("Rendez-vous introuvables.")
    return event


def _back(meeting_or_event_id):
    return redirect("events:meetings", pk=meeting_or_event_id)


def marketplace(request, pk):
    event = _event_with_meetings(request.user, pk)
    participant = meetings.participant_of(request.user, event)
    is_organiser = perms.is_organiser(request.user, event)
    if participant is None and not is_organiser:
        raise PermissionDenied(
            "Les rendez-vous d'affaires sont réservés aux participants confirmés : inscrivez-vous à l'événement avec votre compte."
        )
    kind = request.GET.get("type", "")
    text = request.GET.get("q", "").strip()[:200]
    others = (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED, user__isnull=False)
        .select_related("organisation")
        .prefetch_related("marketplace_items")
        .order_by("name")
    )
    if participant is not None:
        others = others.exclude(pk=participant.pk)
    if kind in ItemKind.values:
        others = others.filter(marketplace_items__kind=kind).distinct()
    if text:
        others = others.filter(
            Q(marketplace_items__title__icontains=text)
            | Q(marketplace_items__description__icontains=text)
            | Q(organisation__name__icontains=text)
            | Q(name__icontains=text)
        ).distinct()
    asked = set()
    context = {
        "event": event,
        "participant": participant,
        "is_organiser": is_organiser,
        "kinds": ItemKind.choices,
        "kind": kind,
        "text": text,
        "others": others[:300],
        "item_form": forms.MarketplaceItemForm(opportunities=_opportunities(request.user, event)),
        "outcomes": MeetingOutcome.choices,
        "follow_ups": MeetingFollowUp.choices,
        "now": timezone.now(),
    }
    if participant is not None:
        mine = event.meetings.involving(participant).select_related("requester", "requested", "slot")
        asked = {m.requested_id for m in mine if m.status in (MeetingStatus.PENDING, MeetingStatus.ACCEPTED)}
        asked |= {m.requester_id for m in mine if m.status in (MeetingStatus.PENDING, MeetingStatus.ACCEPTED)}
        context.update(
            {
                "items": participant.marketplace_items.all(),
                "suggestions": suggestions.whom_to_meet(participant),
                "received": [m for m in mine if m.requested_id == participant.pk and m.status == MeetingStatus.PENDING],
                "sent": [m for m in mine if m.requester_id == participant.pk and m.status == MeetingStatus.PENDING],
                "agenda": sorted(
                    (m for m in mine if m.status == MeetingStatus.ACCEPTED),
                    key=lambda m: (m.slot is None, m.slot.starts_at if m.slot else event.starts_at),
                ),
                "slots": event.meeting_slots.all(),
                "unavailable": set(participant.unavailable_slots.values_list("pk", flat=True)),
            }
        )
    context["asked"] = asked
    return render(request, "events/meetings.html", context)


def _opportunities(user, event):
    """The territory's published opportunities that the person may see (a partners-only need is not
    named to a company)."""
    return (
        opportunities_visible_to(user)
        .filter(territory_id=event.territory_id, status=OpportunityStatus.PUBLISHED)
        .order_by("title")
    )


@require_POST
def item_add(request, pk):
    event = _event_with_meetings(request.user, pk)
    form = forms.MarketplaceItemForm(request.POST, opportunities=_opportunities(request.user, event))
    try:
        if not form.is_valid():
            raise ApplicationError("Indiquez le type, un titre et une description.")
        meetings.item_save(actor=request.user, event=event, fields=form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Publié : les autres participants le voient et les suggestions en tiennent compte.")
    return _back(event.pk)


@require_POST
def item_remove(request, pk):
    item = get_object_or_404(MarketplaceItem.objects.select_related("registration__event"), pk=pk)
    try:
        meetings.item_remove(actor=request.user, item=item)
    except ApplicationError as error:
        messages.error(request, error.message)
    return _back(item.registration.event_id)


@require_POST
def meeting_ask(request, pk, registration_pk):
    event = _event_with_meetings(request.user, pk)
    requested = get_object_or_404(Registration, pk=registration_pk, event=event)
    try:
        meetings.meeting_request(
            actor=request.user, event=event, requested=requested, note=request.POST.get("note", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Demande envoyée à {requested.name}.")
    return _back(event.pk)


def _meeting_or_404(user, pk) -> MeetingRequest:
    meeting = get_object_or_404(
        MeetingRequest.objects.select_related("event__territory", "requester", "requested", "slot"), pk=pk
    )
    if user.pk not in (meeting.requester.user_id, meeting.requested.user_id) and not perms.is_organiser(
        user, meeting.event
    ):
        raise Http404("Rendez-vous introuvable.")
    return meeting


@require_POST
def meeting_action(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action in ("accept", "decline"):
            slot_id = request.POST.get("proposed_slot", "")
            proposed = meeting.event.meeting_slots.filter(pk=slot_id).first() if slot_id.isdigit() else None
            meetings.meeting_answer(
                actor=request.user, meeting=meeting, accept=action == "accept", proposed_slot=proposed
            )
        elif action == "cancel":
            meetings.meeting_cancel(actor=request.user, meeting=meeting)
        elif action == "report":
            meetings.meeting_report(
                actor=request.user,
                meeting=meeting,
                outcome=request.POST.get("outcome", ""),
                follow_up=request.POST.get("follow_up", ""),
            )
        else:
            raise ApplicationError("Action inconnue.")
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "C'est noté.")
    return _back(meeting.event_id)


@require_POST
def unavailability(request, pk):
    event = _event_with_meetings(request.user, pk)
    slots = list(event.meeting_slots.filter(pk__in=[v for v in request.POST.getlist("slots") if v.isdigit()]))
    try:
        meetings.unavailability_set(actor=request.user, event=event, slots=slots)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{len(slots)} créneau(x) marqué(s) indisponible(s).")
    return _back(event.pk)


def agenda_pdf(request, pk):
    event = _event_with_meetings(request.user, pk)
    participant = meetings.participant_of(request.user, event)
    if participant is None:
        raise PermissionDenied("Votre agenda de rendez-vous est celui d'un participant confirmé.")
    placed = (
        event.meetings.involving(participant)
        .filter(status=MeetingStatus.ACCEPTED, slot__isnull=False)
        .select_related("requester__organisation", "requested__organisation", "slot")
        .order_by("slot__starts_at")
    )
    response = HttpResponse(documents.agenda_pdf(event, participant, placed), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{event.pk}.pdf"'
    return response


def agenda_ics(request, pk):
    event = _event_with_meetings(request.user, pk)
    participant = meetings.participant_of(request.user, event)
    if participant is None:
        raise PermissionDenied("Votre agenda de rendez-vous est celui d'un participant confirmé.")
    placed = event.meetings.involving(participant).filter(status=MeetingStatus.ACCEPTED, slot__isnull=False)
    body = calendars.agenda(
        [participant], placed.select_related("requester", "requested", "slot", "event__organiser"), event.title
    )  # the person's calendar of every event and platform is site.agenda
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# ── Organisers ────────────────────────────────────────────────────────────────────────────────────


def _organised_with_meetings(user, pk):
    event = _event_with_meetings(user, pk)
    if not perms.is_organiser(user, event):
        raise PermissionDenied("Le plan des rendez-vous est celui des organisateurs.")
    return event


def plan(request, pk):
    event = _organised_with_meetings(request.user, pk)
    slots = list(event.meeting_slots.all())
    accepted = list(
        event.meetings.filter(status=MeetingStatus.ACCEPTED).select_related(
            "requester__organisation", "requested__organisation", "slot"
        )
    )
    grid = []
    for slot in slots:
        by_table = {m.table: m for m in accepted if m.slot_id == slot.pk}
        grid.append({"slot": slot, "tables": [(n, by_table.get(n)) for n in range(1, slot.tables + 1)]})
    counts = {s: event.meetings.filter(status=s).count() for s in MeetingStatus.values}
    context = {
        "event": event,
        "grid": grid,
        "slots": slots,
        "unscheduled": [m for m in accepted if m.slot_id is None],
        "counts": [(label, counts[value]) for value, label in MeetingStatus.choices],
        "held": sum(1 for m in accepted if m.outcome and m.outcome != MeetingOutcome.DID_NOT_TAKE_PLACE),
        "agreements": sum(1 for m in accepted if m.follow_up == MeetingFollowUp.AGREEMENT),
        "slots_form": forms.MeetingSlotsForm(
            initial={"starts_at": timezone.localtime(event.starts_at), "ends_at": timezone.localtime(event.ends_at)}
        ),
        "max_tables": max((s.tables for s in slots), default=0),
    }
    return render(request, "events/meeting_plan.html", context)


@require_POST
def slots_add(request, pk):
    event = _organised_with_meetings(request.user, pk)
    form = forms.MeetingSlotsForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError("Indiquez le début, la fin, la durée d'un créneau et le nombre de tables.")
        data = form.cleaned_data
        created = meetings.slots_add(
            actor=request.user,
            event=event,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            minutes=data["minutes"],
            tables=data["tables"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{len(created)} créneaux ajoutés.")
    return redirect("events:meeting_plan", pk=event.pk)


@require_POST
def schedule(request, pk):
    event = _organised_with_meetings(request.user, pk)
    try:
        placement = meetings.meetings_schedule(actor=request.user, event=event)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{len(placement.slots)} rendez-vous placés, {len(placement.unscheduled)} sans créneau"
            + ("" if placement.optimal else " (meilleur placement trouvé dans le temps imparti)")
            + ". Chacun reçoit son invitation.",
        )
    return redirect("events:meeting_plan", pk=event.pk)


@require_POST
def place(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    slot_id, table = request.POST.get("slot", ""), request.POST.get("table", "")
    slot = MeetingSlot.objects.filter(pk=slot_id, event_id=meeting.event_id).first() if slot_id.isdigit() else None
    try:
        if slot_id and slot is None:
            raise ApplicationError("Créneau inconnu.")
        meetings.meeting_place(
            actor=request.user, meeting=meeting, slot=slot, table=int(table) if table.isdigit() else None
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Rendez-vous placé à la main : le placement automatique le laissera là.")
    return redirect("events:meeting_plan", pk=meeting.event_id)
