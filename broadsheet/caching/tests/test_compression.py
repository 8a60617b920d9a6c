"""Kept pages are compressed once, when stored, and sent as the reader asks."""

import gzip

import brotli
import pytest

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching import encoding, store
from broadsheet.caching.tests.wsgi_client import get_bytes
from broadsheet.replies.tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda b: b}


@pytest.fixture
def story(db):
    article = ArticleFactory(headline="Harbour Bridge to close")
    for n in range(30):
        ReplyFactory(article=article, text=f"A reader's considered point {n}. " * 5)
    return article.get_absolute_url()


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.8", "gzip"),
        ("*", "br"),
        ("", None),
        ("identity", None),
        ("gzip;q=0, br;q=0", None),
    ],
)
def test_each_reader_gets_the_coding_they_asked_for_miss_and_hit(story, accept, coding):
    plain = get_bytes(story)[2]
    for _ in range(2):
        status, headers, body = get_bytes(story, accept_encoding=accept)
        assert (status, headers["X-Cache"]) == (200, "HIT")
        assert headers.get("Content-Encoding") == coding
        assert int(headers["Content-Length"]) == len(body)
        assert DECODE[coding](body) == plain
        assert "Accept-Encoding" in headers["Vary"]


def test_a_miss_is_sent_compressed_too(story):
    status, headers, body = get_bytes(story, accept_encoding="br")
    assert (headers["X-Cache"], headers["Content-Encoding"]) == ("MISS", "br")
    assert b"Harbour Bridge to close" in brotli.decompress(body)


def test_each_copy_has_its_own_etag_and_answers_304_to_it(story):
    get_bytes(story)
    etags = {
        coding: get_bytes(story, accept_encoding=coding)[1]["ETag"]
        for coding in ("br", "gzip", "identity")
    }
    assert len(set(etags.values())) == 3
    for coding, etag in etags.items():
        assert get_bytes(story, accept_encoding=coding, if_none_match=etag)[0] == 304
    other = get_bytes(story, accept_encoding="gzip", if_none_match=etags["br"])
    assert other[0] == 200


def test_a_hit_costs_no_compression(story, monkeypatch):
    get_bytes(story, accept_encoding="br")  # the miss compresses, once
    calls = []
    monkeypatch.setattr(
        encoding.brotli, "compress", lambda *a, **k: calls.append(a) or b""
    )
    monkeypatch.setattr(
        encoding.gzip, "compress", lambda *a, **k: calls.append(a) or b""
    )
    for accept in ("br", "gzip", ""):
        assert get_bytes(story, accept_encoding=accept)[1]["X-Cache"] == "HIT"
    assert calls == []


def test_head_gives_the_length_of_the_copy_get_would_send(story):
    _, got, body = get_bytes(story, accept_encoding="gzip")
    status, head, empty = get_bytes(story, "HEAD", accept_encoding="gzip")
    assert (status, empty) == (200, b"")
    assert head["Content-Length"] == got["Content-Length"] == str(len(body))


def test_small_and_binary_answers_are_sent_as_they_are(db):
    ArticleFactory()
    _, headers, _ = get_bytes("/robots.txt", accept_encoding="br")
    assert "Content-Encoding" not in headers  # under 512 bytes


@pytest.mark.parametrize("accept", ["br", "gzip", ""])
def test_another_process_reads_every_copy_whole(story, accept):
    """The shared store keeps the page without its uncompressed copy, which
    the gzip copy holds: a process that did not render it sends it all."""
    plain = get_bytes(story)[2]
    store._memory.clear()  # another process: only the shared store
    status, headers, body = get_bytes(story, accept_encoding=accept)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert int(headers["Content-Length"]) == len(body)
    assert DECODE[headers.get("Content-Encoding")](body) == plain
