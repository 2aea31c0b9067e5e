"""French typography of the templates: plurals, a capital kept inside a sentence, « 1er » for the
first day of a month."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from synergies.core.templatetags.francais import date_fr


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 4, 1), "1er avril 2024"),
        (datetime.date(2024, 4, 4), "4 avril 2024"),
        (datetime.date(2024, 4, 11), "11 avril 2024"),  # « 11 », not « 1er1 »
        (datetime.date(2024, 4, 21), "21 avril 2024"),
    ],
)
def test_long_dates_say_premier_for_the_first_day_only(day, expected):
    assert date_fr(day) == expected


def test_the_weekday_and_time_formats_keep_their_parts():
    moment = datetime.datetime(2026, 12, 1, 9, 30)
    assert date_fr(moment, "l j F Y à H:i") == "mardi 1er décembre 2026 à 09:30"


def test_the_filters_need_no_load_in_a_template():
    assert render("{{ day|date_fr }} · {{ n }} organisation{{ n|pluriel }}", day=datetime.date(2025, 1, 1), n=2) == (
        "1er janvier 2025 · 2 organisations"
    )


def test_an_empty_date_renders_nothing():
    assert date_fr(None) == ""


@pytest.mark.django_db
def test_the_convention_page_shows_its_signature_date(client, convention):
    convention.signed_on = datetime.date(2024, 4, 1)
    convention.save(update_fields=["signed_on"])
    page = client.get(reverse("territories:convention", args=[convention.slug]))
    assert page.status_code == 200
    assert "Signée le 1er avril 2024" in page.content.decode()
