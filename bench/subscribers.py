"""Approving a reply on an article with many subscribers (#11): the
moderator's wait, and every notification delivered afterwards."""

import time

from bench.common import STORY, percentile, shell
from broadsheet.server.tests.live import live_server

SUBSCRIBE = """
from django.utils import timezone
from broadsheet.articles.models import Article
from broadsheet.replies.models import Reply, Subscription
article = Article.objects.get(import_ref={story!r})
Subscription.objects.bulk_create([Subscription(article=article,
    email=f"subscriber{{n}}@mail.example", confirmed_at=timezone.now())
    for n in range({subscribers})])
held = Reply.objects.bulk_create([Reply(article=article, name="Bench",
    email=f"held{{n}}@mail.example", text=f"Held reply {{n}}", status="pending")
    for n in range({approvals})])
warm = Reply.objects.create(article=Article.objects.exclude(pk=article.pk)[0],
    name="Bench", email="warm@mail.example", text="Warm-up", status="pending")
print(warm.pk, ",".join(str(reply.pk) for reply in held))
"""


def approve_with_subscribers_rows(work, subscribers, approvals):
    """Approve held replies on an article with `subscribers` confirmed subscribers
    through the admin; time each answer, then count the mail the worker sends
    to a real SMTP server on loopback."""
    from broadsheet.background.tests.mailserver import MailServer
    from broadsheet.server.tests.live import Browser

    mail = MailServer()
    mail.start()
    env = {"EMAIL_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1", "TWO_FACTOR_ROLES": ""}
    env["EMAIL_PORT"] = str(mail.port)
    try:
        with live_server(work / "mail", workers=2, **env) as server:
            warm, ids = shell(
                server,
                SUBSCRIBE.format(
                    story=STORY, subscribers=subscribers, approvals=approvals
                ),
            ).split()
            desk = Browser.signed_in(server.url)
            times = []
            # The first approval compiles templates and opens connections.
            desk.post(
                f"/admin/replies/reply/{warm}/moderate/approve/",
                {"csrfmiddlewaretoken": desk.csrf()},
            )
            for reply_id in ids.split(","):
                start = time.perf_counter()
                answer = desk.post(
                    f"/admin/replies/reply/{reply_id}/moderate/approve/",
                    {"csrfmiddlewaretoken": desk.csrf()},
                )
                times.append((time.perf_counter() - start) * 1000)
                assert answer.status == 302, answer.status
            expected = subscribers * approvals
            started = time.perf_counter()
            while len(mail.mailbox.messages) < expected:
                if time.perf_counter() - started > 1800:
                    break
                time.sleep(0.5)
            drained = time.perf_counter() - started
    finally:
        mail.stop()
    sent = len(mail.mailbox.messages)
    distinct = len(set(mail.mailbox.recipients()))
    note = (
        f"approvals on an article with {subscribers:,} subscribers: {approvals}; "
        f"messages expected {expected:,}, received {sent:,} "
        f"({distinct:,} distinct recipients), the worker took {drained:.0f} s"
    )
    if sent != expected or distinct != subscribers:
        note = "MISMATCH: " + note
    row = (
        f"approve a reply, {subscribers:,} subscribers",
        "",
        percentile(times, 50),
        percentile(times, 99),
        f"{approvals} approvals",
    )
    return [row], note
