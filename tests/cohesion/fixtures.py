"""Reserve fixtures: a unit (with a referent, its defence agent) publishing a reserve mission, a candidate."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from synergies.cohesion import reserve
from synergies.opportunities.enums import OpportunityKind
from tests.core.documents import pdf
from tests.factories import UserFactory


@pytest.fixture
def mission(make_opportunity):
    return make_opportunity(
        kind=OpportunityKind.RESERVE_MISSION,
        reserve_type="operational",
        title="Chef de groupe de protection (réserve)",
        description="Protection des emprises du quartier, une semaine par trimestre.",
    )


@pytest.fixture
def referent(agent):
    return agent


@pytest.fixture
def candidate(db):
    return UserFactory(email="candidat@exemple.fr", first_name="Anne", last_name="Le Goff")


@pytest.fixture
def other_candidate(db):
    return UserFactory(email="autre-candidat@exemple.fr")


ADULT = datetime.date(1995, 5, 17)


def apply(mission, user, **overrides):
    values = {
        "first_name": "Anne",
        "last_name": "Le Goff",
        "birth_date": ADULT,
        "conditions_confirmed": True,
    }
    values.update(overrides)
    return reserve.file_create(actor=user, mission=mission, **values)


@pytest.fixture
def candidate_file(mission, candidate):
    return apply(mission, candidate)


def upload(name="piece.pdf", body="Carte nationale d'identité de Anne Le Goff."):
    return SimpleUploadedFile(name, pdf(body), content_type="application/pdf")


@pytest.fixture
def unit(bretagne):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(
        name="11e régiment d'artillerie de marine (test)", territory=bretagne, kind="unite_militaire"
    )


@pytest.fixture
def unit_agent(unit, bretagne):
    from tests.factories import TerritoryRoleFactory

    return TerritoryRoleFactory(
        defence_agent=True, territory=bretagne, organisation=unit, user__email="cellule-accueil@exemple.fr"
    ).user


@pytest.fixture
def booklet(unit, unit_agent):
    from synergies.cohesion import booklets

    return booklets.booklet_save(
        actor=unit_agent,
        unit=unit,
        fields={"title": "Bienvenue à Saint-Aubin-du-Cormier", "garrison": "Saint-Aubin-du-Cormier", "published": True},
    )
