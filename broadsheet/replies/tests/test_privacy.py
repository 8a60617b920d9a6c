"""A reader's email never appears in a public byte; export and erasure by email."""

import hashlib
import json
import re
from urllib.parse import urljoin, urlparse

import pytest

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.models import DiscussionSettings, Reply
from broadsheet.replies.tests.conftest import post_reply
from broadsheet.replies.tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db

READER_EMAILS = [
    "olena@mail.example",
    "jonas.berg@mail.example",
    "Mixed.Case@Mail.Example",
]


def forms_of(email):
    """The address as it might leak: itself, any case, encoded or hashed."""
    lowered = email.strip().lower()
    yield from (
        email,
        lowered,
        lowered.replace("@", "%40"),
        lowered.replace("@", "&#64;"),
    )
    for algorithm in ("md5", "sha1", "sha256"):
        yield hashlib.new(algorithm, lowered.encode()).hexdigest()


def crawl(client, start="/"):
    """Every public URL reachable from the front page: pages, feeds, sitemaps."""
    seen, queue, bodies = set(), [start, "/robots.txt", "/sitemap.xml"], {}
    while queue:
        url = queue.pop()
        path = urlparse(url).path + (
            f"?{urlparse(url).query}" if urlparse(url).query else ""
        )
        if path in seen or path.startswith(("/admin", "/static", "/media")):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            continue
        body = response.content.decode("utf-8", "replace")
        bodies[path] = body + "\n" + "\n".join(f"{k}: {v}" for k, v in response.items())
        for link in re.findall(r'(?:href|src)="([^"#]+)', body) + re.findall(
            r"<loc>([^<]+)</loc>", body
        ):
            absolute = urljoin("http://testserver" + path, link.replace("&amp;", "&"))
            if urlparse(absolute).netloc in ("testserver", "127.0.0.1:8000"):
                queue.append(absolute)
    return bodies


def test_no_reader_email_in_any_public_byte(client, settings):
    settings.REPLIES_EDIT_MINUTES = 0  # no author-only controls on the crawl
    articles = [ArticleFactory(headline=f"Story {n}") for n in range(3)]
    for n, email in enumerate(READER_EMAILS):
        parent = ReplyFactory(
            article=articles[n], email=email, website="https://example.org"
        )
        ReplyFactory(article=articles[n], email=email, parent=parent, depth=1)
        ReplyFactory(article=articles[n], email=email, status=Reply.Status.PENDING)
    post_reply(
        client,
        articles[0],
        comment="Posted through the form.",
        email="form.reader@mail.example",
        remember="on",
        notify="on",
    )
    client.cookies.clear()

    bodies = crawl(client)
    assert len(bodies) >= 8, sorted(bodies)
    assert any("Posted through the form." not in b for b in bodies.values())
    for email in [*READER_EMAILS, "form.reader@mail.example"]:
        for leaked in forms_of(email):
            for url, body in bodies.items():
                assert leaked not in body, f"{email} appears as {leaked!r} in {url}"


def privacy_link(client, mailoutbox, email):
    client.post("/replies/privacy/", {"email": email})
    return re.search(
        r"http://127\.0\.0\.1:8000(/replies/privacy/[^\s]+/)", mailoutbox[-1].body
    ).group(1)


def test_privacy_request_does_not_reveal_whether_an_address_replied(client, mailoutbox):
    ReplyFactory(email="known@mail.example")
    known = client.post("/replies/privacy/", {"email": "known@mail.example"})
    unknown = client.post("/replies/privacy/", {"email": "nobody@mail.example"})
    assert known.content == unknown.content
    assert [m.to for m in mailoutbox] == [["known@mail.example"]]


def test_export_gives_every_reply_of_the_address_as_json(client, mailoutbox):
    mine = ReplyFactory(email="me@mail.example", text="Mine, approved.")
    ReplyFactory(email="ME@mail.example", text="Mine, held.", status="pending")
    ReplyFactory(email="you@mail.example", text="Not mine.")
    manage = privacy_link(client, mailoutbox, "me@mail.example")
    page = client.get(manage).content.decode()
    assert "There are 2 replies from this address." in page
    response = client.get(manage + "export.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-replies.json"'
    data = json.loads(response.content)
    assert sorted(r["text"] for r in data["replies"]) == [
        "Mine, approved.",
        "Mine, held.",
    ]
    assert data["replies"][0]["url"].endswith(f"#reply-{mine.pk}")


def test_erasure_anonymises_and_keeps_the_thread(client, mailoutbox):
    mine = ReplyFactory(
        email="me@mail.example",
        name="Me Myself",
        text="My words.",
        website="https://me.example",
    )
    ReplyFactory(article=mine.article, parent=mine, depth=1, text="An answer.")
    manage = privacy_link(client, mailoutbox, "me@mail.example")
    client.post(manage + "erase/")
    mine.refresh_from_db()
    assert (mine.name, mine.email, mine.website, mine.ip_address) == (
        "Anonymous",
        "",
        "",
        None,
    )
    page = client.get(mine.article.get_absolute_url()).content.decode()
    assert "My words." in page and "Me Myself" not in page and "An answer." in page
    assert mine.log.get().action == "erase"


def test_erasure_can_delete_instead(client, mailoutbox):
    policy = DiscussionSettings.current()
    policy.erasure = DiscussionSettings.Erasure.DELETE
    policy.save()
    answered = ReplyFactory(email="me@mail.example", text="Answered words.")
    ReplyFactory(article=answered.article, parent=answered, depth=1, text="An answer.")
    alone = ReplyFactory(email="me@mail.example", text="Lonely words.")
    client.post(privacy_link(client, mailoutbox, "me@mail.example") + "erase/")
    assert not Reply.objects.filter(pk=alone.pk).exists()
    answered.refresh_from_db()
    assert answered.is_erased and answered.text == ""
    page = client.get(answered.article.get_absolute_url()).content.decode()
    assert "This reply was deleted." in page and "An answer." in page


def test_privacy_links_expire_and_cannot_be_forged(client):
    assert client.get("/replies/privacy/forged/").status_code == 404
    assert client.post("/replies/privacy/forged/erase/").status_code == 404
