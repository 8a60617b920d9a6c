"""A task that meets a failing mail server or CDN hook is queued again, later."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from broadsheet.background.mail import deliver, enqueue_messages
from broadsheet.background.retries import WillRetry
from broadsheet.background.tests.mailserver import MailServer
from broadsheet.caching import webhook
from broadsheet.caching.store import purge

MESSAGE = {"subject": "Hi", "body": "Text", "to": ["ada@mail.example"], "headers": {}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_RETRY_SECONDS = 30


@pytest.fixture
def smtp(settings):
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    yield server
    server.stop()


@pytest.mark.django_db
def test_a_message_is_queued_not_sent_in_the_request(database_queue, mailoutbox):
    deliver.enqueue(MESSAGE)
    assert mailoutbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "broadsheet.background.mail.deliver"
    assert queued.args_kwargs["args"] == [MESSAGE]


@pytest.mark.django_db
def test_a_fan_out_queues_its_messages_in_one_insert(
    database_queue, django_assert_num_queries
):
    messages = [(f"Hi {n}", "Text", [f"r{n}@mail.example"], {}) for n in range(3)]
    with django_assert_num_queries(1):
        enqueue_messages(messages)
    ready = DBTaskResult.objects.ready()
    assert ready.count() == 3
    assert {row.task.name for row in ready} == {"deliver"}
    assert sorted(row.args_kwargs["args"][0]["to"][0] for row in ready) == [
        "r0@mail.example",
        "r1@mail.example",
        "r2@mail.example",
    ]


@pytest.mark.django_db
def test_a_message_the_mail_server_refuses_is_retried_later(database_queue, smtp):
    before = timezone.now()
    with pytest.raises(WillRetry):
        deliver.call(MESSAGE)  # the mail server is not running
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs == {"args": [MESSAGE], "kwargs": {"attempt": 2}}
    assert retry.run_after >= before + timedelta(seconds=30)
    with pytest.raises(WillRetry):
        deliver.call(MESSAGE, attempt=2)
    later = DBTaskResult.objects.exclude(pk=retry.pk).get()
    assert later.run_after >= before + timedelta(seconds=60)  # backed off

    smtp.start()
    deliver.call(MESSAGE, attempt=3)
    assert smtp.mailbox.recipients() == ["ada@mail.example"]


@pytest.mark.django_db
def test_after_the_last_attempt_the_error_is_kept(database_queue, smtp, settings):
    settings.TASKS_MAX_ATTEMPTS = 3
    with pytest.raises(ConnectionRefusedError):
        deliver.call(MESSAGE, attempt=3)
    assert not DBTaskResult.objects.exists()


class Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.django_db
def test_a_purge_queues_a_post_to_the_cdn_hook(database_queue, settings):
    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/purge"
    settings.PURGE_WEBHOOK_URL = url
    try:
        purge(["article-7", "listings"])
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "broadsheet.caching.webhook.post_keys"
        webhook.post_keys.call(*queued.args_kwargs["args"])
        assert Hook.received == [{"keys": ["article-7", "listings"]}]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_a_cdn_hook_that_fails_is_retried(database_queue, settings):
    with pytest.raises(WillRetry):
        webhook.post_keys.call("http://127.0.0.1:9/purge", ["listings"])
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
