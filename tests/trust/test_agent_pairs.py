"""Hole 2 of the trust issue: a defence agent acts for one organisation in one territory. An agent for A
in Bretagne and for B in Normandie must not act for B in Bretagne (nor for A in Normandie)."""

import pytest
from django.test import Client
from django.urls import reverse

from synergies.accounts.roles import roles_of
from synergies.opportunities import perms, selectors
from tests.factories import OrganisationFactory, TerritoryRoleFactory, UserFactory
from tests.opportunities.fixtures import in_days, respond


@pytest.fixture
def two_territory_agent(territories):
    bretagne, normandie = territories["bretagne"], territories["normandie"]
    user = UserFactory(email="agent-deux-territoires@exemple.fr", totp=True)
    org_a = OrganisationFactory(name="Organisation A (test)", territory=bretagne)
    org_b = OrganisationFactory(name="Organisation B (test)", territory=normandie)
    TerritoryRoleFactory(user=user, territory=bretagne, defence_agent=True, organisation=org_a)
    TerritoryRoleFactory(user=user, territory=normandie, defence_agent=True, organisation=org_b)
    return user, org_a, org_b


def test_rights_come_from_territory_organisation_pairs(two_territory_agent, territories):
    user, org_a, org_b = two_territory_agent
    roles = roles_of(user)
    bretagne, normandie = territories["bretagne"], territories["normandie"]
    assert roles.organisations_acting_in(bretagne.pk) == {org_a.pk}
    assert roles.organisations_acting_in(normandie.pk) == {org_b.pk}
    assert not roles.acts_for(bretagne.pk, org_b.pk)
    assert list(selectors.publisher_choices(user, bretagne)) == [org_a]
    assert list(selectors.publisher_choices(user, normandie)) == [org_b]


def test_an_agent_of_b_elsewhere_neither_reads_nor_manages_bs_bretagne_business(
    two_territory_agent, territories, people, company
):
    from synergies.opportunities import services

    user, org_a, org_b = two_territory_agent
    bretagne = territories["bretagne"]
    b_agent = UserFactory(email="agent-b-bretagne@exemple.fr", totp=True)
    TerritoryRoleFactory(user=b_agent, territory=bretagne, defence_agent=True, organisation=org_b)
    values = {
        "kind": "subcontracting",
        "title": "Besoin de B en Bretagne",
        "description": "Usinage de pièces.",
        "deadline": in_days(20),
        "visibility": "public",
    }
    published = services.opportunity_create(
        actor=b_agent,
        territory=bretagne,
        publisher=org_b,
        fields=values,
        capabilities=(),
        restricted_to=(),
        files=(),
        publish=True,
    )
    draft = services.opportunity_create(
        actor=b_agent,
        territory=bretagne,
        publisher=org_b,
        fields={**values, "title": "Brouillon de B"},
        capabilities=(),
        restricted_to=(),
        files=(),
        publish=False,
    )
    response = respond(people["org_member"], published, organisation=company, message="Message confidentiel 42")

    assert not perms.can_manage(user, published)
    assert not perms.can_review_responses(user, published)
    assert not perms.can_view_response(user, response)
    assert selectors.opportunity_for(user, draft.pk) is None
    assert not selectors.managed_opportunities(user).filter(pk__in=[published.pk, draft.pk]).exists()

    client = Client()
    client.force_login(user)
    assert client.get(reverse("opportunities:detail", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("opportunities:response", kwargs={"pk": response.pk})).status_code == 404
    assert client.get(reverse("opportunities:edit", kwargs={"pk": published.pk})).status_code in (403, 404)
    assert client.get(f"/api/v1/responses/{response.pk}").status_code in (403, 404)
    assert (
        "Message confidentiel 42" not in client.get(f"/api/v1/opportunities/{published.pk}/responses").content.decode()
    )
    refused = client.post(
        "/api/v1/opportunities",
        {**values, "deadline": values["deadline"].isoformat(), "territory": bretagne.code, "publisher_id": org_b.pk},
        content_type="application/json",
    )
    assert refused.status_code in (400, 403, 422)
    assert (
        not published.__class__.objects.filter(publisher=org_b, title="Besoin de B en Bretagne")
        .exclude(pk=published.pk)
        .exists()
    )

    # B's own agent in Bretagne keeps every right.
    assert perms.can_review_responses(b_agent, published) and perms.can_view_response(b_agent, response)
