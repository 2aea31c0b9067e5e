"""Saved searches and their e-mail digests: create, delete, unsubscribe by token, the items of a digest
and the sending."""

import datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone

from synergies.core import audit
from synergies.core.exceptions import ApplicationError, full_clean_or_refuse
from synergies.matching import services as matching_services
from synergies.opportunities import selectors
from synergies.opportunities.models import (
    Opportunity,
    SavedSearch,
)

UNSUBSCRIBE_SALT = "synergies.opportunities.unsubscribe"
DIGEST_PERIOD = {"daily": datetime.timedelta(days=1), "weekly": datetime.timedelta(days=7)}
# A digest is due slightly before its period is over, so that an hourly scheduler never skips a day.
DIGEST_SLACK = datetime.timedelta(hours=1)
DIGEST_MAX_ITEMS = 30


def unsubscribe_token(saved_search: SavedSearch) -> str:
    return signing.dumps(saved_search.pk, salt=UNSUBSCRIBE_SALT)


def saved_search_from_token(token: str) -> SavedSearch | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).first()


@transaction.atomic
def saved_search_create(*, actor, name: str, query: "selectors.OpportunityQuery", frequency: str) -> SavedSearch:
    if not actor.is_authenticated:
        raise ApplicationError("Connectez-vous pour enregistrer une recherche.")
    if actor.saved_searches.count() >= 20:
        raise ApplicationError("Vous avez déjà 20 recherches enregistrées : supprimez-en une d'abord.")
    saved = SavedSearch(user=actor, name=name.strip() or "Ma recherche", params=query.as_params(), frequency=frequency)
    # The first digest covers what is published from now on.
    saved.last_sent_at = timezone.now()
    full_clean_or_refuse(saved)
    saved.save()
    audit.record(actor=actor, action="saved_search_created", target=saved, changes={"params": saved.params})
    return saved


@transaction.atomic
def saved_search_delete(*, actor, saved_search: SavedSearch) -> None:
    if saved_search.user_id != actor.pk:
        raise ApplicationError("Cette recherche ne vous appartient pas.")
    audit.record(actor=actor, action="saved_search_deleted", target=saved_search)
    saved_search.delete()


@transaction.atomic
def saved_search_unsubscribe(*, saved_search: SavedSearch) -> SavedSearch:
    saved_search.is_active = False
    saved_search.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=saved_search.user, action="unsubscribed", target=saved_search)
    return saved_search


def digest_items(saved_search: SavedSearch, *, since, now=None) -> list[Opportunity]:
    """Open opportunities of the saved search that its owner may see, published since `since`."""
    query = selectors.OpportunityQuery.from_params({**saved_search.params, "etat": ""})
    items = list(
        selectors.opportunity_search(saved_search.user, query, now=now)
        .filter(published_at__gt=since)
        .order_by("-published_at", "id")[:DIGEST_MAX_ITEMS]
    )
    # Ranked as on the dashboard when the person belongs to an organisation; newest first otherwise.
    scores = matching_services.opportunity_scores_for_user(saved_search.user, {o.pk for o in items})
    return sorted(items, key=lambda o: -scores.get(o.pk, 0.0)) if scores else items


def digest_is_due(saved_search: SavedSearch, now) -> bool:
    if not saved_search.is_active or not saved_search.user.is_active:
        return False
    last = saved_search.last_sent_at or saved_search.created_at
    return now - last >= DIGEST_PERIOD[saved_search.frequency] - DIGEST_SLACK


def digests_send(*, now=None) -> int:
    """Send every due digest that has something new (the scheduled task). Returns e-mails sent."""
    from synergies.opportunities import notifications

    now = now or timezone.now()
    sent = 0
    for saved in SavedSearch.objects.filter(is_active=True).select_related("user"):
        if not digest_is_due(saved, now):
            continue
        items = digest_items(saved, since=saved.last_sent_at or saved.created_at, now=now)
        if items:
            notifications.digest_email(saved_search=saved, opportunities=items)
            sent += 1
        saved.last_sent_at = now
        saved.save(update_fields=["last_sent_at"])
    return sent
