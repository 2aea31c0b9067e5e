"""The convention's event indicators count what happened: held events, participants, organisations."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from synergies.events import services
from synergies.events.models import Event
from synergies.governance.computations import COMPUTATIONS
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_event_indicators_match_a_hand_count(make_event, organiser, convention, company):
    held = make_event(title="Tenu (test)")
    coming = make_event(title="À venir (test)")
    cancelled = make_event(title="Annulé (test)")
    other = OrganisationFactory()
    people = [
        (MembershipFactory(organisation=company).user, company),
        (MembershipFactory(organisation=company).user, company),
        (MembershipFactory(organisation=other).user, other),
        (None, None),
    ]
    registrations = [
        services.registration_create(
            actor=actor, event=held, name=f"P{n}", email=f"p{n}@exemple.fr", organisation=organisation
        )
        for n, (actor, organisation) in enumerate(people)
    ]
    services.registration_create(actor=None, event=coming, name="Q", email="q@exemple.fr")
    services.registration_create(actor=None, event=cancelled, name="R", email="r@exemple.fr")
    services.event_cancel(actor=organiser, event=cancelled, reason="Salle indisponible.")
    services.registration_transition(
        actor=None, registration=registrations[3], name="withdraw", token=registrations[3].token
    )
    # The held event took place last week; one person was recorded absent.
    week_ago = datetime.timedelta(days=28)
    Event.objects.filter(pk=held.pk).update(starts_at=held.starts_at - week_ago, ends_at=held.ends_at - week_ago)
    held.refresh_from_db()
    services.attendance_mark(actor=organiser, registration=registrations[1], attendance="absent")

    today = timezone.localdate()
    values = {
        key: COMPUTATIONS[key].compute(convention, today)
        for key in ("events", "event_participants", "event_organisations")
    }
    assert values == {"events": Decimal(1), "event_participants": Decimal(2), "event_organisations": Decimal(2)}
    # The monthly history reads dated records: before the event, nothing had happened.
    before = held.starts_at.date() - datetime.timedelta(days=1)
    assert COMPUTATIONS["events"].compute(convention, before) == 0
