"""Every address the WordPress site served answers 301 to its new home."""

import pytest

from broadsheet.articles.models import Article, Author, Section, Tag
from broadsheet.migration.tests.conftest import DATA, import_wordpress


def ferry():
    return Article.objects.get(slug="ferry-timetable-winter")


def storm():
    return Article.objects.get(slug="storm-warning")


def moved(client, address):
    response = client.get(address)
    assert response.status_code == 301, address
    return response["Location"]


def test_post_permalink(imported_site, client):
    # WordPress's permalink for a day and name is Broadsheet's too: no redirect.
    response = client.get("/2024/10/03/ferry-timetable-winter/")
    assert response.status_code == 200


def test_permalink_of_any_structure(db, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    text = (DATA / "site.xml").read_text(encoding="utf-8")
    text = text.replace(
        "https://gazette.example/2024/10/03/ferry-timetable-winter/",
        "https://gazette.example/harbour/ferry-timetable-winter.html",
    )
    export = tmp_path / "custom.xml"
    export.write_text(text, encoding="utf-8")
    import_wordpress(export)
    assert moved(client, "/harbour/ferry-timetable-winter.html") == (
        ferry().get_absolute_url()
    )


def test_query_string_post_id(imported_site, client):
    assert moved(client, "/?p=101") == ferry().get_absolute_url()


def test_query_string_post_id_of_a_draft_is_not_found(imported_site, client):
    response = client.get("/?p=103")
    assert response.status_code == 200  # the front page, as for any unknown ID
    assert "Not ready yet" not in response.content.decode()


def test_other_query_strings_reach_the_front_page(imported_site, client):
    assert client.get("/?s=ferry")["Location"] == "/search/?q=ferry"  # the search
    assert client.get("/?p=999").status_code == 200
    assert client.get("/?p=abc").status_code == 200
    # Digits to Unicode but not to int(), and more digits than int() reads.
    for odd in ("²", "١٠١", "٣", "1" * 5000):
        assert client.get("/", {"p": odd}).status_code == 200, odd


def test_attachment_pages(imported_site, client):
    assert moved(client, "/?attachment_id=111") == storm().get_absolute_url()
    assert moved(client, "/2024/10/05/storm-warning/waves/") == (
        storm().get_absolute_url()
    )


def test_page_id(imported_site, client):
    assert moved(client, "/?page_id=3") == "/about/ethics/"


def test_page_permalink_of_another_structure(db, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    text = (DATA / "site.xml").read_text(encoding="utf-8")
    text = text.replace(
        "https://gazette.example/about/</link>",
        "https://gazette.example/index.php/about-us/</link>",
    )
    export = tmp_path / "pages.xml"
    export.write_text(text, encoding="utf-8")
    import_wordpress(export)
    assert moved(client, "/index.php/about-us/") == "/about/"


def test_category(imported_site, client):
    news = Section.objects.get(slug="news")
    harbour = Section.objects.get(slug="harbour")
    assert moved(client, "/category/news/") == news.get_absolute_url()
    assert moved(client, "/category/news/harbour/") == harbour.get_absolute_url()
    assert moved(client, "/category/news/harbour") == harbour.get_absolute_url()


def test_tag_page_is_broadsheets_own(imported_site, client):
    tag = Tag.objects.get(slug="ferries")
    assert tag.get_absolute_url() == "/tag/ferries/"
    assert client.get("/tag/ferries/").status_code == 200


def test_tag_with_a_slug_broadsheet_rewrote(db, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    text = (DATA / "site.xml").read_text(encoding="utf-8")
    text = text.replace("<![CDATA[ferries]]>", "<![CDATA[Ferries%20and%20boats]]>")
    text = text.replace('nicename="ferries"', 'nicename="Ferries%20and%20boats"')
    export = tmp_path / "tags.xml"
    export.write_text(text, encoding="utf-8")
    import_wordpress(export)
    tag = Tag.objects.get(name="Ferries")
    assert moved(client, "/tag/Ferries%20and%20boats/") == tag.get_absolute_url()


def test_author(imported_site, client):
    olena = Author.objects.get(slug="olena")
    assert client.get("/author/olena/").status_code == 200
    assert olena.get_absolute_url() == "/author/olena/"


def test_author_login_that_is_not_a_slug(db, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    text = (DATA / "site.xml").read_text(encoding="utf-8")
    text = text.replace("[CDATA[tomas]]", "[CDATA[Tomas.Ruiz]]")
    export = tmp_path / "authors.xml"
    export.write_text(text, encoding="utf-8")
    import_wordpress(export)
    author = Author.objects.get(name="Tomás Ruiz")
    assert moved(client, "/author/Tomas.Ruiz/") == author.get_absolute_url()


@pytest.mark.parametrize(("old", "new"), [
    ("/feed/", "/feeds/rss/"),
    ("/comments/feed/", "/feeds/replies/rss/"),
    ("/category/news/feed/", "/feeds/section/news/rss/"),
    ("/tag/weather/feed/", "/feeds/tag/weather/rss/"),
])  # fmt: skip
def test_feeds(imported_site, client, old, new):
    assert moved(client, old) == new
    assert client.get(new).status_code == 200


def test_a_posts_comment_feed(imported_site, client):
    new = moved(client, "/2024/10/03/ferry-timetable-winter/feed/")
    assert new == f"/feeds/replies/{ferry().pk}/rss/"
    assert client.get(new).status_code == 200


def test_unpublished_article_is_not_revealed(imported_site, client):
    assert client.get("/2024/09/01/members/").status_code == 404
    assert client.get("/?p=105").status_code == 200


def test_real_pages_are_never_shadowed(imported_site, client):
    Section.objects.create(name="Feed", slug="feed")
    assert client.get("/section/feed/").status_code == 200
    assert client.get("/2024/10/05/storm-warning/").status_code == 200


def test_unknown_address_is_still_404(imported_site, client):
    assert client.get("/no/such/page/").status_code == 404
