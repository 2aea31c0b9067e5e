"""How the audit journal shows the cohesion app's objects (see core.journal): a candidate file's
entries only to its candidate and referents, masked for everyone else."""

from synergies.cohesion import perms
from synergies.cohesion.enums import CommitmentStage, ContractStatus, DocumentStatus, FileStatus
from synergies.cohesion.models import Booklet, CandidateFile, EmployerCommitment, YouthPartnership
from synergies.core import journal


def _visible(model, predicate):
    def visible_ids(user, ids):
        objects = model.objects.filter(pk__in=journal.numeric_ids(ids))
        return {str(o.pk) for o in objects if predicate(user, o)}

    return visible_ids


def register_policies() -> None:
    journal.register(
        CandidateFile,
        journal.JournalPolicy(
            visible_ids=_visible(CandidateFile, perms.can_view_file),
            masked_label="dossier de candidature (confidentiel)",
        ),
    )
    journal.register(
        Booklet,
        journal.JournalPolicy(
            visible_ids=_visible(Booklet, lambda user, b: b.published or perms.can_edit_booklet(user, b))
        ),
    )
    journal.register(
        EmployerCommitment,
        journal.JournalPolicy(
            visible_ids=_visible(EmployerCommitment, lambda user, c: perms.can_record_commitment(user, c.organisation))
        ),
    )
    journal.register(
        YouthPartnership, journal.JournalPolicy(visible_ids=_visible(YouthPartnership, perms.can_view_partnership))
    )


def register_labels() -> None:
    journal.register_labels(
        actions={
            "reserve_checklist_saved": "pièces demandées modifiées",
            "candidate_file_created": "candidature déposée",
            "candidate_employer_set": "employeur indiqué",
            "candidate_file_preselect": "candidature présélectionnée",
            "candidate_file_plan_appointment": "rendez-vous planifié",
            "candidate_file_prepare_contract": "contrat en préparation",
            "candidate_file_send_contract": "contrat envoyé",
            "candidate_file_sign_contract": "contrat signé",
            "candidate_file_activate": "réserviste affecté",
            "candidate_file_refuse": "candidature refusée",
            "candidate_file_withdraw": "candidature retirée",
            "candidate_file_reminded": "candidat relancé",
            "candidate_document_uploaded": "pièce déposée",
            "candidate_document_validate": "pièce validée",
            "candidate_document_send_back": "pièce à corriger",
            "candidate_document_refuse": "pièce refusée",
            "cohesion_retention_applied": "dossiers anonymisés et profils supprimés (durée de conservation)",
            "commitment_saved": "engagement d'employeur enregistré",
            "commitment_deleted": "engagement d'employeur supprimé",
            "booklet_saved": "livret d'accueil enregistré",
            "booklet_block_saved": "bloc de livret enregistré",
            "booklet_block_deleted": "bloc de livret supprimé",
            "youth_partnership_saved": "partenariat jeunesse enregistré",
            "youth_activity_added": "activité jeunesse ajoutée",
            "spouse_hire_reported": "embauche de conjoint déclarée",
            "spouse_profile_withdrawn": "profil de conjoint retiré",
        },
        changes={
            "document": "pièce",
            "documents": "pièces demandées",
            "ages": "âges",
            "appointment": "rendez-vous",
            "contract": "contrat",
            "employer": "employeur",
            "candidate_files": "dossiers",
            "spouse_profiles": "profils de conjoints",
            "stage": "étape",
        },
        values={
            "status": {
                **{
                    s.value: s.label
                    for s in FileStatus
                    if s.value in ("preselected", "appointment", "contract", "active")
                },
                **{s.value: s.label for s in DocumentStatus},
            },
            "contract": {s.value: s.label for s in ContractStatus if s.value},
            "stage": dict(CommitmentStage.choices),
        },
    )
