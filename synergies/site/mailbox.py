"""The demo's mailbox: with the demo settings, e-mails are kept as files and read on a page
(/demo/courriels/) instead of leaving the machine, so that whoever tries the demo sees what each person
receives (links clickable). Never on in production: the page answers 404 unless
SYNERGIES_DEMO_MAILBOX is set, which only config/settings/dev.py does."""

import email
import email.policy
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

MAX_SHOWN = 300


def mailbox_dir() -> Path:
    return Path(settings.VAR_DIR) / "courriels"


class MailboxBackend(BaseEmailBackend):
    """Each message as one .eml file in the mailbox folder."""

    def send_messages(self, email_messages):
        folder = mailbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
        return len(email_messages)


@dataclass
class Mail:
    name: str
    subject: str
    to: str
    date: str
    body: str
    attachments: list[str]


def _read(path: Path) -> Mail:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    attachments = [
        f"{part.get_filename() or 'pièce jointe'} ({part.get_content_type()}"
        + (f", method={part.get_param('method')})" if part.get_param("method") else ")")
        for part in message.iter_attachments()
    ]
    return Mail(
        name=path.stem,
        subject=str(message["subject"] or ""),
        to=str(message["to"] or ""),
        date=str(message["date"] or ""),
        body=body.get_content() if body is not None else "",
        attachments=attachments,
    )


def mails() -> list[Mail]:
    folder = mailbox_dir()
    if not folder.is_dir():
        return []
    return [_read(path) for path in sorted(folder.glob("*.eml"), reverse=True)[:MAX_SHOWN]]


def mail(name: str) -> Mail | None:
    if not name.replace("-", "").isalnum():
        return None
    path = mailbox_dir() / f"{name}.eml"
    return _read(path) if path.is_file() else None
