"""Local development and `make demo`: debug on; e-mails kept in a mailbox read on /demo/courriels/ (unless
EMAIL_URL says where to send them)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghij")
os.environ.setdefault("DJANGO_DEBUG", "true")

from config.settings.base import *  # noqa: E402,F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

if "EMAIL_URL" not in os.environ:
    MAILERS = {"default": {"BACKEND": "synergies.site.mailbox.MailboxBackend"}}
    SYNERGIES_DEMO_MAILBOX = True
