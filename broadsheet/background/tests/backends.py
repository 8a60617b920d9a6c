"""The task backend most tests run with (set in the root conftest.py).

Django's ImmediateBackend runs a task as it is enqueued, so a test sees its
e-mail in mailoutbox; it refuses tasks for later (run_after). This one keeps
those in `deferred` instead of refusing them: a test of the schedule can read
what was queued for when, and run nothing at the wrong time.
"""

from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.utils import get_random_id


class ImmediateUnlessDeferred(ImmediateBackend):
    supports_defer = True

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.deferred = []

    def enqueue(self, task, args, kwargs):
        if task.run_after is None:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        self.deferred.append(result)
        return result
