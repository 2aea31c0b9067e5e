"""The bad-file corpus (bad_files.py) through every upload and import of the platform, as a person
sends them (the pages) or an operator does (the SIRENE import): each file gets a clear French message
— never a library's English — and leaves no row and no file behind; the files the platform accepts
(legacy encodings, semicolons, control characters) are converted with their text intact."""

import html
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from synergies.core.exceptions import ApplicationError
from synergies.directory import services as directory_services
from synergies.directory.models import ImportRun, Organisation
from synergies.directory.taxonomy import taxonomy_load
from synergies.governance import services as governance_services
from synergies.governance.models import Action, SteeringImport
from synergies.opportunities.models import Opportunity
from tests.directory.sirene_files import establishment, legal_unit, siren, siret, write_csv
from tests.opportunities.fixtures import in_days
from tests.trust.bad_files import OVERSIZE_LIMIT, TableLayout, document_kinds, table_kinds

pytestmark = pytest.mark.django_db

# What a library says in English when it is let through: none of it may reach a person.
ENGLISH_INTERNALS = re.compile(
    r"Traceback|Error\b|Exception|codec can't|zip file|BadZip|openpyxl|pyarrow|Invalid|not a|"
    r"line contains NUL|field larger than|UnicodeDecode|Errno"
)
PREVIEW_MODELS = {"directory.ImportRun", "governance.SteeringImport", "core.AuditEntry"}


def _snapshot(settings, *, except_models=frozenset()):
    """Every row of the project's tables (counted per model) and every stored file."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("synergies.") and model._meta.label not in except_models
    }
    files = sorted(str(p) for p in settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file())
    return counts, files


def _visible_text(page: str) -> str:
    main = page[page.find("<main") : page.find("</main>")] if "<main" in page else page
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def _assert_french(text: str, fragment: str):
    assert fragment in text, text[:1500]
    assert not ENGLISH_INTERNALS.search(text), ENGLISH_INTERNALS.search(text).group(0) + " in: " + text[:1500]


@pytest.fixture
def small_uploads(settings):
    settings.SYNERGIES_MAX_UPLOAD_BYTES = OVERSIZE_LIMIT


# --- documents ------------------------------------------------------------------------------------


def _opportunity_data(people, bretagne, files):
    return {
        "territoire": bretagne.slug,
        "kind": "subcontracting",
        "title": "Traitement de surface",
        "description": "Anodisation de 200 pièces.",
        "publisher": people["defence_agent"].territory_roles.get().organisation.pk,
        "opens_on": "2026-01-01",
        "deadline": in_days(10).strftime("%Y-%m-%dT%H:%M"),
        "visibility": "public",
        "files": files,
        "publish": "1",
    }


def _upload_attachment(client_for, people, bretagne, upload, **_):
    data = _opportunity_data(people, bretagne, [upload])
    return client_for("defence_agent").post(reverse("opportunities:create"), data, follow=True)


def _upload_response_attachment(client_for, people, company, make_opportunity, upload, **_):
    opportunity = make_opportunity()
    return client_for("org_member").post(
        reverse("opportunities:respond", kwargs={"pk": opportunity.pk}),
        {
            "organisation": company.pk,
            "kind": "application",
            "message": "Notre offre.",
            "contact_name": "Yann",
            "contact_email": "yann@exemple.fr",
            "files": [upload],
        },
        follow=True,
    )


def _upload_evidence(client_for, people, convention, upload, **_):
    indicator = governance_services.indicator_save(
        actor=people["coordinator"],
        convention=convention,
        fields={
            "objective": convention.objectives.get(number=2),
            "code": "participants",
            "name": "Participants",
            "unit": "participants",
            "direction": "increase",
            "frequency": "quarterly",
        },
    )
    return client_for("coordinator").post(
        reverse("governance:indicator", kwargs={"pk": indicator.pk}),
        {"value": "12", "measured_on": convention.starts_on.isoformat(), "evidence_file": upload},
        follow=True,
    )


def _upload_convention_document(client_for, convention, upload, **_):
    return client_for("coordinator").post(
        reverse("territories:document_add", kwargs={"slug": convention.slug}),
        {"title": "Relevé du COPIL", "file": upload, "visibility": "partners"},
        follow=True,
    )


DOCUMENT_UPLOADS = {
    "opportunity_attachment": _upload_attachment,
    "response_attachment": _upload_response_attachment,
    "indicator_evidence": _upload_evidence,
    "convention_document": _upload_convention_document,
}


@pytest.mark.parametrize("bad", document_kinds(), ids=str)
@pytest.mark.parametrize("upload_to", DOCUMENT_UPLOADS)
def test_every_document_upload(
    upload_to, bad, small_uploads, settings, client_for, people, bretagne, convention, company, make_opportunity
):
    upload = DOCUMENT_UPLOADS[upload_to]
    # The objects the upload goes with exist before the snapshot: only what the upload writes counts.
    context = {"client_for": client_for, "people": people, "bretagne": bretagne, "convention": convention}
    context |= {"company": company}
    if upload_to == "response_attachment":
        opportunity = make_opportunity()
        context["make_opportunity"] = lambda: opportunity
    before = _snapshot(settings)
    response = upload(**context, upload=SimpleUploadedFile(bad.name, bad.content))
    assert response.status_code == 200
    if bad.refused is None:
        assert _snapshot(settings) != before
        return
    _assert_french(_visible_text(response.content.decode()), bad.refused)
    if upload_to == "indicator_evidence":  # the indicator was created by the helper, before the upload
        before[0]["governance.Indicator"] += 1
        before[0]["core.AuditEntry"] += 1
    assert _snapshot(settings) == before


# --- tables ---------------------------------------------------------------------------------------

CURATED = TableLayout(
    header=["ref", "name", "kind", "siret", "description"],
    text_column="name",
    good_row=lambda text: ["CR-1", text, "entreprise", "", "Usinage de précision"],
    rejected_row=["CR-9", "Société", "entreprise", "12345678901234", ""],
    rejected_message="est invalide (clé de contrôle)",
)
STEERING = TableLayout(
    header=["reference", "etat", "avancement", "intitule"],
    text_column="intitule",
    good_row=lambda text: ["1.1", "en cours", "50", text],
    rejected_row=["9.9", "en cours", "10", "Action"],
    rejected_message="action inconnue « 9.9 »",
)


def _curated_import(client, bretagne, convention, upload):
    response = client.post(reverse("directory:import_upload", kwargs={"slug": bretagne.slug}), {"file": upload})
    if response.status_code != 302:
        return response, None
    run = ImportRun.objects.latest("pk")
    return client.get(response["Location"]), reverse("directory:import_confirm", kwargs={"pk": run.pk})


def _curated_stored():
    return list(Organisation.objects.filter(ref="CR-1").values_list("name", flat=True))


def _steering_import(client, bretagne, convention, upload):
    response = client.post(reverse("governance:import", kwargs={"slug": convention.slug}), {"file": upload})
    if response.status_code != 302:
        return response, None
    run = SteeringImport.objects.latest("pk")
    return client.get(response["Location"]), reverse("governance:import_detail", kwargs={"pk": run.pk})


def _steering_stored():
    return list(Action.objects.filter(reference="1.1", progress=50).values_list("title", flat=True))


TABLE_IMPORTS = {
    "curated_list": (CURATED, _curated_import, _curated_stored),
    "steering_update": (STEERING, _steering_import, _steering_stored),
}


@pytest.mark.parametrize(
    "import_to,bad",
    [(name, bad) for name, (layout, _, _) in TABLE_IMPORTS.items() for bad in table_kinds(layout)],
    ids=str,
)
def test_every_table_import(import_to, bad, small_uploads, settings, client_for, people, bretagne, convention):
    taxonomy_load()
    layout, send, stored = TABLE_IMPORTS[import_to]
    governance_services.action_save(
        actor=people["coordinator"],
        convention=convention,
        fields={"objective": convention.objectives.get(number=1), "reference": "1.1", "title": "A", "lead": "region"},
    )
    client = client_for("coordinator")
    before = _snapshot(settings)
    before_domain = _snapshot(settings, except_models=PREVIEW_MODELS)[0]
    page, confirm_url = send(client, bretagne, convention, SimpleUploadedFile(bad.name, bad.content))
    assert page.status_code in (200, 400)  # 400: the form, with its errors
    text = _visible_text(page.content.decode())
    if bad.refused and confirm_url is None:  # the whole file is refused: nothing at all is written
        _assert_french(text, bad.refused)
        assert _snapshot(settings) == before
        return
    assert confirm_url is not None, text[:2000]
    assert not ENGLISH_INTERNALS.search(text), text[:3000]
    client.post(confirm_url)
    if bad.refused:  # the line is refused: shown in the preview, never written
        _assert_french(text, bad.refused)
        assert _snapshot(settings, except_models=PREVIEW_MODELS)[0] == before_domain
        assert stored() == []
    elif bad.stored:
        assert [value for value in stored() if bad.stored in value], (stored(), text[:2000])
        if "encod" in bad.kind or bad.kind in {"latin1", "cp1252", "utf16"}:
            assert "converti en UTF-8" in text
    # A preview's file is deleted once the import is confirmed: no file is left behind.
    assert _snapshot(settings)[1] == before[1]


def test_an_imported_formula_is_neutralised_in_the_exports(client_for, bretagne, settings):
    taxonomy_load()
    bad = next(b for b in table_kinds(CURATED) if b.kind == "formula_injection")
    client = client_for("coordinator")
    _, confirm_url = _curated_import(client, bretagne, None, SimpleUploadedFile(bad.name, bad.content))
    client.post(confirm_url)
    organisation = Organisation.objects.get(ref="CR-1")
    organisation.status = "active"
    organisation.save()
    body = b"".join(client.get(reverse("directory:export", kwargs={"fmt": "csv"})).streaming_content).decode()
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


# --- the SIRENE import (files an operator puts in the import folder) ------------------------------


def _sirene_files(tmp_path, kind: str):
    a, b = siren(7001), siren(7002)
    good_units = [legal_unit(a), legal_unit(b)]
    establishments = tmp_path / "etablissements.csv"
    units = tmp_path / "unites.csv"
    write_csv(units, good_units)
    rows = [establishment(a), establishment(b)]
    if kind == "bad_siret":
        rows[1]["siret"] = siret(b)[:-1] + str((int(siret(b)[-1]) + 1) % 10)
        write_csv(establishments, rows)
    elif kind in {"latin1", "cp1252"}:
        write_csv(establishments, rows)
        name = "FORÊT D’ARMOR" if kind == "cp1252" else "FORÊT D'ARMOR"
        write_csv(units, [legal_unit(a, denominationUniteLegale=name), legal_unit(b)], encoding=kind)
    elif kind == "control_characters":
        write_csv(establishments, rows)
        write_csv(units, [legal_unit(a, denominationUniteLegale="ARMOR\x0bUSINAGE\x07"), legal_unit(b)])
    else:
        write_csv(establishments, rows)
        content = {
            "empty": b"",
            "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
            "semicolon": establishments.read_text().replace(",", ";").encode(),
            "truncated_zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x01" * 40,
            "html": b"<!DOCTYPE html><html><script>x</script></html>",
        }[kind]
        establishments = tmp_path / ("etablissements.zip" if "zip" in kind else "etablissements.csv")
        establishments.write_bytes(content)
    return establishments, units


@pytest.mark.parametrize(
    "kind,outcome",
    [
        ("empty", "colonne(s) manquante(s)"),
        ("png", "n'est pas un CSV"),
        ("html", "colonne(s) manquante(s)"),
        ("semicolon", "colonne(s) manquante(s)"),
        ("truncated_zip", "l'archive zip"),
        ("bad_siret", "accepted"),
        ("latin1", "accepted"),
        ("cp1252", "accepted"),
        ("control_characters", "accepted"),
    ],
)
def test_the_sirene_import(kind, outcome, tmp_path, bretagne, settings):
    establishments, units = _sirene_files(tmp_path, kind)
    before = _snapshot(settings)
    if outcome != "accepted":
        with pytest.raises(ApplicationError) as error:
            directory_services.sirene_import(
                establishments_path=establishments, legal_units_path=units, departments=["29", "35"]
            )
        _assert_french(error.value.message, outcome)
        assert _snapshot(settings) == before
        return
    report = directory_services.sirene_import(
        establishments_path=establishments, legal_units_path=units, departments=["29", "35"]
    )
    names = list(Organisation.objects.order_by("siren").values_list("name", flat=True))
    if kind == "bad_siret":
        assert report.created == 1 and sum(report.rejected.values()) == 1
    elif kind == "control_characters":
        assert report.created == 2 and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", "".join(names))
    else:
        assert report.created == 2 and names[0].startswith("FORÊT D") and "converti en UTF-8" in report.notes[0]
    assert not Opportunity.objects.exists()
