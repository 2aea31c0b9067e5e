"""Cached counts of directory searches (facets and totals), keyed by the directory's version.

Counting facets over 100 k organisations costs hundreds of milliseconds; the same query gives the
same counts until the directory changes. Every write bumps `DirectoryVersion` (signals for single
saves, `directory_changed()` after bulk writes), so a cached count is never stale, whichever process
wrote.
"""

import hashlib

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from synergies.directory.models import DirectoryVersion, Organisation, OrganisationCertification

TIMEOUT = 3600


def directory_version() -> int:
    row = DirectoryVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or 0


def directory_changed(**kwargs) -> None:
    if not DirectoryVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DirectoryVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def cached(kind: str, key: str, compute):
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    name = f"directory:{kind}:{directory_version()}:{digest}"
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, TIMEOUT)
    return value


def connect_signals():
    for model in (Organisation, OrganisationCertification):
        post_save.connect(directory_changed, sender=model, dispatch_uid=f"directory_version_save_{model.__name__}")
        post_delete.connect(directory_changed, sender=model, dispatch_uid=f"directory_version_del_{model.__name__}")
    for through in (Organisation.capabilities.through, Organisation.labels.through):
        m2m_changed.connect(directory_changed, sender=through, dispatch_uid=f"directory_version_m2m_{through.__name__}")
