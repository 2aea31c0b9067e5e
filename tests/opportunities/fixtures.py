"""Opportunity fixtures, shared by the opportunities, API, access-matrix and browser tests."""

import datetime

import pytest
from django.utils import timezone

from synergies.opportunities import services
from synergies.opportunities.enums import OpportunityKind


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def agent(people):
    return people["defence_agent"]


@pytest.fixture
def publisher(agent):
    return agent.territory_roles.get().organisation


@pytest.fixture
def make_opportunity(bretagne, agent, publisher):
    def make(*, publish=True, actor=None, **fields):
        values = {
            "kind": OpportunityKind.SUBCONTRACTING,
            "title": "Usinage de boîtiers en titane",
            "description": "Série de 40 boîtiers usinés 5 axes en titane TA6V.",
            "deadline": in_days(30),
            "visibility": "public",
            "department": "35",
        }
        values.update(fields)
        files = values.pop("files", ())
        restricted_to = values.pop("restricted_to", ())
        capabilities = values.pop("capabilities", ())
        return services.opportunity_create(
            actor=actor or agent,
            territory=bretagne,
            publisher=publisher,
            fields=values,
            capabilities=capabilities,
            restricted_to=restricted_to,
            files=files,
            publish=publish,
        )

    return make


@pytest.fixture
def opportunity(make_opportunity):
    return make_opportunity()


def respond(user, opportunity, organisation=None, **extra):
    values = {
        "kind": "interest",
        "message": "Nous usinons le titane depuis 20 ans.",
        "contact_name": "Yann Kerjean",
        "contact_email": "yann@exemple.fr",
    }
    values.update(extra)
    return services.response_create(actor=user, opportunity=opportunity, organisation=organisation, **values)
