import csv
import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from synergies.core import audit
from synergies.core.documents import files_removed_on_error, validate_document
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse, refused_if_invalid
from synergies.core.marking import validate_no_marking
from synergies.territories import perms
from synergies.territories.models import (
    Convention,
    ConventionDocument,
    ConventionParty,
    Department,
    Objective,
    Territory,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
CONVENTIONS_DIR = DATA_DIR / "conventions"


@transaction.atomic
def reference_territories_load() -> int:
    """Create or update every region of France and its départements (INSEE COG 2024). Idempotent."""
    territories = {}
    with open(DATA_DIR / "regions_france.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            territory, _ = Territory.objects.update_or_create(
                code=row["insee_reg"],
                defaults={"name": row["region_article"] or row["region"], "slug": slugify(row["region"])},
            )
            territories[territory.code] = territory
    with open(DATA_DIR / "departements_france.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Department.objects.update_or_create(
                code=row["insee_dep"],
                defaults={
                    "name": row["departement_article"] or row["departement"],
                    "territory": territories[row["insee_reg"]],
                },
            )
    return len(territories)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def convention_load(*, data: dict, actor=None) -> Convention:
    """Create or update a convention from its JSON description (see data/conventions/). Idempotent."""
    try:
        territory = Territory.objects.get(code=data["territory"])
    except Territory.DoesNotExist as exc:
        raise ApplicationError(
            f"Territoire inconnu : « {data['territory']} ». Chargez d'abord les territoires (load_territories)."
        ) from exc
    except KeyError as exc:
        raise ApplicationError(f"Champ obligatoire manquant dans la description de la convention : {exc}.") from exc
    try:
        fields = {
            "territory": territory,
            "title": data["title"],
            "summary": data.get("summary", ""),
            "signed_on": _date(data["signed_on"]),
            "signed_at_place": data.get("signed_at_place", ""),
            "starts_on": _date(data.get("starts_on") or data["signed_on"]),
            "ends_on": _date(data.get("ends_on")),
            "period_note": data.get("period_note", ""),
            "source_url": data.get("source_url", ""),
        }
        convention = Convention.objects.filter(slug=data["slug"]).first()
        created = convention is None
        convention = convention or Convention(slug=data["slug"])
        for name, value in fields.items():
            setattr(convention, name, value)
        convention.full_clean()
        convention.save()
        convention.parties.all().delete()
        for order, party in enumerate(data.get("parties", [])):
            ConventionParty.objects.create(convention=convention, order=order, **party)
        numbers = []
        for objective in data["objectives"]:
            numbers.append(objective["number"])
            Objective.objects.update_or_create(
                convention=convention,
                number=objective["number"],
                defaults={
                    "title": objective["title"],
                    "short_title": objective.get("short_title", objective["title"][:80]),
                    "description": objective.get("description", ""),
                    "themes": objective.get("themes", []),
                },
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise ApplicationError(f"Description de convention invalide : {exc}.") from exc
    convention.objectives.exclude(number__in=numbers).delete()
    audit.record(
        actor=actor,
        action="created" if created else "loaded",
        target=convention,
        territory=territory,
        changes={"objectives": len(numbers)},
    )
    return convention


def convention_load_file(*, path: Path, actor=None) -> Convention:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApplicationError(f"Fichier de convention illisible « {path} » : {exc}.") from exc
    return convention_load(data=data, actor=actor)


def shipped_conventions_load(*, actor=None) -> list[Convention]:
    return [convention_load_file(path=path, actor=actor) for path in sorted(CONVENTIONS_DIR.glob("*.json"))]


@transaction.atomic
def convention_document_create(
    *, convention: Convention, title: str, uploaded_file, visibility: str, restricted_to=(), actor
) -> ConventionDocument:
    """Store a document of the convention after the upload guardrails (size, type, marking)."""
    if not perms.can_manage_convention(actor, convention):
        raise ApplicationError("Seuls les coordinateurs du territoire ajoutent des documents à la convention.")
    with refused_if_invalid(field="title"):
        validate_no_marking(title)
    with refused_if_invalid(field="file"):
        kind = validate_document(uploaded_file)
    document = ConventionDocument(
        convention=convention,
        title=title,
        original_name=Path(uploaded_file.name).name[:255],
        content_type=kind.content_type,
        size=uploaded_file.size,
        visibility=visibility,
        uploaded_by=actor,
    )
    with files_removed_on_error() as stored:
        document.file.save(f"{slugify(title)[:60] or 'document'}{kind.extensions[0]}", uploaded_file, save=False)
        stored.append(document.file)
        full_clean_or_refuse(document)
        document.save()
        document.restricted_to.set(restricted_to)
    audit.record(
        actor=actor,
        action="document_added",
        target=document,
        territory=convention.territory,
        changes={"visibility": visibility, "file": document.original_name},
    )
    return document


@transaction.atomic
def convention_document_delete(*, document: ConventionDocument, actor) -> None:
    audit.record(actor=actor, action="document_deleted", target=document, territory=document.convention.territory)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
