"""Jobs on a schedule, run by the worker (`broadsheet worker`).

Each periodic job is a task that enqueues its own next run before it returns,
so the schedule lives in the database with the rest of the queue and survives
restarts. Every minute the worker calls tick(), which

- enqueues a periodic job that has no run waiting (a new site, or a job whose
  chain was broken by a crash), and
- puts back in the queue a task left RUNNING for TASKS_STALE_SECONDS by a worker
  that died (kill -9, power loss): the work is done at least once, and
- sends the `ticked` signal (signals.py) for other apps' minute jobs.

Scheduled publications are not here: saving a scheduled article enqueues a
purge for its time (broadsheet/caching/invalidation.py).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from broadsheet.background.signals import ticked

DAY = timedelta(days=1)


@task()
def purge_reply_ips() -> str:
    """Erase old replies' IP addresses, then run again in a day."""
    purge_reply_ips.using(run_after=timezone.now() + DAY).enqueue()
    call_command("purge_reply_ips", verbosity=0)
    return "purged; next run in a day"


PERIODIC = [purge_reply_ips]


def schedule_missing() -> list[str]:
    """Enqueue each periodic job that has no run waiting; return their names."""
    added = []
    for job in PERIODIC:
        with transaction.atomic():
            waiting = DBTaskResult.objects.filter(
                task_path=job.module_path,
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            ).order_by("run_after")
            ids = list(waiting.values_list("id", flat=True))
            if not ids:
                job.enqueue()
                added.append(job.name)
            elif len(ids) > 1:
                # Two workers scheduled at once: keep the earliest run.
                DBTaskResult.objects.filter(
                    id__in=ids[1:], status=TaskResultStatus.READY
                ).delete()
    return added


def recover_abandoned(now=None) -> int:
    """Put tasks RUNNING for longer than TASKS_STALE_SECONDS back in the queue."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASKS_STALE_SECONDS)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)


def tick() -> None:
    recover_abandoned()
    schedule_missing()
    ticked.send(sender=None)
