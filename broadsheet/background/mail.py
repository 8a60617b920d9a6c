"""E-mail sent by the worker: the request renders and enqueues, the worker sends.

    enqueue_message(subject, body, to, headers)   # in the request, one INSERT

The row is written in the caller's transaction: it exists exactly when what
caused it was committed, and the worker cannot see it before.

Each message is its own task, so a failure retries that message alone and a
message already accepted by the mail server is not sent again. A worker keeps
its SMTP connection open between messages (a fan-out to a thousand
subscribers would otherwise open a thousand connections).
"""

import contextlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from broadsheet.background.retries import retry_later

_kept = None  # this process's open SMTP connection


def _connection():
    global _kept
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return None  # file, console, tests: one connection per message
    if _kept is None:
        _kept = get_connection()
    _kept.open()  # a no-op while it is open
    return _kept


def _drop_connection():
    global _kept
    if _kept is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            _kept.close()
        _kept = None


def _send(email: EmailMessage) -> None:
    try:
        email.connection = _connection()
        email.send()
    except (OSError, smtplib.SMTPException):
        # A kept connection the server has since closed: try once on a new one.
        _drop_connection()
        email.connection = _connection()
        email.send()


@task()
def deliver(message: dict, attempt: int = 1) -> str:
    """Send one message; on a mail-server failure, try again later."""
    email = EmailMessage(
        subject=message["subject"],
        body=message["body"],
        to=message["to"],
        headers=message.get("headers") or None,
    )
    try:
        _send(email)
    except (OSError, smtplib.SMTPException) as error:
        _drop_connection()
        retry_later(deliver, message, attempt=attempt, error=error)
    return f"sent to {len(message['to'])} recipient(s)"


def enqueue_message(subject: str, body: str, to: list[str], headers=None) -> None:
    """Queue a message for the worker, in the current transaction if there is one."""
    message = {"subject": subject, "body": body, "to": list(to), "headers": headers}
    deliver.enqueue(message)


def enqueue_messages(messages: list[tuple]) -> None:
    """Queue many (subject, body, to, headers) at once: one INSERT for all of
    them on the database queue, so a fan-out holds the write lock briefly."""
    backend = deliver.get_backend()
    if not isinstance(backend, DatabaseBackend):
        for message in messages:
            enqueue_message(*message)
        return
    DBTaskResult.objects.bulk_create(
        DBTaskResult(
            args_kwargs={
                "args": [
                    {
                        "subject": subject,
                        "body": body,
                        "to": list(to),
                        "headers": headers,
                    }
                ],
                "kwargs": {},
            },
            priority=deliver.priority,
            task_path=deliver.module_path,
            queue_name=deliver.queue_name,
            run_after=get_date_max(),  # "now": what the backend stores for no delay
            backend_name=backend.alias,
        )
        for subject, body, to, headers in messages
    )
