"""The worker that `broadsheet serve` starts: e-mail survives a mail server
outage and is delivered once, and the periodic jobs are scheduled."""

import json
import time
from email import message_from_bytes, policy

from broadsheet.background.tests.mailserver import MailServer
from broadsheet.server.tests.live import Browser, live_server

SUBSCRIBERS = [f"reader{n}@mail.example" for n in range(5)]

SETUP = """
from django.utils import timezone
from broadsheet.articles.models import Article
from broadsheet.replies.models import Reply, Subscription
article = Article.objects.filter(status="published").order_by("-published_at")[0]
for email in {subscribers!r}:
    Subscription.objects.create(
        article=article, email=email, confirmed_at=timezone.now()
    )
reply = Reply.objects.create(article=article, name="Ada", email="ada@mail.example",
    text="Held until a moderator looks.", status="pending")
print(reply.pk)
"""

TASKS = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps(list(DBTaskResult.objects.values_list("task_path", "status"))))
"""


def tasks(server):
    return [
        tuple(row)
        for row in json.loads(server.manage("shell", "--no-imports", "-c", TASKS))
    ]


def until(condition, seconds):
    """Wait for condition() (bounded); return its last value."""
    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.3)
    return value


def approve(server, reply_id):
    desk = Browser.signed_in(server.url)
    answer = desk.post(
        f"/admin/replies/reply/{reply_id}/moderate/approve/",
        {"csrfmiddlewaretoken": desk.csrf()},
    )
    assert answer.status == 302
    return desk


def test_notifications_wait_out_a_mail_server_outage_and_arrive_once(tmp_path):
    mail = MailServer()
    env = {
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail.port),
        "TASKS_RETRY_SECONDS": "1",
        "TWO_FACTOR_ROLES": "",  # the desk signs in as the admin, with a password
    }
    with live_server(tmp_path, workers=1, **env) as server:
        reply_id = server.manage(
            "shell", "--no-imports", "-c", SETUP.format(subscribers=SUBSCRIBERS)
        ).strip()
        # The mail server is down (never started) when the reply is approved.
        desk = approve(server, reply_id)
        failed = until(
            lambda: ("broadsheet.background.mail.deliver", "FAILED") in tasks(server),
            60,
        )
        assert failed, "the worker never tried to send while the server was down"
        listing = desk.get(
            "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED"
        )
        assert "deliver" in listing  # an editor sees the failed attempts

        mail.start()
        try:
            until(lambda: len(mail.mailbox.recipients()) >= len(SUBSCRIBERS), 90)
            # Anything sent twice would come within the next retries.
            time.sleep(3)
            assert mail.mailbox.recipients() == SUBSCRIBERS
            subjects = [
                message_from_bytes(m.content, policy=policy.default)["Subject"]
                for m in mail.mailbox.messages
            ]
            assert all("New reply on" in subject for subject in subjects)
        finally:
            mail.stop()

        # The worker also scheduled its periodic job, and ran it once.
        rows = tasks(server)
        purge = "broadsheet.background.periodic.purge_reply_ips"
        assert (purge, "SUCCESSFUL") in rows and (purge, "READY") in rows
