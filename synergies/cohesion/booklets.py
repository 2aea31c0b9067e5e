"""Welcome booklets: a unit's booklet, its blocks (each with an owner and a review date, pointing to
directory organisations that are shown live), its arrival checklist and a person's own arrival plan."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from synergies.cohesion import perms
from synergies.cohesion.models import ArrivalPlan, Booklet, BookletBlock, ChecklistItem
from synergies.core import audit, mail
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse

BOOKLET_FIELDS = ("title", "garrison", "introduction", "published")
BLOCK_FIELDS = ("section", "title", "body", "review_by", "position")
RESERVED_SLUGS = {"gerer", "nouveau", "blocs", "etapes"}  # paths of cohesion/urls.py under livrets/


def _unique_slug(text: str) -> str:
    base = slugify(text)[:70] or "livret"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Booklet.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _editable_or_refuse(actor, booklet) -> None:
    if not perms.can_edit_booklet(actor, booklet):
        raise ApplicationError("Seuls l'unité et les coordinateurs du territoire modifient ce livret.")


@transaction.atomic
def booklet_save(*, actor, unit, fields: dict, booklet: Booklet | None = None) -> Booklet:
    creating = booklet is None
    if creating:
        allowed = perms.booklet_unit_ids(actor, unit.territory_id)
        if allowed is not None and unit.pk not in allowed:
            raise ApplicationError("Un livret est créé par son unité ou par un coordinateur du territoire.")
        booklet = Booklet(
            unit=unit, territory=unit.territory, slug=_unique_slug(fields.get("garrison") or fields.get("title", ""))
        )
    else:
        _editable_or_refuse(actor, booklet)
    before = {name: getattr(booklet, name) for name in BOOKLET_FIELDS}
    for name in BOOKLET_FIELDS:
        if name in fields:
            setattr(booklet, name, fields[name])
    full_clean_or_refuse(booklet, exclude=["unit", "territory"])
    booklet.save()
    audit.record(
        actor=actor,
        action="booklet_saved",
        target=booklet,
        territory=booklet.territory,
        changes=audit.model_changes(booklet, list(BOOKLET_FIELDS), before),
    )
    return booklet


@transaction.atomic
def block_save(
    *, actor, booklet: Booklet, fields: dict, organisations=(), owner=None, block: BookletBlock | None = None
):
    """A block saved has a review date to come: a past date would flag it at once."""
    _editable_or_refuse(actor, booklet)
    review_by = fields.get("review_by")
    if review_by is None or review_by < timezone.localdate():
        raise ApplicationError("La date de relecture est passée : choisissez une date à venir.")
    foreign = [o for o in organisations if o.territory_id != booklet.territory_id]
    if foreign:
        raise ApplicationError(f"« {foreign[0].name} » n'est pas une organisation du territoire du livret.")
    block = block or BookletBlock(booklet=booklet)
    if block.booklet_id != booklet.pk:
        raise ApplicationError("Ce bloc n'appartient pas à ce livret.")
    before = {name: getattr(block, name) for name in BLOCK_FIELDS}
    for name in BLOCK_FIELDS:
        if name in fields:
            setattr(block, name, fields[name])
    block.owner = owner or block.owner or actor
    if block.review_by != before["review_by"]:
        block.review_reminded_at = None
    full_clean_or_refuse(block, exclude=["booklet", "owner"])
    block.save()
    block.organisations.set(organisations)
    Booklet.objects.filter(pk=booklet.pk).update(updated_at=timezone.now())
    audit.record(
        actor=actor,
        action="booklet_block_saved",
        target=booklet,
        territory=booklet.territory,
        changes={"title": [before["title"], block.title]},
    )
    return block


@transaction.atomic
def block_delete(*, actor, block: BookletBlock) -> None:
    _editable_or_refuse(actor, block.booklet)
    audit.record(
        actor=actor,
        action="booklet_block_deleted",
        target=block.booklet,
        territory=block.booklet.territory,
        changes={"title": [block.title, None]},
    )
    block.delete()


@transaction.atomic
def checklist_item_add(
    *, actor, booklet: Booklet, label: str, days_from_arrival: int, section: str = ""
) -> ChecklistItem:
    _editable_or_refuse(actor, booklet)
    item = ChecklistItem(
        booklet=booklet, label=(label or "").strip(), days_from_arrival=days_from_arrival, section=section
    )
    full_clean_or_refuse(item, exclude=["booklet"])
    item.save()
    return item


@transaction.atomic
def checklist_item_delete(*, actor, item: ChecklistItem) -> None:
    _editable_or_refuse(actor, item.booklet)
    item.delete()


@transaction.atomic
def arrival_plan_save(*, user, booklet: Booklet, arrival_on, done_ids=()) -> ArrivalPlan:
    if not booklet.published:
        raise ApplicationError("Ce livret n'est pas publié.")
    try:
        with transaction.atomic():
            plan, _ = ArrivalPlan.objects.update_or_create(
                user=user, booklet=booklet, defaults={"arrival_on": arrival_on}
            )
    except IntegrityError as exc:  # two saves at once
        raise ApplicationError("Votre liste vient d'être enregistrée ; rechargez la page.") from exc
    plan.done.set(booklet.checklist.filter(pk__in=list(done_ids)))
    return plan


def arrival_steps(booklet: Booklet, arrival_on, done_ids=frozenset()) -> list[dict]:
    """The checklist dated from the arrival, in order."""
    import datetime

    return [
        {
            "item": item,
            "due_on": arrival_on + datetime.timedelta(days=item.days_from_arrival) if arrival_on else None,
            "done": item.pk in done_ids,
        }
        for item in booklet.checklist.all()
    ]


def review_reminders_send(*, today=None) -> int:
    """Each block past its review date is flagged to its owner once (again after its date changes)."""
    today = today or timezone.localdate()
    overdue = (
        BookletBlock.objects.filter(
            review_by__lt=today, review_reminded_at__isnull=True, owner__isnull=False, owner__is_active=True
        )
        .select_related("booklet", "owner")
        .order_by("owner_id", "booklet_id")
    )
    by_owner: dict = {}
    for block in overdue:
        by_owner.setdefault(block.owner, []).append(block)
    for owner, blocks in by_owner.items():
        mail.send(
            subject=f"{len(blocks)} bloc{'s' if len(blocks) > 1 else ''} de livret d'accueil à relire",
            template="cohesion/email/review.txt",
            context={"blocks": blocks, "url": mail.site_url("cohesion:booklets_mine")},
            to=[owner.email],
        )
    BookletBlock.objects.filter(pk__in=[b.pk for blocks in by_owner.values() for b in blocks]).update(
        review_reminded_at=timezone.now()
    )
    return sum(len(blocks) for blocks in by_owner.values())
