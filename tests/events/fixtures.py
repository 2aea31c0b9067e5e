"""Event fixtures: an organising cluster (PEC-like) with a member, and a published event in three weeks."""

import datetime

import pytest
from django.utils import timezone

from synergies.directory.enums import OrganisationKind
from synergies.events import services
from tests.factories import MembershipFactory, OrganisationFactory


def in_days(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def event_fields(**overrides) -> dict:
    fields = {
        "kind": "conference",
        "title": "Rencontres cyber (test)",
        "summary": "Une journée de conférences sur la cyberdéfense.",
        "description": "Programme : ouverture, tables rondes, démonstrations.",
        "venue": "Couvent des Jacobins",
        "city": "Rennes",
        "starts_at": in_days(21, 9),
        "ends_at": in_days(21, 18),
        "contact_email": "evenements@exemple.fr",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def mails_at_once(monkeypatch):
    """E-mails leave when the write commits; inside a test's rolled-back transaction that never comes, so
    the work enqueued on commit runs at once (the write it follows is already saved)."""
    from types import SimpleNamespace

    from synergies.core import tasks

    monkeypatch.setattr(tasks, "transaction", SimpleNamespace(on_commit=lambda callback: callback()))


@pytest.fixture
def organiser_org(bretagne):
    return OrganisationFactory(name="Pôle cyber (test)", territory=bretagne, kind=OrganisationKind.CLUSTER)


@pytest.fixture
def organiser(organiser_org):
    return MembershipFactory(organisation=organiser_org, user__email="organisateur@exemple.fr").user


@pytest.fixture
def make_event(organiser, organiser_org):
    def make(publish=True, reminder_days=None, **overrides):
        event = services.event_save(
            actor=organiser, organiser=organiser_org, fields=event_fields(**overrides), reminder_days=reminder_days
        )
        if publish:
            services.event_publish(actor=organiser, event=event)
        return event

    return make


@pytest.fixture
def event(make_event):
    return make_event()
