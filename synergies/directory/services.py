"""Writes on the directory. Every write goes through here and leaves an audit entry."""

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from synergies.core import audit
from synergies.core.bulk import bulk_insert
from synergies.core.documents import files_removed_on_error
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse
from synergies.core.tasks import enqueue_on_commit
from synergies.directory import reference, search, sirene, sirene_rows, tasks
from synergies.directory.cache import directory_changed
from synergies.directory.enums import KIND_LABELS, OrganisationSource
from synergies.directory.models import ImportRun, Organisation
from synergies.matching import services as matching_services
from synergies.territories.models import Department, Territory

WRITE_CHUNK = 2000  # rows per transaction: an interrupted import loses at most one chunk of work


def organisation_reindex(organisations) -> None:
    """Recompute the search document of `organisations` (saved objects, any number)."""
    organisations = list(organisations)
    by_id = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(pk__in=[o.pk for o in organisations]).prefetch_related(
            "capabilities", "certifications__certification", "labels"
        )
    }
    for organisation in organisations:
        loaded = by_id[organisation.pk]
        organisation.search_document = search.organisation_document(
            organisation,
            capabilities=loaded.capabilities.all(),
            certifications=[item.certification for item in loaded.certifications.all()],
            labels=loaded.labels.all(),
        )
    Organisation.objects.bulk_update(organisations, ["search_document"], batch_size=500)
    directory_changed()
    matching_services.schedule_refresh(ids=[organisation.pk for organisation in organisations])


def territory_of_departments(codes: list[str]) -> Territory:
    departments = list(Department.objects.filter(code__in=codes).select_related("territory"))
    unknown = sorted(set(codes) - {department.code for department in departments})
    if unknown:
        raise ApplicationError(f"Département(s) inconnu(s) : {', '.join(unknown)}.")
    territories = {department.territory for department in departments}
    if len(territories) != 1:
        raise ApplicationError("Les départements d'un import doivent appartenir à un même territoire.")
    return territories.pop()


class _Progress:
    """Reports progress to a callback and to the import run, at most every half second."""

    def __init__(self, callback: Callable | None, run: ImportRun | None):
        self.callback, self.run, self.last = callback, run, 0.0

    def __call__(self, fraction: float, phase: str = ""):
        if self.callback is not None:
            self.callback(fraction)
        now = time.monotonic()
        if self.run is not None and (now - self.last > 0.5 or fraction >= 1):
            self.last = now
            ImportRun.objects.filter(pk=self.run.pk).update(progress=int(fraction * 100), phase=phase[:200])


def sirene_import(
    *,
    establishments_path,
    legal_units_path,
    departments: list[str],
    naf_prefixes: list[str] = (),
    dry_run: bool = False,
    actor=None,
    progress: Callable[[float], None] | None = None,
    run: ImportRun | None = None,
) -> sirene_rows.SireneReport:
    """Import the territory's establishments from the SIRENE stock files (see sirene.py)."""
    territory = territory_of_departments(departments)
    report = sirene_rows.SireneReport(dry_run=dry_run)
    step = _Progress(progress, run)
    step(0, "lecture des établissements")
    scan = sirene.scan_establishments(
        establishments_path,
        departments,
        naf_prefixes,
        progress=lambda f: step(f, "lecture des établissements"),
        notes=report.notes,
    )
    establishments, closed_sirets, report.read = scan.active, scan.closed_sirets, scan.read
    report.in_territory = establishments.num_rows + len(closed_sirets)
    del scan
    sirens = pc.unique(establishments.column("siren"))
    step(0.7, "lecture des unités légales")
    legal_units = sirene.scan_legal_units(
        legal_units_path, sirens, progress=lambda f: step(f, "lecture des unités légales"), notes=report.notes
    )
    del sirens
    pa.default_memory_pool().release_unused()
    now = timezone.now()
    seen: set[str] = set()
    done, total = 0, max(establishments.num_rows, 1)
    for rows in sirene.joined_rows(establishments, legal_units, WRITE_CHUNK):
        _sirene_write_chunk(rows, territory, report, seen, now, dry_run)
        done += len(rows)
        step(0.8 + 0.2 * done / total, "écriture dans l'annuaire")
    del establishments, legal_units
    for start in range(0, len(closed_sirets), WRITE_CHUNK):
        _sirene_close_chunk(closed_sirets[start : start + WRITE_CHUNK], report, now, dry_run)
    step(1, "terminé")
    if not dry_run:
        audit.record(
            actor=actor,
            action="sirene_imported",
            target=run,
            territory=territory,
            changes={"départements": departments, "compte_rendu": report.as_dict()},
        )
        matching_services.schedule_refresh()  # new and changed establishments get their vectors
    return report


def _sirene_close_chunk(sirets, report, now, dry_run):
    """Mark closed the organisations of these SIRETs that are still open; nothing else is touched."""
    to_close = list(Organisation.objects.filter(siret__in=sirets, is_closed=False).values_list("pk", flat=True))
    report.closed += len(to_close)
    if to_close and not dry_run:
        Organisation.objects.filter(pk__in=to_close).update(is_closed=True, sirene_synced_at=now)
        directory_changed()


def _sirene_write_chunk(rows, territory, report, seen, now, dry_run):
    candidates = []
    coordinates = sirene_rows.lambert93_to_wgs84(
        [row.get("coordonneeLambertAbscisseEtablissement") or "" for row in rows],
        [row.get("coordonneeLambertOrdonneeEtablissement") or "" for row in rows],
    )
    for row, xy in zip(rows, coordinates, strict=True):
        if row["siret"] in seen:
            report.reject(row["_line"], row["siret"], "SIRET en double dans le fichier")
            continue
        seen.add(row["siret"])
        exclusion = sirene_rows.policy_exclusion(row)
        if exclusion:
            report.skip(exclusion)
            continue
        problem = sirene_rows.row_problem(row)
        if problem:
            report.reject(row["_line"], row["siret"], problem)
            continue
        candidates.append((row, sirene_rows.sirene_values(row, xy)))
    report.kept += len(candidates)
    existing = {
        item["siret"]: item
        for item in Organisation.objects.filter(siret__in=[row["siret"] for row, _ in candidates]).values(
            "id", "siret", "sirene_hash", "is_closed"
        )
    }
    to_create, to_update = [], {}
    for row, values in candidates:
        fingerprint = sirene_rows.values_hash(values)
        current = existing.get(row["siret"])
        if current is None:
            name, kind = sirene_rows.establishment_name(row), sirene_rows.kind_for_naf(values["naf_code"])
            # The same texts as search.organisation_document for a profile that has only SIRENE data.
            parts = [name, values["legal_name"], values["acronym"], values["city"], KIND_LABELS[kind]]
            parts += [reference.naf_label(values["naf_code"]), values["naf_code"]]
            to_create.append(
                {
                    **values,
                    "name": name,
                    "kind": kind,
                    "territory_id": territory.pk,
                    "source": OrganisationSource.SIRENE,
                    "siret": row["siret"],
                    "sirene_hash": fingerprint,
                    "sirene_synced_at": now,
                    "keywords": [],
                    "search_document": search.document(parts),
                }
            )
        elif current["sirene_hash"] == fingerprint and not current["is_closed"]:
            report.unchanged += 1
        else:
            to_update[current["id"]] = (values, fingerprint)
    report.created += len(to_create)
    report.updated += len(to_update)
    if dry_run:
        return
    with transaction.atomic():
        bulk_insert(Organisation, to_create)
        directory_changed()
        if to_update:
            changed = list(Organisation.objects.filter(pk__in=to_update))
            for organisation in changed:
                values, fingerprint = to_update[organisation.pk]
                for name, value in values.items():
                    setattr(organisation, name, value)
                organisation.sirene_hash, organisation.sirene_synced_at = fingerprint, now
            Organisation.objects.bulk_update(
                changed, [*sirene_rows.SIRENE_FIELDS, "sirene_hash", "sirene_synced_at"], batch_size=500
            )
            organisation_reindex(changed)


# --- imports started from the site ---------------------------------------------------------------


def sirene_import_start(*, territory, actor, establishments: str, legal_units: str, departments, naf_prefixes, dry_run):
    """Record an import run on files of the server's import folder and hand it to the worker."""
    folder = settings.SYNERGIES_IMPORT_DIR
    for name in (establishments, legal_units):
        if "/" in name or "\\" in name or not (folder / name).is_file():
            raise ApplicationError(f"Le fichier « {name} » n'est pas dans le dossier d'import du serveur.")
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.SIRENE,
        territory=territory,
        started_by=actor,
        dry_run=dry_run,
        parameters={
            "etablissements": establishments,
            "unites_legales": legal_units,
            "departements": list(departments),
            "naf": list(naf_prefixes),
        },
        phase="en attente du traitement",
    )
    audit.record(actor=actor, action="sirene_import_started", target=run, territory=territory, changes=run.parameters)
    enqueue_on_commit(tasks.run_sirene_import, run.pk)
    return run


def sirene_import_run(*, run_id: int) -> None:
    """Carry out a queued SIRENE import run (called by the background task)."""
    run = ImportRun.objects.select_related("territory", "started_by").filter(pk=run_id).first()
    if run is None or run.status != ImportRun.Status.QUEUED:
        return
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, phase="démarrage")
    folder = settings.SYNERGIES_IMPORT_DIR
    try:
        report = sirene_import(
            establishments_path=folder / run.parameters["etablissements"],
            legal_units_path=folder / run.parameters["unites_legales"],
            departments=run.parameters["departements"],
            naf_prefixes=run.parameters.get("naf", []),
            dry_run=run.dry_run,
            actor=run.started_by,
            run=run,
        )
    except ApplicationError as error:
        _run_finish(run, status=ImportRun.Status.FAILED, error=error.message)
    except Exception as error:  # an unexpected failure must still end the run visibly
        _run_finish(run, status=ImportRun.Status.FAILED, error=f"Erreur inattendue : {error.__class__.__name__}.")
        raise
    else:
        _run_finish(run, status=ImportRun.Status.DONE, report=report.as_dict())


def _run_finish(run, *, status, report=None, error=""):
    ImportRun.objects.filter(pk=run.pk).update(
        status=status,
        report=report or {},
        error=error,
        progress=100 if status == ImportRun.Status.DONE else run.progress,
        phase="terminé" if status == ImportRun.Status.DONE else "échec",
        finished_at=timezone.now(),
    )


def curated_import_prepare(*, territory, actor, uploaded_file) -> ImportRun:
    """Check an uploaded list without writing, keep the file privately, and return the run to confirm."""
    from synergies.directory import curated

    content = uploaded_file.read()
    report = curated.organisations_import(
        content=content, filename=uploaded_file.name, territory=territory, actor=actor, dry_run=True
    )
    with files_removed_on_error() as stored_files:
        stored = default_storage.save(
            f"imports/{uuid.uuid4().hex}-{Path(uploaded_file.name).suffix}", ContentFile(content)
        )
        stored_files.append(stored)
        return ImportRun.objects.create(
            kind=ImportRun.Kind.ORGANISATIONS,
            territory=territory,
            started_by=actor,
            dry_run=True,
            parameters={"path": stored, "filename": Path(uploaded_file.name).name},
            report=_curated_report_dict(report),
            phase="contrôlé, en attente de confirmation",
        )


def curated_import_confirm(*, run: ImportRun, actor) -> ImportRun:
    from synergies.directory import curated

    if run.kind != ImportRun.Kind.ORGANISATIONS or run.status != ImportRun.Status.QUEUED:
        raise ApplicationError("Cet import a déjà été traité.")
    path = run.parameters["path"]
    try:
        with default_storage.open(path, "rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        raise ApplicationError("Le fichier de cet import n'est plus disponible : déposez-le à nouveau.") from None
    report = curated.organisations_import(
        content=content, filename=run.parameters["filename"], territory=run.territory, actor=actor
    )
    default_storage.delete(path)
    run.status, run.dry_run, run.progress, run.phase = ImportRun.Status.DONE, False, 100, "terminé"
    run.report, run.finished_at = _curated_report_dict(report), timezone.now()
    run.save()
    return run


def _curated_report_dict(report) -> dict:
    return {
        **report.summary(),
        "errors": [list(item) for item in report.errors[:500]],
        "warnings": [list(item) for item in report.warnings[:500]],
    }


# --- profile -------------------------------------------------------------------------------------

PROFILE_FIELDS = ["name", "website", "description", "defence_experience", "has_clearance", "keywords"]
CONTACT_FIELDS = ["full_name", "role", "email", "phone", "visibility"]


def profile_lines(organisation: Organisation) -> tuple[list[dict], list[dict]]:
    """The current certification and contact lines, in the shape `organisation_profile_update` takes."""
    certifications = [
        {"certification": item.certification, "valid_until": item.valid_until, "scope": item.scope}
        for item in organisation.certifications.select_related("certification")
    ]
    contacts = list(organisation.contacts.values(*CONTACT_FIELDS))
    return certifications, contacts


@transaction.atomic
def organisation_profile_update(
    *, actor, organisation: Organisation, profile: dict, capabilities, certifications: list[dict], contacts: list[dict]
) -> Organisation:
    """Replace the curated profile of `organisation` (the SIRENE fields are not touched)."""
    from synergies.directory import perms
    from synergies.directory.models import Contact, OrganisationCertification

    if not perms.can_edit_profile(actor, organisation):
        raise ApplicationError(
            "Seuls les membres de l'organisation et les coordinateurs du territoire modifient ce profil."
        )
    before = audit.snapshot(organisation, PROFILE_FIELDS)
    before_capabilities = sorted(organisation.capabilities.values_list("name", flat=True))
    for name in PROFILE_FIELDS:
        setattr(organisation, name, profile[name])
    full_clean_or_refuse(organisation, exclude=["siret", "ref"])
    organisation.save()
    organisation.capabilities.set(capabilities)
    organisation.certifications.all().delete()
    seen = set()
    for line in certifications:
        if line["certification"].pk in seen:
            continue
        seen.add(line["certification"].pk)
        _created_if_valid(OrganisationCertification(organisation=organisation, **line))
    organisation.contacts.all().delete()
    for line in contacts:
        _created_if_valid(Contact(organisation=organisation, **line))
    organisation_reindex([organisation])
    changes = audit.model_changes(organisation, PROFILE_FIELDS, before)
    after_capabilities = sorted(c.name for c in capabilities)
    if after_capabilities != before_capabilities:
        changes["capabilities"] = [before_capabilities, after_capabilities]
    changes["certifications"] = sorted(line["certification"].name for line in certifications)
    changes["contacts"] = len(contacts)
    audit.record(
        actor=actor, action="profile_updated", target=organisation, territory=organisation.territory, changes=changes
    )
    return organisation


def _created_if_valid(instance) -> None:
    full_clean_or_refuse(instance)
    instance.save()


# --- merge ---------------------------------------------------------------------------------------


@transaction.atomic
def organisation_merge(*, actor, kept: Organisation, merged: Organisation) -> Organisation:
    """Fold `merged` into `kept` without losing curated data; `merged` stays as a redirect.

    Texts and flags missing on `kept` come from `merged`; capabilities, labels, keywords,
    certifications, contacts, members and roles are gathered on `kept`.
    """
    from synergies.accounts.services import organisation_people_move
    from synergies.directory import perms

    if not perms.can_manage_directory(actor, kept.territory):
        raise ApplicationError("Seuls les coordinateurs du territoire fusionnent des organisations.")
    if kept.pk == merged.pk:
        raise ApplicationError("Une organisation ne peut pas être fusionnée avec elle-même.")
    if kept.territory_id != merged.territory_id:
        raise ApplicationError("Les deux organisations doivent appartenir au même territoire.")
    if kept.merged_into_id or merged.merged_into_id:
        raise ApplicationError("L'une des deux organisations a déjà été fusionnée.")
    filled = []
    for name in ["description", "defence_experience", "website"]:
        if not getattr(kept, name) and getattr(merged, name):
            setattr(kept, name, getattr(merged, name))
            filled.append(name)
    if kept.has_clearance is None and merged.has_clearance is not None:
        kept.has_clearance = merged.has_clearance
        filled.append("has_clearance")
    kept.keywords = list(dict.fromkeys([*(kept.keywords or []), *(merged.keywords or [])]))
    moved_identifiers = {}
    for name in ["siret", "ref"]:
        if not getattr(kept, name) and getattr(merged, name):
            moved_identifiers[name] = getattr(merged, name)
    if moved_identifiers:  # unique columns: freed on the merged row first
        Organisation.objects.filter(pk=merged.pk).update(**dict.fromkeys(moved_identifiers))
        for name, value in moved_identifiers.items():
            setattr(kept, name, value)
    kept.save()
    kept.capabilities.add(*merged.capabilities.all())
    kept.labels.add(*merged.labels.all())
    have = set(kept.certifications.values_list("certification_id", flat=True))
    merged.certifications.exclude(certification_id__in=have).update(organisation=kept)
    merged.contacts.update(organisation=kept)
    organisation_people_move(source=merged, target=kept)
    Organisation.objects.filter(pk=merged.pk).update(merged_into=kept, updated_at=timezone.now())
    organisation_reindex([kept])
    audit.record(
        actor=actor,
        action="organisations_merged",
        target=kept,
        territory=kept.territory,
        changes={"merged": f"{merged.name} (n° {merged.pk})", "taken_over": filled + list(moved_identifiers)},
    )
    return kept
