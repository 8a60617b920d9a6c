"""E-mail sent by the worker: the request renders and enqueues, the worker sends.

    enqueue_message(subject, body, to, headers)   # in the request, one INSERT

The row is written in the caller's transaction: it exists exactly when what
caused it was committed, and the worker cannot see it before.

Each message is its own task, so a failure retries that message alone and a
message already accepted by the mail server is not sent again.
"""

import smtplib

from django.core.mail import EmailMessage
from django_tasks import task

from broadsheet.background.retries import retry_later


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
        email.send()
    except (OSError, smtplib.SMTPException) as error:
        retry_later(deliver, message, attempt=attempt, error=error)
    return f"sent to {len(message['to'])} recipient(s)"


def enqueue_message(subject: str, body: str, to: list[str], headers=None) -> None:
    """Queue a message for the worker, in the current transaction if there is one."""
    message = {"subject": subject, "body": body, "to": list(to), "headers": headers}
    deliver.enqueue(message)
