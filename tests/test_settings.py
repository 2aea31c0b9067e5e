"""Production settings and outside services, tested for real."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-key-0123456789-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "synergies.example.fr",
        "DATABASE_URL": "sqlite:////tmp/synergies-check-deploy.sqlite3",
        "EMAIL_URL": "smtp+tls://synergies:motdepasse@relais.example.fr:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_nonce_based_content_security_policy(db):
    response = Client().get(reverse("site:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


class _Handler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback (aiosmtpd), standing in for the production relay."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = _Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, handler
    controller.stop()


def test_password_reset_email_goes_through_smtp(people, smtp_server):
    controller, handler = smtp_server
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    with override_settings(MAILERS=mailers):
        response = Client().post(reverse("account_reset_password"), {"email": "membre@exemple.fr"})
    assert response.status_code == 302
    assert len(handler.messages) == 1
    envelope = handler.messages[0]
    assert envelope.rcpt_tos == ["membre@exemple.fr"]
    body = envelope.content.decode()
    assert "Subject: =?utf-8?" in body or "Subject:" in body
    assert "/compte/password/reset/key/" in body
    assert len(mail.outbox) == 0
