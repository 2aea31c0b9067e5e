"""Reserve candidate files: the lifecycle, who may move them, bad input, reminders, closing and retention."""

import datetime

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from synergies.cohesion import personal_data, reserve
from synergies.cohesion.enums import DocumentStatus, FileStatus
from synergies.cohesion.models import CandidateFile
from synergies.core.exceptions import ApplicationError
from tests.cohesion.fixtures import apply, upload

pytestmark = pytest.mark.django_db


def _provide_all(candidate_file, candidate):
    for document in candidate_file.documents.all():
        reserve.document_upload(actor=candidate, document=document, uploaded_file=upload())


def _validate_all(candidate_file, referent):
    for document in candidate_file.documents.all():
        reserve.document_review(actor=referent, document=document, name="validate")


def test_a_file_goes_from_application_to_an_active_reservist_and_its_documents_are_deleted(
    mission, candidate, referent, mails_at_once, django_capture_on_commit_callbacks
):
    candidate_file = apply(mission, candidate)
    assert candidate_file.status == FileStatus.RECEIVED
    assert [d.name for d in candidate_file.documents.all()] == [name for name, _ in reserve.DEFAULT_CHECKLIST]
    assert any("Candidature reçue" in m.subject for m in mail.outbox)
    assert any("Nouvelle candidature" in m.subject and referent.email in m.to for m in mail.outbox)

    _provide_all(candidate_file, candidate)
    stored = [d.file.name for d in candidate_file.documents.all()]
    assert all(default_storage.exists(name) for name in stored)
    reserve.file_transition(actor=referent, candidate_file=candidate_file, name="preselect")
    with pytest.raises(ApplicationError, match="Toutes les pièces doivent être validées"):
        reserve.file_transition(actor=referent, candidate_file=candidate_file, name="prepare_contract")
    reserve.file_transition(
        actor=referent,
        candidate_file=candidate_file,
        name="plan_appointment",
        appointment_kind="medical",
        appointment_at=timezone.now() + datetime.timedelta(days=5),
        appointment_place="Quartier Foch, Rennes",
    )
    _validate_all(candidate_file, referent)
    reserve.file_transition(actor=referent, candidate_file=candidate_file, name="prepare_contract")
    reserve.file_transition(actor=referent, candidate_file=candidate_file, name="send_contract")
    with pytest.raises(ApplicationError, match="Seul le candidat"):
        reserve.file_transition(actor=referent, candidate_file=candidate_file, name="sign_contract")
    reserve.file_transition(actor=candidate, candidate_file=candidate_file, name="sign_contract")
    candidate_file.refresh_from_db()
    assert (candidate_file.status, candidate_file.contract_status) == (FileStatus.CONTRACT, "signed")
    assert candidate_file.contract_signed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        reserve.file_transition(actor=referent, candidate_file=candidate_file, name="activate")
    candidate_file.refresh_from_db()
    assert candidate_file.status == FileStatus.ACTIVE and candidate_file.closed_at is not None
    assert not any(default_storage.exists(name) for name in stored)
    assert not candidate_file.documents.exclude(file="").exists()
    assert any("Bienvenue dans la réserve" in m.subject for m in mail.outbox)


def test_a_document_sent_back_needs_a_comment_and_the_candidate_provides_it_again(
    candidate_file, candidate, referent, mails_at_once, django_capture_on_commit_callbacks
):
    document = candidate_file.documents.first()
    reserve.document_upload(actor=candidate, document=document, uploaded_file=upload())
    first_name = CandidateFile.objects.get(pk=candidate_file.pk).documents.first().file.name
    with pytest.raises(ApplicationError, match="Dites ce qu'il faut corriger"):
        reserve.document_review(actor=referent, document=document, name="send_back")
    reserve.document_review(actor=referent, document=document, name="send_back", comment="Le verso manque.")
    document.refresh_from_db()
    assert document.status == DocumentStatus.TO_CORRECT
    assert any("à corriger" in m.subject and "Le verso manque." in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        reserve.document_upload(actor=candidate, document=document, uploaded_file=upload(body="Recto et verso."))
    document.refresh_from_db()
    assert document.status == DocumentStatus.WAITING and document.file.name != first_name
    assert not default_storage.exists(first_name)  # the previous version went


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": None}, "date de naissance est obligatoire"),
        ({"conditions_confirmed": False}, "Je remplis les conditions"),
        ({"birth_date": datetime.date.today() - datetime.timedelta(days=16 * 365)}, "à partir de 17 ans"),
        ({"first_name": "SECRET DÉFENSE"}, "SECRET"),
    ],
)
def test_an_application_out_of_the_rules_is_refused_and_leaves_nothing(mission, candidate, overrides, message):
    with pytest.raises(ApplicationError, match=message):
        apply(mission, candidate, **overrides)
    assert not CandidateFile.objects.exists()


def test_the_mission_s_age_range_holds(mission, candidate, referent):
    reserve.checklist_save(
        actor=referent, mission=mission, documents=[("Pièce d'identité", "")], minimum_age=18, maximum_age=30
    )
    with pytest.raises(ApplicationError, match="jusqu'à 30 ans"):
        apply(mission, candidate, birth_date=datetime.date(1980, 1, 1))
    candidate_file = apply(mission, candidate, birth_date=datetime.date(2000, 1, 1))
    assert [d.name for d in candidate_file.documents.all()] == ["Pièce d'identité"]


def test_a_second_file_for_the_same_mission_is_refused_until_the_first_is_withdrawn(candidate_file, mission, candidate):
    with pytest.raises(ApplicationError, match="déjà un dossier"):
        apply(mission, candidate)
    reserve.file_transition(actor=candidate, candidate_file=candidate_file, name="withdraw")
    assert apply(mission, candidate).pk != candidate_file.pk


def test_only_referents_decide_and_only_the_candidate_uploads(candidate_file, candidate, other_candidate, people):
    document = candidate_file.documents.first()
    for intruder in (other_candidate, people["coordinator"], people["org_member"]):
        with pytest.raises(ApplicationError):
            reserve.file_transition(actor=intruder, candidate_file=candidate_file, name="preselect")
        with pytest.raises(ApplicationError):
            reserve.document_upload(actor=intruder, document=document, uploaded_file=upload())
    with pytest.raises(ApplicationError, match="référents"):
        reserve.file_transition(actor=candidate, candidate_file=candidate_file, name="preselect")
    with pytest.raises(ApplicationError, match="motif du refus"):
        reserve.file_transition(actor=people["defence_agent"], candidate_file=candidate_file, name="refuse")
    candidate_file.refresh_from_db()
    assert candidate_file.status == FileStatus.RECEIVED


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "pas accepté"),
        (upload(body="DIFFUSION RESTREINTE - note interne"), "DIFFUSION RESTREINTE"),
    ],
)
def test_a_wrong_document_is_refused_and_the_piece_stays_to_provide(candidate_file, candidate, uploaded, message):
    document = candidate_file.documents.first()
    with pytest.raises(ApplicationError, match=message):
        reserve.document_upload(actor=candidate, document=document, uploaded_file=uploaded)
    document.refresh_from_db()
    assert document.status == DocumentStatus.TO_PROVIDE and not document.file


def test_a_too_large_document_is_refused(candidate_file, candidate, settings):
    settings.SYNERGIES_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ApplicationError, match="taille maximale"):
        reserve.document_upload(actor=candidate, document=candidate_file.documents.first(), uploaded_file=upload())


def test_reminders_reach_incomplete_files_once_a_day(candidate_file, mission, other_candidate, referent, mails_at_once):
    complete = apply(mission, other_candidate)
    _provide_all(complete, other_candidate)
    mail.outbox.clear()
    assert reserve.reminders_send(actor=referent, files=[candidate_file, complete]) == 1
    assert [m.to for m in mail.outbox] == [[candidate_file.email]]
    assert "Pièce d'identité" in mail.outbox[0].body
    assert reserve.reminders_send(actor=referent, files=[CandidateFile.objects.get(pk=candidate_file.pk)]) == 0


def test_retention_erases_the_person_of_a_closed_file_and_keeps_what_indicators_count(
    candidate_file, candidate, settings
):
    reserve.document_upload(actor=candidate, document=candidate_file.documents.first(), uploaded_file=upload())
    reserve.file_transition(actor=candidate, candidate_file=candidate_file, name="withdraw")
    assert personal_data.apply_retention()["candidate_files"] == 0  # not yet
    later = timezone.now() + datetime.timedelta(days=settings.SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS + 1)
    assert personal_data.apply_retention(now=later)["candidate_files"] == 1
    candidate_file.refresh_from_db()
    assert candidate_file.anonymised and candidate_file.candidate is None and candidate_file.birth_date is None
    assert "Le Goff" not in f"{candidate_file.first_name} {candidate_file.last_name} {candidate_file.email}"
    assert candidate_file.status == FileStatus.WITHDRAWN and candidate_file.mission_id


def test_a_deleted_account_withdraws_its_open_files(candidate_file, candidate):
    from synergies.core import personal_data as core_personal_data

    core_personal_data.erase(candidate)
    candidate_file.refresh_from_db()
    assert candidate_file.status == FileStatus.WITHDRAWN and candidate_file.anonymised


def test_the_scheduler_applies_the_retention_of_closed_files(candidate_file, candidate, settings):
    from django.core.management import call_command

    reserve.file_transition(actor=candidate, candidate_file=candidate_file, name="withdraw")
    settings.SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS = 0
    CandidateFile.objects.filter(pk=candidate_file.pk).update(closed_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("run_scheduler", "--once")
    candidate_file.refresh_from_db()
    assert candidate_file.anonymised and candidate_file.email.endswith("@invalid")


def test_the_appointment_reaches_the_candidate_s_calendar_and_leaves_it_when_the_file_closes(
    candidate_file, candidate, referent, mails_at_once, client
):
    from synergies.accounts import services as account_services

    reserve.file_transition(actor=referent, candidate_file=candidate_file, name="preselect")
    reserve.file_transition(
        actor=referent,
        candidate_file=candidate_file,
        name="plan_appointment",
        appointment_kind="interview",
        appointment_at=timezone.now() + datetime.timedelta(days=3),
        appointment_place="Quartier Foch",
    )
    planned = next(m for m in mail.outbox if "Rendez-vous" in m.subject)
    invitation = planned.attachments[0].get_content()
    assert "METHOD:REQUEST" in invitation and "reserve-rendez-vous-" in invitation
    key = account_services.feed_key_regenerate(user=candidate)
    feed = client.get(reverse("site:agenda"), {"cle": key}).content.decode()
    assert "Quartier Foch" in feed
    reserve.file_transition(actor=candidate, candidate_file=candidate_file, name="withdraw")
    withdrawn = next(m for m in mail.outbox if "Candidature retirée" in m.subject)
    assert "METHOD:CANCEL" in withdrawn.attachments[0].get_content()
    assert "Quartier Foch" not in client.get(reverse("site:agenda"), {"cle": key}).content.decode()
