"""Plain-text e-mails of every app: one subject prefix, one footer, absolute links to the site."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse


def site_url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def send(
    *, subject: str, template: str, context: dict, to: list[str], reply_to=None, headers=None, attachments=()
) -> None:
    """Render `template` (a .txt template path) and send it once to the distinct, non-empty
    addresses of `to`; nothing is sent when there is no one to tell. `attachments` are
    email.message.MIMEPart objects (an iCalendar invitation, for instance)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(template, {"site_url": settings.SITE_URL, **context}),
        to=recipients,
        reply_to=reply_to,
        headers=headers,
        attachments=list(attachments),
    ).send()
