"""Platform fixtures: an operator (ENSTA-like school) with a platform and two resources, a requester
company, and a helper for slots in the resource's opening hours."""

import datetime

import pytest
from django.utils import timezone

from synergies.directory.enums import OrganisationKind
from synergies.platforms import bookings, services
from tests.factories import MembershipFactory, OrganisationFactory


def next_weekday(weeks_ahead: int = 1, weekday: int = 1) -> datetime.date:
    """A date `weeks_ahead` weeks from now, on ISO `weekday` (1 = Monday)."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=weeks_ahead)
    return monday + datetime.timedelta(days=weekday - 1)


def png_upload(name="banc.png", size=(64, 48), **save_options):
    """A real PNG made with Pillow."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(output, format="PNG", **save_options)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def slot(day: datetime.date, start: str, end: str):
    return bookings.aware(day, datetime.time.fromisoformat(start)), bookings.aware(
        day, datetime.time.fromisoformat(end)
    )


@pytest.fixture
def operator_org(bretagne):
    return OrganisationFactory(name="École d'essais (test)", territory=bretagne, kind=OrganisationKind.SCHOOL)


@pytest.fixture
def operator_user(operator_org):
    return MembershipFactory(organisation=operator_org, user__email="operateur@exemple.fr").user


@pytest.fixture
def requester_org(bretagne):
    return OrganisationFactory(name="Armor Drones (test)", territory=bretagne)


@pytest.fixture
def requester(requester_org):
    return MembershipFactory(organisation=requester_org, user__email="demandeur@exemple.fr").user


@pytest.fixture
def platform(operator_user, operator_org):
    return services.platform_save(
        actor=operator_user,
        operator=operator_org,
        fields={
            "name": "Plateforme d'essais en mer (test)",
            "summary": "Bassin de houle et chambre climatique pour drones marins.",
            "description": "Essais de tenue à la mer, houle régulière et irrégulière.",
            "contact_email": "essais@exemple.fr",
            "trl_min": 4,
            "trl_max": 7,
        },
        tariffs={"sme": "600 € HT / jour", "lab": "sur devis"},
    )


@pytest.fixture
def basin(platform, operator_user):
    return services.resource_save(
        actor=operator_user,
        platform=platform,
        fields={
            "name": "Bassin de houle",
            "kind": "basin",
            "slot_min_minutes": 60,
            "slot_max_minutes": 480,
            "opens_at": datetime.time(8),
            "closes_at": datetime.time(18),
            "lead_time_hours": 24,
            "cancellation_deadline_hours": 48,
        },
    )


@pytest.fixture
def chamber(platform, operator_user):
    return services.resource_save(
        actor=operator_user,
        platform=platform,
        fields={"name": "Chambre climatique", "kind": "chamber", "capacity": 2, "self_service": True},
    )


@pytest.fixture
def accepted_request(platform, basin, requester, requester_org, operator_user):
    access_request = services.request_create(
        actor=requester,
        platform=platform,
        organisation=requester_org,
        fields={"title": "Essais d'un drone de surface", "description": "Tenue à la mer par mer 3."},
        resources=[basin],
        submit=True,
    )
    return services.request_accept(
        actor=operator_user,
        access_request=access_request,
        allocations=[
            {
                "resource": basin,
                "hours": 10,
                "valid_from": timezone.localdate(),
                "valid_until": timezone.localdate() + datetime.timedelta(days=120),
            }
        ],
    )


@pytest.fixture
def allocation(accepted_request):
    return accepted_request.allocations.get()
