"""The real worker path: enqueue in the database, `manage.py db_worker` runs it, the e-mail leaves."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from synergies.accounts import services

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_sent_by_the_database_worker(people, company):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_TASKS):
        services.organisation_invitation_create(
            actor=people["org_admin"], organisation=company, email="file@exemple.fr", role="member"
        )
        assert DBTaskResult.objects.count() == 1
        assert mail.outbox == []
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.to for m in mail.outbox] == [["file@exemple.fr"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
