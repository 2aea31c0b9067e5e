"""Enqueue the recurring work: django-tasks-db has no periodic scheduler of its own.

Every minute: close the opportunities whose deadline has passed, release the platform bookings
nobody confirmed in time, pass the event seats offered and not taken to the next person of the waiting
list, lapse the meeting requests left unanswered, and count the unfiltered directory
again if it changed (so that its first visitor after an import does not wait). Every hour: send the due digests of
saved searches, the due event reminders and the satisfaction surveys of ended events, and refresh the computed indicators of the conventions. Every day: apply the retention
periods of personal data (reserve candidate files and spouses' profiles included), flag the booklet
blocks past their review date to their owners, remind the employers' renewals falling due. Pages never depend on this being on time (a past deadline already reads as closed);
the task only makes the stored state, the history and the indicators catch up.
"""

import time

from django.core.management.base import BaseCommand

from synergies.cohesion import tasks as cohesion_tasks
from synergies.directory.tasks import warm_directory_counts
from synergies.events import tasks as event_tasks
from synergies.governance.tasks import compute_indicators
from synergies.opportunities.tasks import apply_retention, close_expired_opportunities, send_digests
from synergies.platforms.tasks import release_unconfirmed_bookings

TICK_SECONDS = 60
DIGEST_EVERY_TICKS = 60
RETENTION_EVERY_TICKS = 24 * 60


class Command(BaseCommand):
    help = "Met en file les tâches récurrentes (clôture à la date limite, envois des recherches enregistrées)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Mettre les tâches en file une fois, puis s'arrêter (cron)."
        )

    def handle(self, *args, once=False, **options):
        tick = 0
        while True:
            close_expired_opportunities.enqueue()
            warm_directory_counts.enqueue()
            release_unconfirmed_bookings.enqueue()
            event_tasks.expire_offers.enqueue()
            event_tasks.expire_meeting_requests.enqueue()
            if tick % DIGEST_EVERY_TICKS == 0:
                send_digests.enqueue()
                event_tasks.send_reminders.enqueue()
                event_tasks.send_surveys.enqueue()
                compute_indicators.enqueue()
            if tick % RETENTION_EVERY_TICKS == 0:
                apply_retention.enqueue()
                event_tasks.apply_retention.enqueue()
                cohesion_tasks.apply_retention.enqueue()
                cohesion_tasks.send_review_reminders.enqueue()
            if once:
                self.stdout.write("Tâches récurrentes mises en file.")
                return
            tick += 1
            time.sleep(TICK_SECONDS)
