"""The audit trail: one function that every service calls after a write."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from synergies.core.models import AuditEntry


def _jsonable(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def model_changes(instance: models.Model, fields: list[str], before: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs from `before`."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    return {name: getattr(instance, name) for name in fields}


def record(*, actor, action: str, target: models.Model | None = None, changes: dict | None = None, territory=None):
    """Write one audit entry. `action` is a short English verb (created, updated, role_granted…)."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_repr=(actor.email if is_person else "système")[:255],
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:255] if target is not None else "",
        changes={k: _jsonable(v) for k, v in (changes or {}).items()},
        territory=territory,
    )
