"""Static pages as readers reach them: addresses, nesting, drafts, the sitemap."""

import pytest

from broadsheet.articles.tests.factories import ArticleFactory, SectionFactory
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.pages.models import Page
from broadsheet.pages.tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_a_published_page_is_served_at_its_slug_with_markdown(client):
    PageFactory(title="About us", slug="about")
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "About us" in html
    assert "<strong>small</strong>" in html
    assert 'class="dateline"' not in html and 'class="byline"' not in html


def test_a_nested_page_lives_under_its_parent(client):
    about = PageFactory(title="About us", slug="about")
    PageFactory(title="Ethics policy", slug="ethics", parent=about)
    assert client.get("/about/ethics/").status_code == 200
    assert client.get("/ethics/").status_code == 404


def test_moving_the_parent_moves_the_children(client):
    about = PageFactory(slug="about")
    PageFactory(title="Ethics policy", slug="ethics", parent=about)
    about.slug = "who-we-are"
    about.save()
    assert client.get("/who-we-are/ethics/").status_code == 200
    assert client.get("/about/ethics/").status_code == 404


def test_a_draft_page_is_not_public(client):
    PageFactory(slug="terms", status=Page.Status.DRAFT)
    assert client.get("/terms/").status_code == 404


def test_dateline_and_byline_show_only_when_switched_on(client):
    PageFactory(slug="policy", show_dateline=True, show_byline=True, byline="Eds")
    html = client.get("/policy/").content.decode()
    assert 'class="dateline"' in html
    assert "By Eds" in html


def test_pages_do_not_shadow_articles_or_sections(client):
    article = ArticleFactory(section=SectionFactory(name="City"))
    PageFactory(slug="city")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/section/city/").status_code == 200
    assert client.get("/feeds/rss/").status_code == 200


def test_a_page_is_cached_and_purged_when_edited(django_capture_on_commit_callbacks):
    page = PageFactory(slug="about", title="About us")
    _, headers, _ = get("/about/")
    assert f"page-{page.pk}" in headers["Surrogate-Key"].split()
    assert get("/about/")[1]["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "About the newsroom"
        page.save()
    _, headers, body = get("/about/")
    assert headers["X-Cache"] == "MISS"
    assert "About the newsroom" in body


def test_published_pages_are_in_the_sitemap(client):
    PageFactory(slug="about")
    PageFactory(slug="secret", status=Page.Status.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-pages.xml" in index
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert "/about/</loc>" in xml
    assert "/secret/" not in xml


def test_the_demo_newsroom_has_an_about_page(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
    assert "About us" in client.get("/about/").content.decode()
    assert client.get("/about/ethics/").status_code == 200


def test_a_page_is_described_by_its_first_paragraph(client):
    PageFactory(slug="contact", body="Write to **the desk** & we answer.\n\nSecond.")
    html = client.get("/contact/").content.decode()
    assert (
        '<meta name="description" content="Write to the desk &amp; we answer.">' in html
    )
