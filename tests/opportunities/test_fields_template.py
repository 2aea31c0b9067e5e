"""The shared form template draws DSFR checkboxes that a person can see: the DSFR box is drawn by the
label only when the label follows its input directly."""

import re

import pytest
from django.template.loader import render_to_string

from synergies.matching.forms import CapabilitySearchForm


@pytest.mark.django_db
def test_each_checkbox_is_followed_by_its_label_and_keeps_its_state(bretagne):
    form = CapabilitySearchForm(data={"text": "usinage", "departments": ["29"]}, territory=bretagne)
    html = render_to_string("opportunities/_fields.html", {"form": form})
    inputs = re.findall(
        r'<input type="checkbox"[^>]*\bid="(id_departments_\d+)"[^>]*>\s*<label class="fr-label" for="(\1)"', html
    )
    assert len(inputs) == 4  # the four départements of Bretagne, each with its label right after
    checked = re.findall(r'<input type="checkbox"[^>]*value="(\d+)"[^>]*\bchecked', html)
    assert checked == ["29"]
