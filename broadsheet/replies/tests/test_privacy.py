"""A reader's email never appears in a public byte; export and erasure by email."""

import base64
import contextlib
import hashlib
import json
import re
import zlib
from datetime import timedelta
from urllib.parse import urljoin, urlparse

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.models import DiscussionSettings, PrivacyRequest, Reply
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import post_reply

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
        ReplyFactory(article=articles[n], email=email, parent=parent)
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


def ask_for_link(client, email, ip="198.51.100.20"):
    """Ask for a privacy link as a reader would; the mail goes after the answer."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/replies/privacy/", {"email": email}, REMOTE_ADDR=ip)


def privacy_link(client, mailoutbox, email):
    ask_for_link(client, email)
    return re.search(
        r"http://127\.0\.0\.1:8000(/replies/privacy/[^\s]+/)", mailoutbox[-1].body
    ).group(1)


def test_privacy_request_does_not_reveal_whether_an_address_replied(client, mailoutbox):
    ReplyFactory(email="known@mail.example")
    known = ask_for_link(client, "known@mail.example")
    unknown = ask_for_link(client, "nobody@mail.example")
    assert known.content == unknown.content
    assert [m.to for m in mailoutbox] == [["known@mail.example"]]


def test_a_privacy_link_carries_no_address(client, mailoutbox):
    ReplyFactory(email="known@mail.example")
    token = privacy_link(client, mailoutbox, "known@mail.example").split("/")[3]
    for part in [token, *token.split(":")]:
        for seen in (part, unpacked(part)):
            assert "known" not in seen and "mail.example" not in seen


def unpacked(part):
    """What a signed token's part says when base64-decoded (and inflated)."""
    try:
        raw = base64.urlsafe_b64decode(part.lstrip(".") + "=" * (-len(part) % 4))
    except ValueError:
        return ""
    with contextlib.suppress(zlib.error):
        raw = zlib.decompress(raw)
    return raw.decode("latin-1")


LOOK_ALIKES = [
    "alice.victim@maılbox.example",  # dotless ı, which PostgreSQL folds to I
    "alice.victim@maİlbox.example",  # dotted capital İ
    "alice.victim@m\u0430ilbox.example",  # Cyrillic а
    "alice.victim@xn--malbox-q9a.example",
]


@pytest.mark.parametrize("look_alike", LOOK_ALIKES)
def test_a_look_alike_address_never_opens_another_readers_replies(
    client, mailoutbox, look_alike
):
    ReplyFactory(email="alice.victim@mailbox.example", text="Alice's words.")
    ReplyFactory(email=look_alike, text="The look-alike's words.")
    link = privacy_link(client, mailoutbox, look_alike)
    (sent_to,) = mailoutbox[-1].to
    assert sent_to != "alice.victim@mailbox.example"
    data = json.loads(client.get(link + "export.json").content)
    assert [r["text"] for r in data["replies"]] == ["The look-alike's words."]
    assert data["email"] == sent_to
    client.post(link + "erase/")
    assert Reply.objects.get(text="Alice's words.").name != "Anonymous"


@pytest.mark.parametrize(
    "look_alike",
    [
        "alice.victim@mailbox.exampl\u0435",  # Cyrillic е in the top-level domain
        "alice.victim@mailbox.example\u0307",  # a combining dot
        "alice.v\u0456ctim@mailbox.example",  # Cyrillic і in the mailbox name
    ],
)
def test_an_address_no_mail_server_takes_is_refused(client, mailoutbox, look_alike):
    ReplyFactory(email="alice.victim@mailbox.example", text="Alice's words.")
    response = ask_for_link(client, look_alike)
    assert response.status_code == 400
    assert "Please give a valid email address" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "variant",
    [
        "Alice.Victim@MAILBOX.example",  # case
        "  alice.victim@mailbox.example ",  # spaces
        "ａｌｉｃｅ.victim@mailbox.example",  # full-width letters
        "alice.victim@ｍａｉｌｂｏｘ.example",
    ],
)
def test_variants_of_an_address_are_the_one_address(client, mailoutbox, variant):
    """Case and width variants name the same mailbox, so the link goes to it."""
    ReplyFactory(email="alice.victim@mailbox.example", text="Alice's words.")
    link = privacy_link(client, mailoutbox, variant)
    assert mailoutbox[-1].to == ["alice.victim@mailbox.example"]
    data = json.loads(client.get(link + "export.json").content)
    assert [r["text"] for r in data["replies"]] == ["Alice's words."]


def test_an_international_domain_is_mailed_and_matched_in_ascii(client, mailoutbox):
    ReplyFactory(email="olena@пошта.example", text="Olena's words.")
    ascii_form = "olena@" + "пошта".encode("idna").decode() + ".example"
    assert Reply.objects.get().email == ascii_form
    link = privacy_link(client, mailoutbox, "OLENA@ПОШТА.example")
    assert mailoutbox[-1].to == [ascii_form]
    data = json.loads(client.get(link + "export.json").content)
    assert [r["text"] for r in data["replies"]] == ["Olena's words."]


def test_privacy_requests_are_limited_per_address(client, mailoutbox, settings):
    settings.PRIVACY_REQUESTS_PER_ADDRESS = 3
    ReplyFactory(email="victim@mail.example")
    answers = {
        ask_for_link(client, "victim@mail.example", ip=f"198.51.100.{n}").content
        for n in range(20)
    }
    assert len(answers) == 1  # every answer alike, mailed or not
    assert len(mailoutbox) == 3


def test_privacy_requests_are_limited_per_network(client, mailoutbox, settings):
    settings.PRIVACY_REQUESTS_PER_IP = 4
    statuses = [
        ask_for_link(client, f"reader{n}@mail.example").status_code for n in range(6)
    ]
    assert statuses == [200] * 4 + [429] * 2
    assert ask_for_link(client, "other@mail.example", ip="192.0.2.1").status_code == 200


def test_expired_privacy_requests_are_forgotten(client, mailoutbox):
    ReplyFactory(email="me@mail.example")
    link = privacy_link(client, mailoutbox, "me@mail.example")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert client.get(link).status_code == 404
        ask_for_link(client, "someone@mail.example")
        assert list(PrivacyRequest.objects.values_list("email", flat=True)) == [
            "someone@mail.example"
        ]


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
    assert data["replies"][0]["url"].endswith(f"/replies/{mine.pk}/")  # permalink


def test_erasure_anonymises_and_keeps_the_thread(client, mailoutbox):
    mine = ReplyFactory(
        email="me@mail.example",
        name="Me Myself",
        text="My words.",
        website="https://me.example",
    )
    ReplyFactory(article=mine.article, parent=mine, text="An answer.")
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
    ReplyFactory(article=answered.article, parent=answered, text="An answer.")
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
