"""No double booking under concurrency: two people book the same slot at the same moment, exactly one
wins. On PostgreSQL the database's exclusion constraint also refuses an overlap written past the code."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from synergies.core.exceptions import ApplicationError
from synergies.platforms import bookings
from synergies.platforms.models import Booking
from tests.platforms.fixtures import next_weekday, slot

pytestmark = pytest.mark.django_db(transaction=True)


def _book_in_parallel(resource, allocation, actor, start, end, people=2):
    barrier = threading.Barrier(people)
    outcomes = []

    def book():
        from django.db import connections

        try:
            barrier.wait()
            bookings.booking_create(actor=actor, resource=resource, starts_at=start, ends_at=end, allocation=allocation)
            outcomes.append("won")
        except ApplicationError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book) for _ in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_bookings_of_the_same_slot_in_parallel_exactly_one_wins(basin, allocation, requester):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip(
            "la base SQLite des tests est en mémoire partagée, sans attente de verrou : la concurrence se teste "
            "sur PostgreSQL (CI) ; sur SQLite, le mode IMMEDIATE prend le verrou d'écriture dès le début de la transaction"
        )
    start, end = slot(next_weekday(2, 2), "09:00", "11:00")
    outcomes = _book_in_parallel(basin, allocation, requester, start, end)
    assert sorted(outcomes) == sorted(["won", bookings.FULL])
    assert Booking.objects.filter(resource=basin).count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="la contrainte d'exclusion est propre à PostgreSQL")
def test_the_database_refuses_an_overlap_written_past_the_service(basin, requester_org):
    start, end = slot(next_weekday(2, 2), "09:00", "11:00")
    Booking.objects.create(resource=basin, organisation=requester_org, starts_at=start, ends_at=end)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(resource=basin, organisation=requester_org, starts_at=start, ends_at=end)
    # Another seat, or a cancelled booking, does not collide.
    Booking.objects.create(resource=basin, organisation=requester_org, starts_at=start, ends_at=end, seat=2)
    Booking.objects.create(resource=basin, organisation=requester_org, starts_at=start, ends_at=end, status="cancelled")
