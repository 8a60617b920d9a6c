"""Every request shape a server meets reaches Broadsheet's code: none answers 500.

HEAD answers exactly as GET without the body, hit or miss, for every kind of
URL; odd methods, Origins, URLs and absurd numbers get a 4xx.
"""

import json

import feedparser
import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.articles.tests.factories import ArticleFactory, TagFactory
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.replies.models import Reply
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db
# Headers that differ between any two answers, by design.
VARYING = {"date", "x-cache", "set-cookie", "vary"}


@pytest.fixture
def site(db):
    article = ArticleFactory(headline="Bridge reopens", tags=[TagFactory(name="Roads")])
    ReplyFactory(article=article)
    StoryFactory(slug="bridge-works", pieces=[article])
    return article


def urls_of(article):
    section, tag = article.section, article.tags.get()
    day = article.published_at
    return [
        "/",
        "/?page=2",
        article.get_absolute_url(),
        section.get_absolute_url(),
        tag.get_absolute_url(),
        f"/{day:%Y}/",
        f"/{day:%Y/%m}/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/json/",
        f"/feeds/replies/{article.pk}/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        f"/oembed/?url=http://127.0.0.1:8000{article.get_absolute_url()}",
        "/replies/privacy/",
        "/stories/",
        "/stories/bridge-works/",
        "/stories/bridge-works/?order=oldest",
        "/stories/bridge-works/feed/atom/",
        "/stories/bridge-works/feed/json/",
        "/stories/bridge-works/follow/",
        "/static/broadsheet/site.css",
        "/no-such-page/",
        "/2025/03/17/no-such-article/",
        "/admin/login/",
        "/admin/",
    ]


def comparable(headers):
    return {k.lower(): v for k, v in headers.items() if k.lower() not in VARYING}


def test_head_answers_as_get_without_a_body_hit_or_miss(site):
    for url in urls_of(site):
        head_on_miss = get(url, method="HEAD")
        got = get(url)
        head_on_hit = get(url, method="HEAD")
        for head in (head_on_miss, head_on_hit):
            status, headers, body = head
            assert (status, body) == (got[0], ""), url
            if "csrftoken" not in got[1].get("Set-Cookie", ""):
                assert comparable(headers) == comparable(got[1]), url


@pytest.mark.parametrize(
    "url",
    [
        "/?page=1000000000000000000",
        "/?page=99999999999999999999999999",
        "/?page=-1",
        "/?page=1e3",
        "/?page=%201",  # a space, a plus sign, a full-width digit: not page 1
        "/?page=+1",
        "/?page=%EF%BC%91",
        "/2025/03/17/x/?replies-page=%EF%BC%91",
        "/section/city/?page=9223372036854775807",
        "/?page=" + "1" * 5000,  # more digits than int() reads
        "/search/?q=harbour&page=" + "9" * 5000,
        "/oembed/?url=http://%5B",
        "/oembed/?url=http://[::1",
        "/oembed/?url=%00",
        "/feeds/replies/99999999999999999999/rss/",
        "/replies/99999999999999999999/edit/",
        "/9999/99/99/",
        "/0000/01/01/",
    ],
)
def test_absurd_urls_get_a_4xx(site, url):
    assert 400 <= get(url)[0] < 500


@pytest.mark.parametrize(
    "origin", ["http://[", "http://[::1", "null", "\x00", "http://evil.example"]
)
def test_a_reply_from_an_odd_origin_is_refused(client, site, origin):
    response = client.post(
        f"/replies/post/{site.pk}/",
        {"comment": "Hello", "name": "A", "email": "a@mail.example"},
        HTTP_ORIGIN=origin,
    )
    assert response.status_code == 403
    assert Reply.objects.count() == 1


def test_feeds_carry_what_xml_cannot_when_it_is_already_stored(client, site):
    """Imported data may hold control characters: every feed still answers."""
    reply = site.replies.get()
    Reply.objects.filter(pk=reply.pk).update(
        name="Bell\x07 Escape\x1b", text="Back\x08space \x0c", text_html="<p>\x1b</p>"
    )
    type(site).objects.filter(pk=site.pk).update(
        headline="Bridge\x1b reopens", dek="\x07Dek", body_html="<p>\x08Body</p>"
    )
    for url in [
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/replies/rss/",
        "/feeds/replies/atom/",
        f"/feeds/replies/{site.pk}/rss/",
        f"/feeds/replies/{site.pk}/atom/",
        f"/feeds/section/{site.section.slug}/rss/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.bozo_exception)
        assert parsed.entries, url
    assert json.loads(client.get("/feeds/json/").content)["items"]


METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"]
PATHS = [
    "/",
    "/feeds/rss/",
    "/sitemap.xml",
    "/oembed/",
    "/replies/privacy/",
    "/replies/post/1/",
    "/replies/1/edit/",
    "/section/city/",
    "/admin/login/",
    "/static/broadsheet/site.css",
]


@override_settings(REPLIES_MIN_FILL_SECONDS=0, REPLIES_FLOOD_SECONDS=0)
class RequestShapesFuzz(TestCase):
    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        method=st.sampled_from(METHODS),
        path=st.sampled_from(PATHS),
        suffix=st.text(max_size=20),
        query=st.dictionaries(
            st.sampled_from(["page", "url", "format", "q", "s", "p"]),
            st.one_of(
                st.integers(-(10**30), 10**30).map(str),
                st.text(max_size=40),
                st.sampled_from(["http://[", "http://%5B", "%00", "\x1b", "1e9"]),
            ),
            max_size=3,
        ),
        origin=st.one_of(
            st.none(),
            st.text(max_size=30),
            st.sampled_from(["http://[", "null", "http://127.0.0.1:8000"]),
        ),
    )
    def test_no_request_shape_answers_500(self, method, path, suffix, query, origin):
        from urllib.parse import quote, urlencode

        ArticleFactory()
        url = path + quote(suffix, safe="/")
        if query:
            url += "?" + urlencode(query)
        headers = {} if origin is None else {"Origin": origin}
        status, _, body = get(url, method=method, **headers)
        reads = method in ("GET", "HEAD")
        if reads and path == "/oembed/" and not suffix and "format" in query:
            # oEmbed's own answer for a format it does not offer (its spec, 2.3).
            self.assertIn(status, (200, 400, 404, 405, 501))
        else:
            self.assertLess(status, 500, (method, url, origin, body[:300]))


@pytest.mark.parametrize(
    ("method", "status"),
    [("OPTIONS", 204), ("TRACE", 405), ("PUT", 405), ("DELETE", 405), ("BREW", 405)],
)
def test_methods_the_site_does_not_serve_are_answered_without_a_render(
    site, method, status, django_assert_num_queries
):
    with django_assert_num_queries(0):
        answer, headers, body = get(site.get_absolute_url(), method=method)
    assert (answer, body, headers["Allow"]) == (status, "", "GET, HEAD, POST, OPTIONS")
