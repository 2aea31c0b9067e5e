import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from synergies.core.visibility import Visibility
from synergies.territories.models import Convention, ConventionDocument, Objective, Territory
from synergies.territories.services import convention_document_create, convention_load_file, shipped_conventions_load
from tests.core import documents


def test_bretagne_convention_is_loaded_from_its_data_file(convention):
    assert convention.signed_on.isoformat() == "2024-04-04"
    assert convention.territory.code == "53"
    assert [o.number for o in convention.objectives.all()] == [1, 2, 3, 4]
    names = " ".join(convention.parties.values_list("name", flat=True))
    for party in ("Ministère des Armées", "Région Bretagne", "DGA", "AID", "COMCYBER"):
        assert party in names
    assert set(convention.territory.departments.values_list("code", flat=True)) == {"22", "29", "35", "56"}


def test_loading_twice_changes_nothing(convention):
    counts = (Convention.objects.count(), Objective.objects.count())
    shipped_conventions_load()
    assert (Convention.objects.count(), Objective.objects.count()) == counts


def test_a_second_region_needs_a_data_file_only(territories, tmp_path):
    data = {
        "territory": "93",
        "slug": "paca-test",
        "title": "Convention armées–territoire Provence-Alpes-Côte d'Azur (essai)",
        "signed_on": "2025-01-15",
        "parties": [{"kind": "state", "name": "Ministère des Armées"}, {"kind": "region", "name": "Région Sud"}],
        "objectives": [{"number": 1, "title": "Les forces et leurs familles"}],
    }
    path = tmp_path / "paca.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    convention = convention_load_file(path=path)
    assert convention.territory == Territory.objects.get(code="93")
    page = Client().get(reverse("territories:convention", kwargs={"slug": "paca-test"}))
    assert "Les forces et leurs familles" in page.content.decode()
    api = Client().get("/api/v1/territories", {"with_convention": "true"}).json()
    assert {t["code"] for t in api} == {"53", "93"}


@pytest.mark.parametrize(
    "content,fragment",
    [
        ("{pas du json", "illisible"),
        (
            '{"territory": "99", "slug": "x", "title": "x", "signed_on": "2024-01-01", "objectives": []}',
            "Territoire inconnu",
        ),
        ('{"territory": "53", "slug": "x", "title": "x", "signed_on": "pas une date", "objectives": []}', "invalide"),
    ],
)
def test_bad_convention_files_get_a_french_message_and_write_nothing(territories, tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    before = Convention.objects.count()
    with pytest.raises(ApplicationError) as error:
        convention_load_file(path=path)
    assert fragment in error.value.message
    assert Convention.objects.count() == before


def test_coordinator_uploads_a_document_through_the_page(client_for, convention):
    client = client_for("coordinator")
    url = reverse("territories:document_add", kwargs={"slug": convention.slug})
    upload = SimpleUploadedFile("copil.pdf", documents.pdf("Relevé de décisions du COPIL"))
    response = client.post(
        url, {"title": "Relevé du COPIL", "file": upload, "visibility": Visibility.PARTNERS}, follow=True
    )
    assert "Le document « Relevé du COPIL » a été ajouté" in response.content.decode()
    document = ConventionDocument.objects.get()
    assert document.content_type == "application/pdf" and document.territory == convention.territory
    assert AuditEntry.objects.filter(action="document_added").exists()


@pytest.mark.parametrize(
    "title,name,data,fragment",
    [
        (
            "Relevé",
            "cr.docx",
            documents.docx("Compte rendu", footer="DIFFUSION RESTREINTE"),
            "« DIFFUSION RESTREINTE »",
        ),
        ("Note SECRET", "cr.txt", b"Compte rendu", "« SECRET »"),
        ("Relevé", "scan.pdf", documents.pdf(image_only=True), "ne peut pas être lu"),
    ],
)
def test_refused_upload_says_why_and_leaves_nothing_behind(
    client_for, convention, settings, title, name, data, fragment
):
    client = client_for("coordinator")
    url = reverse("territories:document_add", kwargs={"slug": convention.slug})
    files_before = sorted(settings.PRIVATE_MEDIA_ROOT.rglob("*"))
    response = client.post(url, {"title": title, "file": SimpleUploadedFile(name, data), "visibility": "partners"})
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert not ConventionDocument.objects.exists()
    assert sorted(settings.PRIVATE_MEDIA_ROOT.rglob("*")) == files_before
    assert not AuditEntry.objects.filter(action="document_added").exists()


def test_downloaded_document_cannot_run_script(client_for, convention, people):
    document = convention_document_create(
        convention=convention,
        title="Note",
        uploaded_file=SimpleUploadedFile("note.txt", b"Texte simple"),
        visibility=Visibility.PUBLIC,
        actor=people["coordinator"],
    )
    response = Client().get(reverse("territories:document_download", kwargs={"pk": document.pk}))
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"Texte simple"
    response.close()
