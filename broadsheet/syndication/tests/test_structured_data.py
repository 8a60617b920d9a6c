"""JSON-LD, OpenGraph and oEmbed for the reference article and others."""

import json
import re

import pytest

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    TagFactory,
)
from broadsheet.articles.tests.reference import HEADLINE, import_reference
from broadsheet.replies.models import Discussion
from broadsheet.replies.tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db


def json_ld(page):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


@pytest.fixture
def reference(db):
    article = import_reference(
        "--headline", HEADLINE, "--section", "World", "--author", "Olena Kovalenko"
    )
    article.tags.add(TagFactory(name="Ukraine"), TagFactory(name="Diplomacy"))
    return article


def test_reference_article_news_article_json_ld(client, reference):
    ReplyFactory(article=reference)
    Discussion.recount(reference.pk)
    page = client.get(reference.get_absolute_url()).content.decode()
    news, crumbs = json_ld(page)
    assert news["@type"] == "NewsArticle"
    assert (
        news["headline"] == "Trump and Putin to hold call on ending the war in Ukraine"
    )
    assert news["datePublished"].startswith("2025-03-17T")
    assert news["datePublished"].endswith("+00:00")
    assert news["dateModified"] >= news["datePublished"]
    assert news["description"].startswith("In a major diplomatic development")
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Olena Kovalenko",
            "url": "http://127.0.0.1:8000/author/olena-kovalenko/",
        }
    ]
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["logo"]["url"].endswith(".png")
    assert news["image"]
    assert news["mainEntityOfPage"]["@id"].endswith(reference.get_absolute_url())
    assert news["articleSection"] == "World"
    assert sorted(news["keywords"]) == ["Diplomacy", "Ukraine"]
    assert news["commentCount"] == 1
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Broadsheet",
        "World",
        reference.headline,
    ]


def test_corrections_are_structured_data_and_move_date_modified(client, reference):
    correction = reference.updates.create(
        kind="correction", note="An earlier version misspelled Peskov."
    )
    news, _ = json_ld(client.get(reference.get_absolute_url()).content.decode())
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Correction: An earlier version misspelled Peskov.",
            "datePublished": correction.posted_at.isoformat(),
        }
    ]
    assert news["dateModified"] == correction.posted_at.isoformat()


def test_json_ld_cannot_be_broken_out_of(client):
    article = ArticleFactory(headline="</script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert json_ld(page)[0]["headline"] == "</script><script>alert(1)</script>"


def test_sharing_tags_canonical_and_description(client, reference):
    reference.dek = "The first direct engagement since Trump’s return."
    reference.save()
    page = client.get(reference.get_absolute_url()).content.decode()
    url = "http://127.0.0.1:8000" + reference.get_absolute_url()
    for expected in [
        f'<link rel="canonical" href="{url}">',
        '<meta name="description" content="The first direct engagement since '
        'Trump’s return.">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{url}">',
        '<meta property="article:published_time" content="2025-03-17T00:00:00+00:00">',
        '<meta property="article:section" content="World">',
        '<meta property="article:tag" content="Ukraine">',
        '<meta name="twitter:card" content="summary">',
    ]:
        assert expected in page, expected
    assert re.search(r'<meta property="article:modified_time" content="\d{4}-', page)
    assert re.search(
        r'<meta property="og:image" content="http://127\.0\.0\.1:8000/', page
    )


def test_listing_pages_carry_prev_next_and_canonical(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    for n in range(3):
        ArticleFactory(headline=f"Story {n}")
    page2 = client.get("/section/city/?page=2").content.decode()
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/section/city/?page=2">'
        in page2
    )
    assert '<link rel="prev" href="http://127.0.0.1:8000/section/city/">' in page2
    assert (
        '<link rel="next" href="http://127.0.0.1:8000/section/city/?page=3">' in page2
    )
    front = client.get("/").content.decode()
    assert '<link rel="next" href="http://127.0.0.1:8000/?page=2">' in front


def test_oembed_describes_an_article_link(client):
    article = ArticleFactory(authors=[AuthorFactory(name="Ana Silva")])
    url = "http://127.0.0.1:8000" + article.get_absolute_url()
    data = client.get("/oembed/", {"url": url, "format": "json"}).json()
    assert data == {
        "version": "1.0",
        "type": "link",
        "title": article.headline,
        "provider_name": "Broadsheet",
        "provider_url": "http://127.0.0.1:8000/",
        "cache_age": 3600,
        "author_name": "Ana Silva",
        "author_url": "http://127.0.0.1:8000/author/ana-silva/",
    }
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'type="application/json+oembed"' in page


@pytest.mark.parametrize(
    "url",
    [
        "http://elsewhere.example/2025/03/17/x/",
        "http://127.0.0.1:8000/section/city/",
        "",
        "::::",
    ],
)
def test_oembed_refuses_what_is_not_an_article_here(client, db, url):
    assert client.get("/oembed/", {"url": url}).status_code == 404


def test_oembed_of_a_draft_is_404_and_xml_is_501(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    url = "http://127.0.0.1:8000" + draft.get_absolute_url()
    assert client.get("/oembed/", {"url": url}).status_code == 404
    assert client.get("/oembed/", {"url": url, "format": "xml"}).status_code == 501
