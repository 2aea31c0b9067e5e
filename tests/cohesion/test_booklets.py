"""Welcome booklets: blocks with an owner and a review date, directory organisations shown live,
the PDF, the arrival checklist, the review reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from synergies.cohesion import booklets
from synergies.cohesion.models import BookletBlock
from synergies.core.exceptions import ApplicationError
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + datetime.timedelta(days=90)


def _block(booklet, actor, **fields):
    values = {"section": "schools", "title": "Écoles", "body": "Inscriptions en mairie.", "review_by": SOON}
    organisations = fields.pop("organisations", ())
    values.update(fields)
    return booklets.block_save(actor=actor, booklet=booklet, fields=values, organisations=organisations)


def test_a_directory_change_shows_in_the_booklet_page_and_pdf(client, booklet, unit_agent, bretagne):
    school = OrganisationFactory(name="Collège Saint-Aubin", territory=bretagne, kind="etablissement_enseignement")
    _block(booklet, unit_agent, organisations=[school])
    school.name = "Collège Jacques-Prévert"
    school.save()
    page = client.get(booklet.get_absolute_url())
    assert "Collège Jacques-Prévert" in page.content.decode() and "Collège Saint-Aubin" not in page.content.decode()
    pdf = client.get(reverse("cohesion:booklet_pdf", args=[booklet.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"review_by": timezone.localdate() - datetime.timedelta(days=1)}, "date de relecture est passée"),
        ({"body": "Plan du quartier — DIFFUSION RESTREINTE"}, "DIFFUSION RESTREINTE"),
    ],
)
def test_a_bad_block_is_refused_and_nothing_is_written(booklet, unit_agent, fields, message):
    with pytest.raises(ApplicationError, match=message):
        _block(booklet, unit_agent, **fields)
    assert not BookletBlock.objects.exists()


def test_only_the_unit_and_coordinators_edit(booklet, people, unit_agent):
    for intruder in (people["registered"], people["defence_agent"], people["other_coordinator"]):
        with pytest.raises(ApplicationError):
            _block(booklet, intruder)
    assert _block(booklet, people["coordinator"]).owner == people["coordinator"]


def test_a_block_past_its_review_date_is_flagged_to_its_owner_once(booklet, unit_agent):
    block = _block(booklet, unit_agent)
    later = SOON + datetime.timedelta(days=1)
    assert booklets.review_reminders_send(today=later) == 1
    assert mail.outbox[-1].to == [unit_agent.email] and "Écoles" in mail.outbox[-1].body
    assert booklets.review_reminders_send(today=later) == 0
    booklets.block_save(
        actor=unit_agent, booklet=booklet, block=block, fields={"review_by": SOON + datetime.timedelta(days=200)}
    )
    block.refresh_from_db()
    assert block.review_reminded_at is None


def test_the_arrival_checklist_is_dated_from_the_arrival(client, booklet, unit_agent, people):
    booklets.checklist_item_add(
        actor=unit_agent, booklet=booklet, label="Inscrire les enfants à l'école", days_from_arrival=-30
    )
    page = client.get(reverse("cohesion:arrival", args=[booklet.slug]) + "?arrivee=2027-08-20")
    assert "21 juillet 2027" in page.content.decode()
    user = people["registered"]
    client.force_login(user)
    item = booklet.checklist.get()
    client.post(reverse("cohesion:arrival", args=[booklet.slug]), {"arrival_on": "2027-08-20", "done": [item.pk]})
    plan = user.arrival_plans.get()
    assert plan.arrival_on == datetime.date(2027, 8, 20) and list(plan.done.all()) == [item]


def test_an_unpublished_booklet_is_not_found_by_the_public(client, booklet, unit_agent):
    booklets.booklet_save(actor=unit_agent, unit=booklet.unit, booklet=booklet, fields={"published": False})
    assert client.get(booklet.get_absolute_url()).status_code == 404
    client.force_login(unit_agent)
    assert client.get(booklet.get_absolute_url()).status_code == 200
