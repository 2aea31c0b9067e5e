"""The demo territory (`make demo`): idempotent, an account for every role, companies with a full
SIRENE-like identity that stays clearly fictional."""

import pytest

from synergies.directory import reference
from synergies.directory.models import Organisation
from synergies.site.demo import DEMO_COMPANIES, demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_to_the_same_territory():
    accounts = demo_load()
    counts = Organisation.objects.count()
    assert len(accounts) >= 8
    assert demo_load() and Organisation.objects.count() == counts


def test_named_demo_companies_show_a_valid_fictional_identity():
    demo_load()
    for name, *_ in DEMO_COMPANIES:
        company = Organisation.objects.get(name=name)
        assert company.is_demo
        assert reference.siret_problem(company.siret) is None
        assert company.siret.startswith("00")  # SIREN 00…: never attributed by Insee
        assert reference.naf_label(company.naf_code)  # a known NAF code, shown with its label
        assert company.headcount_band and company.category
