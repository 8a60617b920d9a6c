"""Background work: what must not happen inside a reader's request.

The queue is Django's Tasks API (the `django-tasks` backport of Django 6's
`django.tasks`) with its database backend (`django-tasks-db`): a task is a row
in the site's own database, written when the request's transaction commits, so
the embedded SQLite mode needs nothing new and PostgreSQL servers share one
queue. The pieces:

    mail.py        deliver(message): send one rendered e-mail, retried on failure
    retries.py     retry_later(): re-enqueue a task with exponential back-off
    periodic.py    the jobs on a schedule: reply-IP purge, recovery of tasks
                   whose worker died
    management/commands/worker.py   `broadsheet worker`: runs the queue and the
                   schedule; `broadsheet serve` starts one as a child process

A request enqueues (one INSERT) and returns; the worker claims each ready row,
runs it and records SUCCESSFUL or FAILED; failed tasks are listed in the admin
under *Tasks Database Backend → Task Results*.
"""
