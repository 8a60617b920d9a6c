"""Kept pages written as files for nginx (PAGE_FILES_DIR): which pages, where,
and that a purge deletes exactly the purged pages' files."""

import gzip
import os
import time

import brotli
import pytest

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.background import periodic
from broadsheet.caching.tests.wsgi_client import get_bytes
from broadsheet.replies.tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db
HOST = "127.0.0.1:8000"  # wsgi_client's Host


@pytest.fixture
def files(settings, tmp_path):
    settings.PAGE_FILES_DIR = tmp_path
    return tmp_path


def page_file(files, path):
    return files / "pages" / (HOST + path) / "index.html"


def test_a_kept_page_is_written_with_its_compressed_copies(files):
    article = ArticleFactory(headline="Ferry timetable changes")
    ReplyFactory(article=article, text="A reader's point, made at length. " * 20)
    path = article.get_absolute_url()
    status, headers, body = get_bytes(path)
    assert headers["X-Cache"] == "MISS"
    written = page_file(files, path)
    assert written.read_bytes() == body
    assert gzip.decompress(written.with_name("index.html.gz").read_bytes()) == body
    assert brotli.decompress(written.with_name("index.html.br").read_bytes()) == body
    assert os.stat(written).st_mode & 0o444 == 0o444  # readable by nginx's user
    assert not [p for p in written.parent.iterdir() if p.name.startswith(".tmp")]


def test_no_files_without_the_setting(settings, tmp_path):
    settings.PAGE_FILES_DIR = None
    article = ArticleFactory()
    assert get_bytes(article.get_absolute_url())[0] == 200
    assert get_bytes(article.get_absolute_url())[1]["X-Cache"] == "HIT"
    assert list(tmp_path.iterdir()) == []


def test_pages_nginx_could_not_find_are_not_written(files):
    article = ArticleFactory()
    path = article.get_absolute_url()
    get_bytes(path + "?replies-page=1")
    get_bytes("/feeds/rss/")  # not HTML: nginx would not know its type
    get_bytes(path, cookie="sessionid=someone")  # personal: never kept
    assert not (files / "pages").exists() or not any(
        name.endswith("index.html")
        for _, _, names in os.walk(files / "pages")
        for name in names
    )


def test_a_purge_deletes_exactly_the_purged_pages_files(
    files, django_capture_on_commit_callbacks
):
    edited, other = ArticleFactory(), ArticleFactory()
    for article in (edited, other):
        get_bytes(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        ReplyFactory(article=edited, status="approved")  # replies-<pk>, replies
    assert not page_file(files, edited.get_absolute_url()).exists()
    assert page_file(files, other.get_absolute_url()).exists()
    get_bytes(edited.get_absolute_url())
    get_bytes("/")
    with django_capture_on_commit_callbacks(execute=True):
        other.headline = "Ferry timetable changes again"
        other.save()  # article-<pk>, listings
    assert not page_file(files, other.get_absolute_url()).exists()
    assert not page_file(files, "/").exists()
    assert page_file(files, edited.get_absolute_url()).exists()
    status, headers, body = get_bytes(other.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and b"Ferry timetable changes again" in body
    assert (
        b"Ferry timetable changes again"
        in page_file(files, other.get_absolute_url()).read_bytes()
    )


def test_a_page_purged_while_it_rendered_leaves_no_file(
    files, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    path = article.get_absolute_url()
    get_bytes(path)  # its keys are known: the next render is stored as of its start
    with django_capture_on_commit_callbacks(execute=True):
        article.save()

    def edited_meanwhile():
        with django_capture_on_commit_callbacks(execute=True):
            article.save()

    assert get_bytes(path, between=edited_meanwhile)[1]["X-Cache"] == "MISS"
    assert not page_file(files, path).exists()
    get_bytes(path)
    assert page_file(files, path).exists()


def test_the_workers_minute_sweeps_files_past_their_s_maxage(files, settings):
    old, new = ArticleFactory(), ArticleFactory()
    for article in (old, new):
        get_bytes(article.get_absolute_url())
    aged = time.time() - settings.PAGE_CACHE_SECONDS - 5
    os.utime(page_file(files, old.get_absolute_url()), (aged, aged))
    periodic.tick()  # what the worker runs every minute
    assert not page_file(files, old.get_absolute_url()).exists()
    assert page_file(files, new.get_absolute_url()).exists()


def test_a_folder_that_cannot_be_written_is_logged_and_loses_nothing(
    settings, tmp_path, caplog
):
    settings.PAGE_FILES_DIR = tmp_path / "a-file"
    settings.PAGE_FILES_DIR.write_text("not a folder")
    article = ArticleFactory(headline="Written nowhere")
    status, headers, body = get_bytes(article.get_absolute_url())
    assert (status, headers["X-Cache"]) == (200, "MISS")
    assert b"Written nowhere" in body
    assert get_bytes(article.get_absolute_url())[1]["X-Cache"] == "HIT"
    assert "Page files: could not write" in caplog.text
