"""Partner employers' commitments (the directory badges follow from those in force, renewals remind),
youth partnerships, spouse profiles, and the convention's indicators computed from them."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from synergies.cohesion import employers, reserve, spouses, youth
from synergies.core.exceptions import ApplicationError
from synergies.governance.computations import COMPUTATIONS
from tests.cohesion.fixtures import apply

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _label_slugs(organisation):
    return set(organisation.labels.values_list("slug", flat=True))


def test_the_defence_partner_badge_follows_the_label_in_force(company, people):
    member = people["org_member"]
    commitment = employers.commitment_save(
        actor=member, organisation=company, fields={"kind": "defence_partner_label", "stage": "interested"}
    )
    assert "partenaire-defense-nationale" not in _label_slugs(company)
    employers.commitment_save(
        actor=people["coordinator"],
        organisation=company,
        commitment=commitment,
        fields={
            "stage": "signed",
            "signed_on": TODAY - datetime.timedelta(days=300),
            "valid_until": TODAY + datetime.timedelta(days=30),
        },
    )
    assert "partenaire-defense-nationale" in _label_slugs(company)
    assert employers.renewal_reminders_send() == 1
    assert any(people["coordinator"].email in m.to and member.email in m.to for m in mail.outbox)
    assert employers.renewal_reminders_send() == 0
    employers.renewal_reminders_send(today=TODAY + datetime.timedelta(days=31))
    assert "partenaire-defense-nationale" not in _label_slugs(company)


def test_commitments_are_recorded_by_the_organisation_or_a_coordinator_only(company, people):
    for intruder in (people["registered"], people["defence_agent"], people["other_coordinator"]):
        with pytest.raises(ApplicationError):
            employers.commitment_save(
                actor=intruder, organisation=company, fields={"kind": "spouse_pledge", "stage": "interested"}
            )
    with pytest.raises(ApplicationError, match="date de signature"):
        employers.commitment_save(
            actor=people["org_admin"], organisation=company, fields={"kind": "spouse_pledge", "stage": "signed"}
        )


def test_spouse_profiles_are_seen_by_pledged_employers_only(company, people, bretagne):
    spouse = people["registered"]
    spouses.profile_save(
        user=spouse, territory=bretagne, fields={"display_name": "M. K.", "skills": "Comptabilité, paie."}
    )
    assert not spouses.profiles_visible_to(people["org_member"]).exists()
    employers.commitment_save(
        actor=people["org_admin"],
        organisation=company,
        fields={"kind": "spouse_pledge", "stage": "signed", "signed_on": TODAY},
    )
    assert list(spouses.profiles_visible_to(people["org_member"])) == [spouse.spouse_profile]
    assert not spouses.profiles_visible_to(people["defence_agent"]).exists()
    spouses.profile_withdraw(user=spouse)
    assert not spouses.profiles_visible_to(people["org_member"]).exists()


def test_the_convention_indicators_count_cohesion(
    convention, company, people, mission, candidate, referent, unit, unit_agent
):
    day = timezone.localdate()  # the convention's day is Paris's, not UTC's
    candidate_file = apply(mission, candidate)
    for document in candidate_file.documents.all():
        document.status = "validated"
        document.save()
    for name in ("preselect", "prepare_contract", "send_contract"):
        reserve.file_transition(actor=referent, candidate_file=candidate_file, name=name)
    reserve.file_transition(actor=candidate, candidate_file=candidate_file, name="sign_contract")
    employers.commitment_save(
        actor=people["org_admin"],
        organisation=company,
        fields={"kind": "defence_partner_label", "stage": "signed", "signed_on": day},
    )
    employers.spouse_hire_report(actor=people["org_admin"], organisation=company, hired_on=day)
    youth.partnership_save(
        actor=unit_agent,
        unit=unit,
        fields={
            "programme": "cdsg",
            "name": "CDSG du lycée (test)",
            "started_on": day - datetime.timedelta(days=30),
            "young_people": 28,
        },
    )
    values = {
        key: COMPUTATIONS[key].compute(convention, day)
        for key in (
            "reserve_candidates",
            "reserve_contracts_signed",
            "reserve_decision_days",
            "partner_employers",
            "defence_partner_labels",
            "spouse_hires",
            "youth_partnerships",
            "youth_reached",
        )
    }
    assert values["reserve_candidates"] == 1 and values["reserve_contracts_signed"] == 1
    assert values["reserve_decision_days"] is not None and values["reserve_decision_days"] >= 0
    assert values["partner_employers"] == 1 and values["defence_partner_labels"] == 1
    assert values["spouse_hires"] == 1
    assert values["youth_partnerships"] == 1 and values["youth_reached"] == 28
    # Before any of it, the history reads zero.
    assert COMPUTATIONS["youth_partnerships"].compute(convention, day - datetime.timedelta(days=60)) == 0
