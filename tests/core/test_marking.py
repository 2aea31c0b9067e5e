import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from synergies.core.documents import validate_document
from synergies.core.exceptions import ApplicationError
from synergies.core.marking import find_marking, validate_no_marking
from tests.core import documents


@pytest.mark.parametrize(
    "text,label",
    [
        ("DIFFUSION RESTREINTE", "DIFFUSION RESTREINTE"),
        ("Document en diffusion restreinte, ne pas diffuser", "DIFFUSION RESTREINTE"),
        ("Diffusion-Restreinte", "DIFFUSION RESTREINTE"),
        ("diffusion\nrestreinte", "DIFFUSION RESTREINTE"),
        ("CONFIDENTIEL DÉFENSE", "CONFIDENTIEL DÉFENSE"),
        ("confidentiel defense", "CONFIDENTIEL DÉFENSE"),
        ("Secret Défense", "SECRET DÉFENSE"),
        ("TRÈS SECRET DÉFENSE", "TRÈS SECRET DÉFENSE"),
        ("très secret", "TRÈS SECRET"),
        ("TRES SECRET", "TRÈS SECRET"),
        ("NATO RESTRICTED", "NATO RESTRICTED"),
        ("Nato Confidential", "NATO CONFIDENTIAL"),
        ("nato secret", "NATO SECRET"),
        ("COSMIC TOP SECRET", "COSMIC TOP SECRET"),
        ("Spécial France", "SPÉCIAL FRANCE"),
        ("SPECIAL FRANCE", "SPÉCIAL FRANCE"),
        ("RESTREINT UE", "RESTREINT UE"),
        ("EU RESTRICTED", "EU RESTRICTED"),
        ("SECRET", "SECRET"),
        ("Note SECRET — exemplaire 3", "SECRET"),
        ("TOP SECRET", "SECRET"),
    ],
)
def test_protective_markings_are_found(text, label):
    assert find_marking(text) == label


@pytest.mark.parametrize(
    "text",
    [
        "Le secret des affaires protège nos procédés.",
        "SECRET DES AFFAIRES",
        "Secret professionnel et secret médical.",
        "Un secret bien gardé",
        "Diffusion large, usage restreint",
        "La diffusion de ce document est restreinte aux membres",  # words apart
        "Notre offre spéciale pour la France",
        "Restreintes les diffusions ?",
        "Usinage 5 axes titane, certifié EN 9100",
        "secretariat@exemple.fr, SECRETARIAT",
        "",
    ],
)
def test_innocent_look_alikes_pass(text):
    assert find_marking(text) is None


def test_validator_message_is_french_and_names_the_marking():
    with pytest.raises(ValidationError) as error:
        validate_no_marking("Annexe — DIFFUSION RESTREINTE")
    message = error.value.messages[0]
    assert "« DIFFUSION RESTREINTE »" in message
    assert "aucune information classifiée" in message


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    "name,data",
    [
        ("corps.pdf", documents.pdf("Compte rendu DIFFUSION RESTREINTE")),
        ("entete.pdf", documents.pdf("Compte rendu.", header="CONFIDENTIEL DEFENSE")),
        ("pied.pdf", documents.pdf("Compte rendu.", footer="NATO RESTRICTED")),
        ("meta.pdf", documents.pdf("Compte rendu.", title="Diffusion Restreinte")),
        ("corps.docx", documents.docx("Ceci est SECRET")),
        ("entete.docx", documents.docx("Compte rendu.", header="Diffusion restreinte")),
        ("pied.docx", documents.docx("Compte rendu.", footer="SPÉCIAL FRANCE")),
        ("meta.docx", documents.docx("Compte rendu.", title="SECRET DEFENSE")),
        ("corps.odt", documents.odt("TRÈS SECRET")),
        ("pied.odt", documents.odt("Compte rendu.", footer="diffusion restreinte")),
        ("meta.odt", documents.odt("Compte rendu.", title="NATO SECRET")),
        ("note.txt", b"Objet : essais\nDIFFUSION RESTREINTE\n"),
        ("latin1.txt", "Objet : essais — CONFIDENTIEL DÉFENSE".encode("cp1252")),
    ],
)
def test_marked_documents_are_refused_wherever_the_marking_hides(name, data):
    with pytest.raises(ValidationError) as error:
        validate_document(upload(name, data))
    assert error.value.code == "protective_marking"
    assert name in error.value.messages[0]


@pytest.mark.parametrize(
    "name,data,kind",
    [
        ("cr.pdf", documents.pdf("Le secret des affaires s'applique."), "pdf"),
        ("cr.docx", documents.docx("Compte rendu du COPIL", header="Région Bretagne"), "docx"),
        ("cr.odt", documents.odt("Compte rendu du COPIL", footer="page 1"), "odt"),
        ("cr.txt", b"Compte rendu du COPIL", "txt"),
        ("sans-extension", documents.pdf("Rapport"), "pdf"),  # judged by content, not by name
    ],
)
def test_clean_documents_pass(name, data, kind):
    assert validate_document(upload(name, data)).code == kind


@pytest.mark.parametrize(
    "name,data,fragment",
    [
        ("scan.pdf", documents.pdf(image_only=True), "ne peut pas être lu"),
        ("tronque.docx", documents.docx("Compte rendu")[:300], "endommagée ou tronquée"),
        ("page.txt", b"<html><body><script>alert(1)</script></body></html>", "HTML"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        ("programme.pdf", b"\x7fELF\x02\x01\x01\x00" + bytes(200), "pas accepté"),
        ("archive.docx", b"PK\x03\x04" + bytes(100), "endommagée"),
    ],
)
def test_unreadable_or_unaccepted_documents_are_refused_with_a_reason(name, data, fragment):
    with pytest.raises(ValidationError) as error:
        validate_document(upload(name, data))
    assert fragment in error.value.messages[0]


def test_oversized_document_is_refused(settings):
    settings.SYNERGIES_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        validate_document(upload("gros.txt", b"a" * 1001))
    assert error.value.code == "file_too_large"
    assert "taille maximale" in error.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "DIFFUSION\u200bRESTREINTE",  # zero-width space between the words
        "DIFF\u200bUSION RESTREINTE",  # zero-width space inside a word
        "DIFFU\u00adSION RESTREINTE",  # soft hyphen
        "DIFFUSION R\u0415STREINTE",  # Cyrillic Е
        "\u0421ONFIDENTIEL D\u0395FENSE",  # Cyrillic С, Greek Ε
        "D I F F U S I O N  R E S T R E I N T E",  # letter-spaced banner
        "d i f f u s i o n r e s t r e i n t e",
        "S E C R E T",
        "N A T O  R E S T R I C T E D",
        "Ｄｉｆｆｕｓｉｏｎ ｒｅｓｔｒｅｉｎｔｅ",  # full-width letters
        "\U0001d403\U0001d408\U0001d405\U0001d405\U0001d414\U0001d412\U0001d408\U0001d40e\U0001d40d RESTREINTE",  # bold maths letters
    ],
)
def test_hidden_markings_are_found_after_normalisation(text):
    assert find_marking(text) is not None, repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nous proposons les options a b c d selon le besoin",
        "un lieu secret, une recette secrète",
        "Pièces A B C livrées",
        "Le secret\u200b des affaires",
    ],
)
def test_normalisation_leaves_ordinary_text_alone(text):
    assert find_marking(text) is None, repr(text)


@pytest.mark.parametrize(
    "name,data",
    [
        ("note.pdf", documents.pdf_with_annotation("DIFFUSION RESTREINTE")),
        ("espace.pdf", documents.pdf(body="D I F F U S I O N   R E S T R E I N T E")),
        ("custom.docx", documents.docx_with_custom_xml("DIFFUSION RESTREINTE")),
        ("invisible.docx", documents.docx(body="CONFIDENTIEL\u200bDÉFENSE")),
    ],
)
def test_markings_hidden_in_other_parts_of_a_file_are_refused(name, data):
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile(name, data))
    assert "mention de protection" in " ".join(error.value.messages)


def test_a_clean_annotated_pdf_passes():
    kind = validate_document(SimpleUploadedFile("note.pdf", documents.pdf_with_annotation("À relire avant envoi")))
    assert kind.code == "pdf"


def test_the_guardrail_sits_on_the_profile_fields_so_no_entry_point_can_skip_it(company, people):
    from synergies.directory import services

    profile = {name: getattr(company, name) for name in services.PROFILE_FIELDS}
    profile["defence_experience"] = "Programme D I F F U S I O N  R E S T R E I N T E"
    with pytest.raises(ApplicationError) as error:
        services.organisation_profile_update(
            actor=people["org_member"], organisation=company, profile=profile, capabilities=[], certifications=[],
            contacts=[],
        )  # fmt: skip
    assert "mention de protection" in error.value.message
    company.refresh_from_db()
    assert "RESTREINTE" not in company.defence_experience
