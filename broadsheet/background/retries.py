"""Retrying a task later, with exponential back-off.

django-tasks records one attempt per row and has no retry of its own, so a
task that meets a passing failure (the mail server is down) enqueues its next
attempt as a new row with `run_after` in the future and then raises, so the
failed attempt stays visible in the admin::

    except OSError as error:
        retry_later(deliver, message, attempt=attempt, error=error)

After TASKS_MAX_ATTEMPTS the error is raised as it is: the task is FAILED for
good and an editor sees it in the admin.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


class WillRetry(Exception):
    """This attempt failed; the next one is enqueued (see the row's traceback)."""


def backoff(attempt: int) -> timedelta:
    """The wait after attempt: TASKS_RETRY_SECONDS, doubled each time (<= 1 day)."""
    seconds = settings.TASKS_RETRY_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, 86_400))


def retry_later(task, *args, attempt: int, error: BaseException):
    """Enqueue task(*args, attempt=attempt + 1) after the back-off, then raise."""
    if attempt >= settings.TASKS_MAX_ATTEMPTS:
        raise error
    task.using(run_after=timezone.now() + backoff(attempt)).enqueue(
        *args, attempt=attempt + 1
    )
    raise WillRetry(f"attempt {attempt} failed ({error}); retrying") from error
