"""Hole 6 of the trust issue: error pages in French, with the DSFR layout and a way back."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views import defaults


def test_an_unknown_page_answers_a_french_404_with_a_way_back(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in body and "Not Found" not in body
    assert 'href="/"' in body and "fr-header" in body and 'lang="fr"' in body


def test_a_refused_page_answers_a_french_403(client_for):
    response = client_for("registered").get("/organisations/territoire/bretagne/imports/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Accès refusé" in body and "Forbidden" not in body and "fr-header" in body


def test_the_500_page_is_french_and_needs_no_database(db):
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        response = defaults.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "Erreur inattendue" in body and "Server Error" not in body and 'lang="fr"' in body
    assert len(queries) == 0
