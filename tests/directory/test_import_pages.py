"""Coordinators' import pages: a curated list checked then confirmed; a SIRENE import run in the background."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from synergies.directory.models import ImportRun, Organisation
from synergies.directory.taxonomy import taxonomy_load
from tests.directory.sirene_files import establishment, legal_unit, siren, write_csv
from tests.directory.test_curated import GOOD, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for):
    taxonomy_load()
    return client_for("coordinator")


def test_a_list_is_checked_then_imported_on_confirmation(coordinator_client):
    content = csv_bytes(*GOOD, "X5,Bad commune,entreprise,,,,29999,,,,,,,,")
    response = coordinator_client.post(
        reverse("directory:import_upload", kwargs={"slug": "bretagne"}),
        {"file": SimpleUploadedFile("liste.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "queued" and not Organisation.objects.filter(ref="PEC").exists()
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "commune inconnue « 29999 »" in page
    errors = page[page.index("<caption>Erreurs</caption>") :]
    assert "<td>4</td>" in errors[: errors.index("</table>")]  # the bad row's line, under its caption
    assert "Confirmer l’import (2 créations, 0 mise à jour)" in " ".join(page.split()), page[page.find("<main") :]
    response = coordinator_client.post(reverse("directory:import_confirm", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    assert Organisation.objects.filter(ref__in=["ARM-1", "PEC"]).count() == 2
    run.refresh_from_db()
    assert run.status == "done" and run.report["created"] == 2
    # Confirming twice does nothing more.
    coordinator_client.post(reverse("directory:import_confirm", kwargs={"pk": run.pk}))
    assert Organisation.objects.filter(ref__in=["ARM-1", "PEC"]).count() == 2


def test_an_oversized_or_unreadable_upload_gets_a_french_message(coordinator_client, settings):
    settings.SYNERGIES_MAX_UPLOAD_BYTES = 100
    url = reverse("directory:import_upload", kwargs={"slug": "bretagne"})
    big = SimpleUploadedFile("liste.csv", b"x" * 200, content_type="text/csv")
    page = coordinator_client.post(url, {"file": big}).content.decode()
    assert "la taille maximale est de 100" in page
    settings.SYNERGIES_MAX_UPLOAD_BYTES = 10_000
    page = coordinator_client.post(url, {"file": SimpleUploadedFile("l.csv", b"a,b\n1,2\n")}).content.decode()
    assert "colonne(s) obligatoire(s) manquante(s)" in page
    page = coordinator_client.post(url, {"file": SimpleUploadedFile("l.pdf", b"%PDF")}).content.decode()
    assert "Seuls les fichiers .csv et .xlsx" in page
    assert not ImportRun.objects.exists()


@pytest.fixture
def import_dir(tmp_path, settings):
    settings.SYNERGIES_IMPORT_DIR = tmp_path
    a, b = siren(6001), siren(6002)
    write_csv(
        tmp_path / "StockEtablissement_utf8.csv", [establishment(a), establishment(b, codeCommuneEtablissement="35238")]
    )
    write_csv(tmp_path / "StockUniteLegale_utf8.csv", [legal_unit(a), legal_unit(b)])
    return tmp_path


def _start(client, **extra):
    return client.post(
        reverse("directory:import_sirene", kwargs={"slug": "bretagne"}),
        {
            "etablissements": "StockEtablissement_utf8.csv",
            "unites_legales": "StockUniteLegale_utf8.csv",
            "departements": "29,35",
            **extra,
        },
    )


def test_a_sirene_import_runs_in_the_background_and_its_report_is_shown(
    coordinator_client, import_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(coordinator_client)
    assert response.status_code == 302
    run = ImportRun.objects.get(kind="sirene")
    assert run.status == "done" and run.progress == 100 and run.report["created"] == 2
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Créés : 2" in page and "Terminé" in page.title() or "terminé" in page


def test_sirene_form_refuses_departments_outside_the_territory_and_files_outside_the_folder(
    coordinator_client, import_dir
):
    page = _start(coordinator_client, departements="29,75").content.decode()
    assert "Hors du territoire : 75" in page
    page = _start(coordinator_client, etablissements="../../etc/passwd").content.decode()
    assert "Sélectionnez un choix valide" in page
    assert not ImportRun.objects.exists()


def test_a_failed_sirene_import_says_why(coordinator_client, import_dir, django_capture_on_commit_callbacks):
    (import_dir / "StockUniteLegale_utf8.csv").write_text("siren,autre\n1,2\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator_client)
    run = ImportRun.objects.get()
    assert run.status == "failed" and "colonne(s) manquante(s)" in run.error
    page = coordinator_client.get(reverse("directory:import_detail", kwargs={"pk": run.pk})).content.decode()
    assert "L’import a échoué" in page and "colonne(s) manquante(s)" in page


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_sirene_import(client_for, import_dir):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        _start(client_for("coordinator"))
        run = ImportRun.objects.get()
        assert run.status == "queued" and DBTaskResult.objects.count() == 1
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    assert run.status == "done" and run.report["created"] == 2
    assert Organisation.objects.filter(source="sirene").count() == 2
