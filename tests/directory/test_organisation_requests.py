"""A person whose organisation is missing from the directory asks for its creation; a coordinator of the
territory creates it (the person administers it) or refuses with a reason."""

import pytest
from django.core import mail
from django.urls import reverse

from synergies.accounts.models import OrganisationMembership
from synergies.core.exceptions import ApplicationError
from synergies.directory import claims
from synergies.directory.models import Organisation, OrganisationRequest

pytestmark = pytest.mark.django_db


def _ask(client, **overrides):
    data = {"territory": "", "name": "Les Amis de la Réserve (test)", "kind": "association", "city": "Quimper"}
    data.update(overrides)
    return client.post(reverse("directory:organisation_request"), data)


def test_a_person_asks_and_a_coordinator_creates_the_organisation(
    client_for, people, bretagne, django_capture_on_commit_callbacks
):
    person = client_for("registered")
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(person, territory=bretagne.pk, message="Je suis la présidente.")
    assert response.status_code == 302
    request = OrganisationRequest.objects.get()
    assert any("coord@exemple.fr" in m.to and "Les Amis de la Réserve" in m.subject for m in mail.outbox)
    coordinator = client_for("coordinator")
    assert (
        "Les Amis de la Réserve" in coordinator.get(reverse("directory:claims", args=[bretagne.slug])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("directory:organisation_request_decide", args=[request.pk]), {"decision": "accepter"})
    organisation = Organisation.objects.get(name="Les Amis de la Réserve (test)")
    assert (organisation.department, organisation.city, organisation.territory) == ("29", "Quimper", bretagne)
    assert OrganisationMembership.objects.get(organisation=organisation).user == people["registered"]
    assert any(m.to == ["inscrit@exemple.fr"] and "acceptée" in m.subject for m in mail.outbox)


def test_refusal_needs_a_reason_and_other_territories_cannot_decide(client_for, people, bretagne):
    request = claims.organisation_request(
        user=people["registered"], territory=bretagne, fields={"name": "X", "kind": "association", "city": "Brest"}
    )
    with pytest.raises(ApplicationError, match="motif du refus"):
        claims.organisation_request_decide(actor=people["coordinator"], request=request, approve=False)
    with pytest.raises(ApplicationError, match="coordinateurs du territoire"):
        claims.organisation_request_decide(actor=people["other_coordinator"], request=request, approve=True)
    claims.organisation_request_decide(actor=people["coordinator"], request=request, approve=False, reason="Doublon.")
    request.refresh_from_db()
    assert request.status == "refused" and request.reason == "Doublon." and not Organisation.objects.filter(name="X")


def test_a_siret_already_in_the_directory_points_to_the_claim(client_for, company, bretagne):
    company.siret = "73282932000074"
    company.save()
    response = _ask(client_for("registered"), territory=bretagne.pk, siret="732 829 320 00074")
    assert response.status_code == 400 and "demandez plutôt à gérer son profil" in response.content.decode()
    bad = _ask(client_for("registered"), territory=bretagne.pk, siret="12345678901234", name="Autre")
    assert bad.status_code == 400
    marked = _ask(client_for("registered"), territory=bretagne.pk, name="Autre", message="DIFFUSION RESTREINTE")
    assert marked.status_code == 400
    assert not OrganisationRequest.objects.exists()
