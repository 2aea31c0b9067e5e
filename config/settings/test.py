"""Test settings: fast hashing, in-memory e-mail, the immediate tasks backend."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key-0123456789abcdefghijklmnop")
os.environ["DJANGO_DEBUG"] = "false"

from config.settings.base import *  # noqa: E402,F403
from tests.template_vars import UndefinedProjectVariable  # noqa: E402

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# An undefined variable in one of the project's own templates fails the test that rendered it.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UndefinedProjectVariable()  # noqa: F405

# Uploaded files of the tests go to a throw-away folder.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="synergies-test-media-"))
STORAGES["default"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405

# Tests that are not about matching quality embed with a fast stand-in; tests/matching use the real model.
SYNERGIES_EMBEDDING_BACKEND = "synergies.matching.backends.HashingBackend"
