import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from synergies.core.exceptions import ApplicationError
from synergies.directory.curated import organisations_check, organisations_import
from synergies.directory.models import Organisation
from synergies.directory.taxonomy import taxonomy_load
from tests.directory.sirene_files import siren, siret

pytestmark = pytest.mark.django_db

HEADER = "ref,name,kind,siret,naf_code,headcount_band,commune_insee,postal_code,city,department,description,capabilities,certifications,website,couleur\n"


@pytest.fixture(autouse=True)
def taxonomy(bretagne):
    taxonomy_load()


def csv_bytes(*rows, header=HEADER):
    return ("\ufeff" + header + "".join(row + "\n" for row in rows)).encode()


GOOD = [
    f'ARM-1,Armor Usinage,entreprise,{siret(siren(5001))},25.62B,12,29019,,,,"Pièces usinées, titane",Usinage CN;Fraisage;robots de cuisine,en9100;ISO 9001;habilitation défense,armor.example,bleu',
    "PEC,Pôle d'excellence cyber,pole_cluster,,,,,35000,Rennes,,Formation et recherche,cyberdéfense,,https://www.pole-excellence-cyber.org,",
]


def run(content, bretagne, filename="liste.csv", **options):
    return organisations_import(content=content, filename=filename, territory=bretagne, **options)


def test_a_good_file_creates_organisations_with_mapped_capabilities_and_certifications(bretagne):
    report = run(csv_bytes(*GOOD), bretagne)
    assert (report.count("created"), report.count("error")) == (2, 0)
    assert report.unknown_columns == ["couleur"]
    armor = Organisation.objects.get(ref="ARM-1")
    assert armor.siret == siret(siren(5001)) and armor.naf_code == "25.62B" and armor.city == "Brest"
    assert armor.department == "29" and armor.latitude is not None
    assert sorted(c.slug for c in armor.capabilities.all()) == ["usinage-precision"]  # both labels map to it
    assert armor.keywords == ["robots de cuisine"]
    assert sorted(c.certification.slug for c in armor.certifications.all()) == ["en-9100", "iso-9001"]
    assert armor.has_clearance is True
    assert armor.website == "https://armor.example"
    assert "usin" in armor.search_document.split()
    pec = Organisation.objects.get(ref="PEC")
    assert (pec.commune_insee, pec.department) == ("35238", "35")  # found from postal code and city
    assert [c.slug for c in pec.capabilities.all()] == ["lutte-informatique"]


def test_a_town_named_without_a_code_is_found_or_kept_as_typed(bretagne):
    report = run(
        csv_bytes(
            "T-1,Quai Sud,entreprise,,,,,,Lorient,56,,,,,",  # one Lorient in the Morbihan
            "T-2,Anse Nord,entreprise,,,,,,Saint-Malo,,,,,,",  # one Saint-Malo in France
            "T-3,Lande Est,entreprise,,,,,,Kerzzz,29,,,,,",  # no such commune
        ),
        bretagne,
    )
    assert report.count("error") == 0
    lorient, malo, lande = (Organisation.objects.get(ref=ref) for ref in ("T-1", "T-2", "T-3"))
    assert (lorient.city, lorient.commune_insee, lorient.latitude is not None) == ("Lorient", "56121", True)
    assert (malo.city, malo.department) == ("Saint-Malo", "35")
    assert (lande.city, lande.commune_insee, lande.latitude) == ("Kerzzz", "", None)
    assert any("Kerzzz" in warning for row in report.rows for warning in row.warnings)


def test_re_running_the_same_file_changes_nothing(bretagne):
    run(csv_bytes(*GOOD), bretagne)
    report = run(csv_bytes(*GOOD), bretagne)
    assert (report.count("created"), report.count("updated"), report.count("unchanged")) == (0, 0, 2)


def test_a_changed_row_updates_by_ref(bretagne):
    run(csv_bytes(*GOOD), bretagne)
    changed = GOOD[0].replace("Pièces usinées, titane", "Pièces en titane et inconel")
    report = run(csv_bytes(changed, GOOD[1]), bretagne)
    assert (report.count("updated"), report.count("unchanged")) == (1, 1)
    assert Organisation.objects.get(ref="ARM-1").description == "Pièces en titane et inconel"


def test_a_siret_links_the_row_to_an_existing_sirene_establishment(bretagne, company):
    company.siret = siret(siren(5001))
    company.save()
    report = run(csv_bytes(GOOD[0]), bretagne)
    assert report.count("updated") == 1
    company.refresh_from_db()
    assert company.ref == "ARM-1" and company.name == "Armor Usinage"
    assert Organisation.objects.filter(siret=company.siret).count() == 1


@pytest.mark.parametrize(
    "row,message",
    [
        (",Sans ref,entreprise,,,,,,,,,,,,", "la colonne « ref » est vide"),
        ("X1,Bad kind,usine,,,,,,,,,,,,", "type « usine » inconnu"),
        (f"X2,Bad siret,entreprise,{siret(siren(5002))[:-1]}0,,,,,,,,,,,", "clé de contrôle"),
        ("X3,Short siret,entreprise,1234,,,,,,,,,,,", "14 chiffres"),
        ("X4,Bad naf,entreprise,,99.99X,,,,,,,,,,", "code NAF inconnu « 99.99X »"),
        ("X5,Bad commune,entreprise,,,,29999,,,,,,,,", "commune inconnue « 29999 »"),
        ("X6,Nantes,entreprise,,,,44109,,,,,,,,", "n'appartient pas au territoire"),
        ("X7,Marked,entreprise,,,,,,,,Note DIFFUSION RESTREINTE,,,,", "mention de protection « DIFFUSION RESTREINTE »"),
        ("X8,Bad band,entreprise,,,99,,,,,,,,,", "tranche d'effectif inconnue"),
        ("X9,Bad web,entreprise,,,,,,,,,,,pas une url,", "site web invalide"),
        ("X10,Bad dep,entreprise,,,,29019,,,35,,,,,", "ne correspond pas à la commune"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_the_others_are_imported(bretagne, row, message):
    report = run(csv_bytes(GOOD[1], row), bretagne)
    assert report.count("created") == 1
    errors = report.errors
    assert len(errors) >= 1 and errors[0][0] == 3 and message in errors[0][1], errors


def test_duplicates_inside_the_file_and_a_siret_owned_elsewhere(bretagne, company):
    company.siret, company.ref = siret(siren(5001)), "OTHER"
    company.save()
    report = run(csv_bytes(GOOD[0], GOOD[1], GOOD[1]), bretagne)
    messages = [message for _, message in report.errors]
    assert any("appartient déjà à « Armor Usinage (test) » (référence OTHER)" in m for m in messages)
    assert any("référence « PEC » déjà utilisée ligne 3" in m for m in messages)


def test_dry_run_writes_nothing(bretagne):
    report = run(csv_bytes(*GOOD), bretagne, dry_run=True)
    assert report.count("created") == 2
    assert not Organisation.objects.filter(ref__in=["ARM-1", "PEC"]).exists()


@pytest.mark.parametrize(
    "content,message",
    [
        (b"ref,appellation,kind\nA,B,entreprise\n", "colonne(s) obligatoire(s) manquante(s) : name"),
        (b"", "Le fichier est vide"),
        (b"PK\x03\x04 not really a workbook", "Le classeur XLSX est illisible"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Ce fichier n'est pas un tableau"),
    ],
)
def test_unreadable_files(bretagne, content, message):
    with pytest.raises(ApplicationError) as error:
        run(content, bretagne)
    assert message in error.value.message


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_legacy_encoding_is_converted_with_a_note(bretagne, encoding):
    content = (HEADER + "A,Forêt d’Armor,entreprise\n".replace("’", "'" if encoding == "latin-1" else "’")).encode(
        encoding
    )
    report = run(content, bretagne)
    assert report.count("created") == 1 and "converti en UTF-8" in report.notes[0]
    assert Organisation.objects.get(ref="A").name.startswith("Forêt d")


def test_xlsx_files_are_read_with_numbers_turned_back_into_codes(bretagne):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ref", "name", "kind", "siret", "commune_insee", "headcount_band"])
    sheet.append(["XL-1", "Classeur SA", "entreprise", int(siret(siren(5003))), 29019, 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), bretagne, filename="liste.xlsx")
    assert report.count("created") == 1, report.errors
    organisation = Organisation.objects.get(ref="XL-1")
    assert organisation.headcount_band == "02" and organisation.commune_insee == "29019"


def test_check_reports_without_writing(bretagne):
    report, rows = organisations_check(csv_bytes(*GOOD), "liste.csv", bretagne)
    assert len(rows) == 2 and not Organisation.objects.filter(ref="PEC").exists()


def test_command(tmp_path, bretagne, capsys):
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes(*GOOD, "X5,Bad commune,entreprise,,,,29999,,,,,,,,"))
    call_command("import_organisations", str(path))
    out = capsys.readouterr().out
    assert "Organisations qui ont été créées : 2" in out and "ligne 4 : commune inconnue « 29999 »" in out
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_organisations", str(tmp_path / "absent.csv"))


def test_french_titles_and_kinds_in_words_are_read_like_the_keys(bretagne):
    """A file from French Excel (« ; », Windows-1252, « Nom », « unité militaire ») imports as the format does."""
    content = "Référence;Nom;Type;Code commune INSEE\nU-1;Base navale de Brest;unité militaire;29019\n".encode("cp1252")
    report = run(content, bretagne)
    assert report.count("created") == 1, report.errors
    unit = Organisation.objects.get(ref="U-1")
    assert unit.kind == "unite_militaire" and unit.city == "Brest"
    assert "converti en UTF-8" in report.notes[0]


def test_the_template_file_imports_as_it_is(client_for, bretagne, people):
    from django.urls import reverse

    client = client_for("coordinator")
    for fmt, name in (("xlsx", "modele.xlsx"), ("csv", "modele.csv")):
        template = client.get(reverse("directory:import_template", kwargs={"fmt": fmt}))
        content = b"".join(template.streaming_content) if template.streaming else template.content
        report = run(content, bretagne, filename=name, dry_run=True)
        assert report.count("created") == 1 and not report.errors, (fmt, report.errors)
