"""What the audit journal shows a reader: the journal follows the visibility of the objects it describes.

Each domain app registers, for the models it audits, which of their rows a user may see and which
actions carry details that only their direct parties may read (who responded, to whom a partner
wrote). An entry about an object the reader may not see keeps its date and action — so that a
coordinator sees that N responses were sent — but loses its author, object and details.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

# (user, object ids as stored in the journal) -> the ids among them that `user` may see
VisibleIds = Callable[[object, list[str]], set[str]]


def _nobody(user) -> bool:
    return False


@dataclass(frozen=True)
class JournalPolicy:
    visible_ids: VisibleIds
    # actions whose author and details are masked even when the object itself is visible…
    confidential_actions: frozenset[str] = field(default_factory=frozenset)
    # …except for the readers this says (the app's own rule, e.g. its administrators)
    reads_confidential: Callable[[object], bool] = _nobody
    masked_label: str = "objet non visible"


_policies: dict[str, JournalPolicy] = {}
# Actions and the keys of their details are English identifiers; the journal shows them in French.
_action_labels: dict[str, str] = {
    "created": "création",
    "updated": "modification",
    "admin_updated": "modification dans l'administration",
    "admin_deleted": "suppression dans l'administration",
}
_change_labels: dict[str, str] = {"title": "titre", "status": "état", "visibility": "visibilité"}


def numeric_ids(ids) -> list[int]:
    """The journal's object ids (text) that can be primary keys, for an app's `visible_ids`."""
    return [int(i) for i in ids if i.isdigit()]


def register(model: type[models.Model], policy: JournalPolicy) -> None:
    _policies[model._meta.label_lower] = policy


_value_labels: dict[str, dict[str, str]] = {}


def register_labels(
    *, actions: dict[str, str], changes: dict[str, str] | None = None, values: dict[str, dict] | None = None
) -> None:
    """French labels of an app's audit actions, of the keys of their details and of the codes
    those details hold (« published » → « publiée » under « status »)."""
    _action_labels.update(actions)
    _change_labels.update(changes or {})
    for key, labels in (values or {}).items():
        _value_labels.setdefault(key, {}).update(labels)


def change_value(key: str, value):
    """A detail's value in words: codes translated, a [before, after] pair written « avant → après »."""
    labels = _value_labels.get(key, {})

    def word(item):
        return labels.get(item, item) if isinstance(item, str) else item

    if isinstance(value, list) and len(value) == 2 and key in _value_labels:
        return f"{word(value[0]) or '—'} → {word(value[1]) or '—'}"
    if isinstance(value, list):
        return ", ".join(str(word(item)) for item in value)
    return word(value)


def action_label(action: str) -> str:
    return _action_labels.get(action, action.replace("_", " "))


def change_label(key: str) -> str:
    return _change_labels.get(key, key.replace("_", " "))


@dataclass(frozen=True)
class JournalRow:
    created_at: object
    action: str
    actor_repr: str
    type_name: str
    object_repr: str
    changes: dict
    masked: bool

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def labelled_changes(self) -> list[tuple[str, object]]:
        return [(change_label(key), change_value(key, value)) for key, value in self.changes.items()]


def _label(entry) -> str:
    return f"{entry.content_type.app_label}.{entry.content_type.model}" if entry.content_type_id else ""


def rows_for(user, entries: Iterable) -> list[JournalRow]:
    """The journal entries as `user` may read them."""
    labelled = [(entry, _label(entry)) for entry in entries]
    ids_by_label: dict[str, list[str]] = {}
    for entry, label in labelled:
        if label in _policies:
            ids_by_label.setdefault(label, []).append(entry.object_id)
    visible = {label: _policies[label].visible_ids(user, ids) for label, ids in ids_by_label.items()}
    rows = []
    for entry, label in labelled:
        policy = _policies.get(label)
        masked = policy is not None and (
            entry.object_id not in visible[label]
            or (entry.action in policy.confidential_actions and not policy.reads_confidential(user))
        )
        rows.append(
            JournalRow(
                created_at=entry.created_at,
                action=entry.action,
                actor_repr="—" if masked else entry.actor_repr,
                type_name=entry.content_type.name if entry.content_type_id else "",
                object_repr=policy.masked_label if masked else entry.object_repr,
                changes={} if masked else entry.changes,
                masked=masked,
            )
        )
    return rows
