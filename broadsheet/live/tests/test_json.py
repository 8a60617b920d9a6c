"""The JSON the page's script polls: what it carries, and how it is cached."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory, AuthorFactory
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.live.tests.factories import CoverageFactory, EntryFactory
from broadsheet.live.views import LATEST_ENTRIES

pytestmark = pytest.mark.django_db


def url_of(coverage):
    return f"/live/{coverage.pk}/entries.json"


def test_entries_come_newest_first_with_their_html_and_flags(client):
    coverage = CoverageFactory()
    older = EntryFactory(coverage=coverage, text="Call *begins*.", is_key_event=True)
    newer = EntryFactory(coverage=coverage, headline="Readout", text="Call ends.")
    response = client.get(url_of(coverage))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["is_open"] is True
    assert [e["id"] for e in data["entries"]] == [newer.anchor(), older.anchor()]
    first, second = data["entries"]
    assert first["title"] == "Readout" and first["is_key_event"] is False
    assert second["is_key_event"] is True and "<em>begins</em>" in second["html"]
    assert f'id="{older.anchor()}"' in second["html"]
    local = timezone.localtime(older.posted_at)
    assert second["time"] == f"{local:%H:%M}"


def test_only_the_newest_entries_are_sent(client):
    coverage = CoverageFactory()
    EntryFactory.create_batch(LATEST_ENTRIES + 3, coverage=coverage)
    assert len(client.get(url_of(coverage)).json()["entries"]) == LATEST_ENTRIES


def test_an_ended_coverage_says_it_is_closed(client):
    coverage = CoverageFactory(ended_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url_of(coverage)).json()["is_open"] is False


@pytest.mark.parametrize(
    "case", ["no coverage", "draft article", "not started", "no article"]
)
def test_there_is_no_json_for_what_readers_cannot_see(client, case):
    if case == "no coverage":
        url = f"/live/{ArticleFactory().pk}/entries.json"
    elif case == "draft article":
        url = url_of(
            CoverageFactory(article=ArticleFactory(status=Article.Status.DRAFT))
        )
    elif case == "not started":
        url = url_of(CoverageFactory(started_at=timezone.now() + timedelta(hours=1)))
    else:
        url = "/live/999999/entries.json"
    assert client.get(url).status_code == 404


def test_no_email_address_is_in_the_json(client):
    user = User.objects.create_user("olena", email="olena@newsroom.example")
    author = AuthorFactory(name="Olena Kovalenko", user=user)
    coverage = CoverageFactory()
    EntryFactory(coverage=coverage, author=author, created_by=user)
    body = client.get(url_of(coverage)).content.decode()
    assert "Olena Kovalenko" in body
    assert "@" not in json.dumps(json.loads(body)).replace("\\u0040", "@")


def test_the_json_is_served_from_the_page_cache_until_an_entry_is_posted(
    django_capture_on_commit_callbacks,
):
    coverage = CoverageFactory()
    EntryFactory(coverage=coverage, text="First.")
    url = url_of(coverage)
    get(url)
    status, headers, body = get(url)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert "public" in headers["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        EntryFactory(coverage=coverage, text="Second.")
    status, headers, body = get(url)
    assert headers["X-Cache"] == "MISS"
    assert ["Second." in e["html"] for e in json.loads(body)["entries"]] == [
        True,
        False,
    ]


def test_a_poll_with_the_etag_it_has_gets_304(client):
    coverage = CoverageFactory()
    EntryFactory(coverage=coverage)
    url = url_of(coverage)
    get(url)
    etag = get(url)[1]["ETag"]
    assert get(url, If_None_Match=etag)[0] == 304
