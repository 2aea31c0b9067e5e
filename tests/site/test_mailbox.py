"""The demo's mailbox: e-mails kept as files and read on a page, only with the demo settings."""

import pytest
from django.test import override_settings
from django.urls import reverse

from synergies.core import mail

pytestmark = pytest.mark.django_db


def test_the_demo_mailbox_shows_each_mail_with_clickable_links(client, tmp_path):
    with override_settings(
        SYNERGIES_DEMO_MAILBOX=True,
        VAR_DIR=tmp_path,
        MAILERS={"default": {"BACKEND": "synergies.site.mailbox.MailboxBackend"}},
    ):
        mail.send(
            subject="Inscription confirmée : Forum",
            template="events/email/survey.txt",
            context={"registration": {"name": "Anne"}, "event": {"title": "Forum"}, "url": "http://127.0.0.1:8000/x/"},
            to=["anne@exemple.fr"],
        )
        listing = client.get(reverse("site:mailbox")).content.decode()
        assert "Inscription confirmée : Forum" in listing and "anne@exemple.fr" in listing
        name = next(tmp_path.joinpath("courriels").glob("*.eml")).stem
        page = client.get(reverse("site:mailbox_message", args=[name])).content.decode()
        assert '<a href="http://127.0.0.1:8000/x/"' in page
        assert client.get(reverse("site:mailbox_message", args=["..%2Fsecret"])).status_code == 404


def test_the_mailbox_is_off_outside_the_demo_settings(client, settings):
    from config.settings import base

    assert base.SYNERGIES_DEMO_MAILBOX is False
    assert client.get(reverse("site:mailbox")).status_code == 404
