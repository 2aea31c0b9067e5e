"""Background tasks started by a write run only once the write is committed: a task that starts
earlier may not find what it was enqueued for, or act on a write that was rolled back."""

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
