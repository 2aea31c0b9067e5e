import pytest
from django.core.management import CommandError, call_command

from synergies.core.exceptions import ApplicationError
from synergies.core.models import AuditEntry
from synergies.directory import services
from synergies.directory.enums import OrganisationSource
from synergies.directory.models import Capability, Organisation
from synergies.directory.reference import communes
from synergies.directory.taxonomy import taxonomy_load
from tests.directory.sirene_files import establishment, legal_unit, siren, siret, write_csv, write_zip

pytestmark = pytest.mark.django_db
BRETAGNE = ["22", "29", "35", "56"]


@pytest.fixture
def files(tmp_path, territories):
    """Eight establishments: three good ones in Bretagne, the others each with one reason to be left out."""
    a, b, c, d, e, f, g = (siren(n) for n in (1001, 1002, 1003, 1004, 1005, 1006, 1007))
    establishments = [
        establishment(a, enseigne1Etablissement="ARMOR USINAGE"),
        establishment(
            b,
            codeCommuneEtablissement="35238",
            codePostalEtablissement="35000",
            activitePrincipaleEtablissement="62.01Z",
        ),
        establishment(
            c,
            codeCommuneEtablissement="56260",
            coordonneeLambertAbscisseEtablissement="",
            coordonneeLambertOrdonneeEtablissement="",
        ),
        establishment(d, codeCommuneEtablissement="75056"),  # Paris: outside the territory
        establishment(e, statutDiffusionEtablissement="P"),  # partial diffusion
        establishment(f),  # individual entrepreneur
        establishment(g, etatAdministratifEtablissement="F"),  # closed, not in the directory
        establishment(a, nic=2, siret=siret(a, 2)[:-1] + str((int(siret(a, 2)[-1]) + 1) % 10)),  # bad checksum
    ]
    legal_units = [
        legal_unit(a, denominationUniteLegale="ARMOR USINAGE SAS", sigleUniteLegale="AU"),
        legal_unit(b, denominationUniteLegale="CYBERSEC OUEST", categorieEntreprise="ETI"),
        legal_unit(c),
        legal_unit(d),
        legal_unit(e),
        legal_unit(f, categorieJuridiqueUniteLegale="1000", nomUniteLegale="DUPONT", prenom1UniteLegale="JEAN"),
        legal_unit(g),
    ]
    return {
        "etablissements": write_csv(tmp_path / "StockEtablissement_utf8.csv", establishments),
        "unites_legales": write_csv(tmp_path / "StockUniteLegale_utf8.csv", legal_units),
        "sirens": (a, b, c, d, e, f, g),
        "tmp": tmp_path,
    }


def run(files, **options):
    return services.sirene_import(
        establishments_path=files["etablissements"],
        legal_units_path=files["unites_legales"],
        departments=BRETAGNE,
        **options,
    )


def test_import_keeps_active_public_valid_establishments_of_the_territory(files):
    report = run(files)
    assert (report.read, report.in_territory, report.kept, report.created) == (8, 7, 3, 3)
    a, b, c, *_ = files["sirens"]
    bad_siret = siret(a, 2)[:-1] + str((int(siret(a, 2)[-1]) + 1) % 10)
    assert report.skipped == {
        "diffusion partielle (non importé)": 1,
        "entrepreneur individuel (données personnelles, non importé)": 1,
    }
    assert report.rejected == {f"le SIRET « {bad_siret} » est invalide (clé de contrôle)": 1}
    armor = Organisation.objects.get(siret=siret(a))
    assert armor.name == "ARMOR USINAGE" and armor.legal_name == "ARMOR USINAGE SAS" and armor.acronym == "AU"
    assert (armor.naf_code, armor.headcount_band, armor.headcount_year, armor.category) == ("25.62B", "12", 2023, "PME")
    assert (armor.city, armor.department, armor.address) == ("Brest", "29", "12 rue De Siam")
    assert armor.source == OrganisationSource.SIRENE and armor.territory.code == "53"
    # Lambert-93 → WGS84: the point is in Brest.
    assert 48.35 < armor.latitude < 48.45 and -4.6 < armor.longitude < -4.4
    # Without coordinates, the commune's centre (Vannes).
    vannes = Organisation.objects.get(siret=siret(c))
    centre = communes()["56260"]
    assert (vannes.latitude, vannes.longitude) == (centre.latitude, centre.longitude)
    assert Organisation.objects.get(siret=siret(b)).kind == "entreprise"
    # Nothing personal: the individual entrepreneur's name is nowhere.
    assert not Organisation.objects.filter(name__icontains="DUPONT").exists()


def test_rejections_name_the_line_and_the_reason(files):
    report = run(files)
    assert [(line, "clé de contrôle" in reason) for line, _, reason in report.examples] == [(9, True)]


def test_a_second_run_changes_nothing_and_a_changed_row_is_updated_without_touching_curated_data(files):
    run(files)
    armor = Organisation.objects.get(siret=siret(files["sirens"][0]))
    armor.description = "Usinage de pièces en titane pour la Marine."
    armor.name = "Armor Usinage de précision"
    armor.save()
    report = run(files)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    # SIRENE now says 50-99 employees: the band changes, the curated text and name stay.
    rows = [
        establishment(files["sirens"][0], enseigne1Etablissement="ARMOR USINAGE", trancheEffectifsEtablissement="21")
    ]
    write_csv(files["etablissements"], rows)
    report = run(files)
    assert (report.created, report.updated) == (0, 1)
    armor.refresh_from_db()
    assert armor.headcount_band == "21"
    assert armor.description.startswith("Usinage de pièces") and armor.name == "Armor Usinage de précision"


def test_a_closed_establishment_is_marked_closed_never_deleted(files):
    run(files)
    a = files["sirens"][0]
    write_csv(files["etablissements"], [establishment(a, etatAdministratifEtablissement="F")])
    report = run(files)
    assert report.closed == 1
    armor = Organisation.objects.get(siret=siret(a))
    assert armor.is_closed
    # Reopened later: active again.
    write_csv(files["etablissements"], [establishment(a)])
    assert run(files).updated == 1
    armor.refresh_from_db()
    assert not armor.is_closed


def test_dry_run_counts_without_writing(files):
    report = run(files, dry_run=True)
    assert report.created == 3
    assert Organisation.objects.count() == 0
    assert not AuditEntry.objects.filter(action="sirene_imported").exists()


def test_one_audit_entry_per_run_with_its_report(files):
    before = AuditEntry.objects.count()
    run(files)
    entries = AuditEntry.objects.filter(action="sirene_imported")
    assert entries.count() == 1
    assert entries.get().changes["compte_rendu"]["created"] == 3
    assert AuditEntry.objects.count() == before + 1  # not one per row


def test_naf_filter(files):
    report = run(files, naf_prefixes=["62."])
    assert report.in_territory == 1 and report.created == 1


def test_zipped_files_and_renamed_or_reordered_columns(files):
    tmp = files["tmp"]
    a = siren(2001)
    row = establishment(a)
    header = list(reversed(list(row)))  # order does not matter
    write_csv(tmp / "e.csv", [row], header=header)
    zipped = write_zip(tmp / "StockUniteLegale_utf8.zip", "StockUniteLegale_utf8.csv", [legal_unit(a)])
    report = services.sirene_import(establishments_path=tmp / "e.csv", legal_units_path=zipped, departments=["29"])
    assert report.created == 1


def test_files_without_the_naf_2025_columns_are_read(files):
    tmp = files["tmp"]
    a = siren(2002)
    row = establishment(a)
    del row["activitePrincipaleNAF25Etablissement"]
    write_csv(tmp / "old.csv", [row])
    report = services.sirene_import(
        establishments_path=tmp / "old.csv", legal_units_path=files["unites_legales"], departments=["29"]
    )
    assert report.read == 1 and report.rejected == {"unité légale absente du fichier des unités légales": 1}


@pytest.mark.parametrize(
    "problem,message",
    [
        ("missing_column", "colonne(s) manquante(s) : codeCommuneEtablissement"),
        ("truncated_zip", "l'archive zip est tronquée"),
        ("missing_file", "est introuvable"),
    ],
)
def test_unreadable_files_get_a_clear_french_message_and_nothing_is_written(files, problem, message):
    tmp = files["tmp"]
    path = tmp / "bad.csv"
    a = siren(3001)
    if problem == "missing_column":
        row = establishment(a)
        del row["codeCommuneEtablissement"]
        write_csv(path, [row])
    elif problem == "latin1":
        write_csv(
            path,
            [establishment(a), establishment(siren(3002), libelleVoieEtablissement="DE LA FORÊT")],
            encoding="latin-1",
        )
    elif problem == "truncated_zip":
        write_zip(tmp / "full.zip", "StockEtablissement_utf8.csv", [establishment(a)] * 200)
        path = tmp / "bad.zip"
        path.write_bytes((tmp / "full.zip").read_bytes()[:300])
    else:
        path = tmp / "absent.csv"
    with pytest.raises(ApplicationError) as error:
        services.sirene_import(establishments_path=path, legal_units_path=files["unites_legales"], departments=BRETAGNE)
    assert message in error.value.message
    assert Organisation.objects.count() == 0


def test_a_windows_1252_file_is_converted_with_a_note(files):
    tmp = files["tmp"]
    a, b = siren(3001), siren(3002)
    write_csv(
        tmp / "ansi.csv",
        [establishment(a), establishment(b, libelleVoieEtablissement="DE LA FORÊT")],
        encoding="cp1252",
    )
    write_csv(tmp / "ul.csv", [legal_unit(a), legal_unit(b, denominationUniteLegale="L’ÉCLUSE")], encoding="cp1252")
    report = services.sirene_import(
        establishments_path=tmp / "ansi.csv", legal_units_path=tmp / "ul.csv", departments=BRETAGNE
    )
    assert report.created == 2
    assert report.notes == [
        "Fichier des établissements : le fichier était encodé en Windows-1252 (« ANSI ») ; il a été converti en UTF-8.",
        "Fichier des unités légales : le fichier était encodé en Windows-1252 (« ANSI ») ; il a été converti en UTF-8.",
    ]
    organisation = Organisation.objects.get(siret__startswith=b)
    assert "FORÊT" in organisation.address.upper() and organisation.name.upper().startswith("L’ÉCLUSE")


def test_unknown_commune_and_naf_are_rejected_with_the_line(files):
    tmp = files["tmp"]
    a, b, c = siren(4001), siren(4002), siren(4003)
    write_csv(
        tmp / "e.csv",
        [
            establishment(a, codeCommuneEtablissement="29999"),
            establishment(b, activitePrincipaleEtablissement="99.99X"),
            establishment(c),
        ],
    )
    write_csv(tmp / "u.csv", [legal_unit(a), legal_unit(b), legal_unit(c)])
    report = services.sirene_import(
        establishments_path=tmp / "e.csv", legal_units_path=tmp / "u.csv", departments=["29"]
    )
    assert report.created == 1
    assert [(line, reason) for line, _, reason in report.examples] == [
        (2, "commune inconnue « 29999 »"),
        (3, "code NAF inconnu « 99.99X »"),
    ]


def test_departments_must_exist_and_share_a_territory(files):
    with pytest.raises(ApplicationError, match="Département\\(s\\) inconnu\\(s\\) : 99"):
        services.sirene_import(
            establishments_path=files["etablissements"],
            legal_units_path=files["unites_legales"],
            departments=["29", "99"],
        )
    with pytest.raises(ApplicationError, match="même territoire"):
        services.sirene_import(
            establishments_path=files["etablissements"],
            legal_units_path=files["unites_legales"],
            departments=["29", "75"],
        )


def test_command_prints_the_report(files, capsys):
    call_command(
        "import_sirene",
        "--etablissements",
        str(files["etablissements"]),
        "--unites-legales",
        str(files["unites_legales"]),
        "--departements",
        "22,29,35,56",
        "--no-progress",
    )
    out = capsys.readouterr().out
    assert "Lignes lues : 8" in out and "Organisations qui ont été créées : 3" in out
    assert "entrepreneur individuel" in out and "ligne 9 (SIRET" in out


def test_command_error_is_french(files):
    with pytest.raises(CommandError, match="introuvable"):
        call_command(
            "import_sirene", "--etablissements", "/nulle/part.csv", "--unites-legales", "x", "--departements", "29"
        )


def test_search_document_is_built_for_imported_organisations(files):
    taxonomy_load()
    run(files)
    armor = Organisation.objects.get(siret=siret(files["sirens"][0]))
    document = armor.search_document.split()
    assert {"usinag", "sas", "brest", "mecan"} <= set(document)  # name, legal name, commune, NAF label
    assert Capability.objects.count() > 40


def test_an_interrupted_import_leaves_a_consistent_directory_and_a_rerun_finishes(files, monkeypatch):
    """Each chunk is its own transaction: a crash in the middle keeps the written chunks whole."""
    monkeypatch.setattr(services, "WRITE_CHUNK", 1)
    original = services._sirene_write_chunk
    calls = {"n": 0}

    def crash_on_second_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as abrupt as it gets inside Python
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_sirene_write_chunk", crash_on_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        run(files)
    written = Organisation.objects.count()
    assert 0 < written < 3  # the first chunk is there, whole; the rest is not
    assert all(o.search_document and o.siret for o in Organisation.objects.all())
    monkeypatch.setattr(services, "_sirene_write_chunk", original)
    report = run(files)
    assert report.created == 3 - written and report.unchanged == written
    assert Organisation.objects.count() == 3
