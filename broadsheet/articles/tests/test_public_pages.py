from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def test_article_page_shows_headline_byline_tags_and_updates(client, an_article):
    page = client.get(an_article.get_absolute_url()).content.decode()
    assert f">{an_article.headline}</h1>" in page
    assert 'By <a href="/author/ana-silva/" rel="author">Ana Silva</a> and' in page
    assert '<a href="/tag/transport/" rel="tag">Transport</a>' in page
    assert "Adds the mayor&#x27;s comment." in page
    assert '<h2 id="updates-heading">Updates and corrections</h2>' in page


def test_plain_byline_is_shown_when_there_are_no_authors(client):
    article = ArticleFactory(byline="Staff")
    assert (
        '<p class="byline">By Staff</p>'
        in client.get(article.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("names", "written"),
    [
        (["Ana Silva"], "{0}"),
        (["Ana Silva", "Ben Cole"], "{0} and {1}"),
        (["Ana Silva", "Ben Cole", "Chloé & <Co>"], "{0}, {1} and {2}"),
        (["A One", "B Two", "C Three", "D Four"], "{0}, {1}, {2} and {3}"),
    ],
)
def test_a_byline_names_every_author_once_with_a_link(client, names, written):
    authors = [AuthorFactory(name=name) for name in names]
    article = ArticleFactory(authors=authors, byline="Not shown")
    links = [
        f'<a href="{a.get_absolute_url()}" rel="author">'
        f"{a.name.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</a>"
        for a in authors
    ]
    expected = '<p class="byline">By ' + written.format(*links) + "</p>"
    for url in (article.get_absolute_url(), "/"):  # the story and the card
        page = client.get(url).content.decode()
        assert expected in page and "Not shown" not in page


def test_article_url_is_its_date_and_slug(an_article):
    day = timezone.localdate(an_article.published_at)
    assert an_article.get_absolute_url() == f"/{day:%Y/%m/%d}/{an_article.slug}/"


@pytest.mark.parametrize("status", [Article.Status.DRAFT])
def test_drafts_are_invisible_everywhere(client, status):
    article = ArticleFactory(status=status, headline="Secret draft")
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in [
        "/",
        article.section.get_absolute_url(),
        f"/{article.published_at:%Y}/",
    ]:
        response = client.get(url)
        assert "Secret draft" not in response.content.decode()


def test_scheduled_article_appears_at_its_time_without_anyone_acting(client):
    at = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(
        status=Article.Status.SCHEDULED, published_at=at, headline="Embargoed results"
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Embargoed results" not in client.get("/").content.decode()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Embargoed results" in client.get("/").content.decode()


def test_renamed_slug_redirects_permanently(client, an_article):
    old_url = an_article.get_absolute_url()
    an_article.slug = "a-better-slug"
    an_article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == an_article.get_absolute_url()
    assert client.get(an_article.get_absolute_url()).status_code == 200


def test_renaming_twice_keeps_every_old_url_working(client, an_article):
    first = an_article.get_absolute_url()
    an_article.slug = "second"
    an_article.save()
    second = an_article.get_absolute_url()
    an_article.slug = "third"
    an_article.save()
    for url in (first, second):
        assert client.get(url)["Location"] == an_article.get_absolute_url()


def test_wrong_date_in_url_redirects_to_the_real_one(client, an_article):
    response = client.get(f"/1999/01/01/{an_article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == an_article.get_absolute_url()


def test_unknown_article_is_a_404_in_the_site_design(client):
    response = client.get("/2025/03/17/no-such-story/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert 'class="masthead"' in response.content.decode()


def test_front_page_gives_the_lead_story_more_room_and_paginates(client, settings):
    settings.ARTICLES_PER_PAGE = 3
    now = timezone.now()
    for n in range(5):
        ArticleFactory(headline=f"Story {n}", published_at=now - timedelta(hours=n + 1))
    page = client.get("/").content.decode()
    assert 'class="card card--lead"' in page
    assert page.index("Story 0") < page.index("Story 1")
    assert "Story 3" not in page
    assert 'rel="next" href="?page=2"' in page
    page2 = client.get("/?page=2").content.decode()
    assert "Story 3" in page2 and "Story 4" in page2
    assert "card--lead" not in page2
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_section_tag_and_author_pages_list_their_articles(client):
    section = SectionFactory(name="Business")
    tag = TagFactory(name="Markets")
    author = AuthorFactory(name="Tomás Reyes")
    ArticleFactory(
        headline="Grain falls", section=section, tags=[tag], authors=[author]
    )
    ArticleFactory(headline="Unrelated")
    for url in (
        section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
    ):
        page = client.get(url).content.decode()
        assert "Grain falls" in page, url
        assert "Unrelated" not in page, url
    assert client.get("/section/nope/").status_code == 404


def test_date_archives_list_the_days_articles(client):
    day = timezone.now() - timedelta(days=400)
    ArticleFactory(headline="Old story", published_at=day)
    ArticleFactory(headline="New story")
    local = timezone.localtime(day)
    for url in (f"/{local:%Y}/", f"/{local:%Y/%m}/", f"/{local:%Y/%m/%d}/"):
        page = client.get(url).content.decode()
        assert "Old story" in page, url
        assert "New story" not in page, url
    assert client.get("/1901/").status_code == 404
    assert client.get("/2025/02/30/").status_code == 404


def test_article_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    small = ArticleFactory(authors=[AuthorFactory()], tags=[TagFactory()])
    big = ArticleFactory(
        authors=[AuthorFactory() for _ in range(5)],
        tags=[TagFactory() for _ in range(8)],
    )
    UpdateFactory(article=small)
    for _ in range(6):
        UpdateFactory(article=big)
    client.get(ArticleFactory().get_absolute_url())  # warm any one-off lookups
    with django_assert_max_num_queries(10) as small_page:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(small_page.captured_queries)):
        client.get(big.get_absolute_url())


def test_listing_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(3):
        ArticleFactory(authors=[AuthorFactory()])
    # The 7th (#14): whether editors made header or footer menus; the 8th
    # (#17): whether a breaking-news banner is on (then kept until a purge).
    with django_assert_max_num_queries(8) as few:
        client.get("/")
    for _ in range(6):
        ArticleFactory(authors=[AuthorFactory(), AuthorFactory()], tags=[TagFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


def test_pages_are_semantic_html(client, an_article):
    page = client.get(an_article.get_absolute_url()).content.decode()
    for landmark in (
        "<header",
        "<nav",
        "<main",
        "<article",
        "<footer",
        "<time datetime=",
    ):
        assert landmark in page
    assert 'href="#content">Skip to content</a>' in page


def test_a_full_last_page_links_no_further_and_bad_pages_are_404(client, settings):
    settings.ARTICLES_PER_PAGE = 3
    for n in range(3):
        ArticleFactory(headline=f"Story {n}")
    page = client.get("/").content.decode()
    assert "Story 2" in page and 'rel="next"' not in page
    assert 'class="pagination"' not in page
    for bad in ("0", "-1", "2", "1.5"):
        assert client.get(f"/?page={bad}").status_code == 404


def test_an_article_without_a_dek_is_described_by_its_first_paragraph(client, db):
    article = ArticleFactory(
        dek="", body="The council voted to keep the library open.\n\nMore later."
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<meta name="description" content="The council voted to keep the library '
        'open.">' in page
    )


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_a_tag_no_published_article_carries_is_not_a_page(client, db):
    from broadsheet.articles.tests.factories import TagFactory

    TagFactory(name="Contrib Tag")
    assert client.get("/tag/contrib-tag/").status_code == 404
