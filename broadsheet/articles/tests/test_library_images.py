"""Articles show library images: featured, in the body, in feeds and previews."""

from datetime import timedelta

import feedparser
import pytest

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.media.tests.factories import library_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def illustrated():
    image = library_image(caption="The east cranes", credit="Photo: Desk")
    inline = library_image(size=(800, 600), alt_text="A map of the closure")
    article = ArticleFactory(
        headline="Harbour Bridge closes",
        featured_image=image,
        body=f"The bridge shuts.\n\n![](image:{inline.pk})\n\nBuses run instead.\n",
    )
    return article, image, inline


def test_the_featured_image_is_a_picture_with_renditions(client, illustrated):
    article, image, _ = illustrated
    html = client.get(article.get_absolute_url()).content.decode()
    figure = html[html.index('class="story__image"') :]
    figure = figure[: figure.index("</figure>")]
    assert '<source type="image/webp" srcset="/media/renditions/' in figure
    assert " 320w, " in figure and " 1400w" in figure
    assert 'alt="Cranes over the harbour at dusk"' in figure
    assert 'width="1400" height="900"' in figure
    assert 'loading="lazy"' not in figure  # the first picture: above the fold
    assert "The east cranes" in figure and "Photo: Desk" in figure


def test_a_body_image_named_by_number_is_drawn_from_the_library(client, illustrated):
    article, _, inline = illustrated
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index('class="story__body"') :]
    assert '<figure class="figure"><picture>' in body
    assert 'alt="A map of the closure"' in body  # the library's alt text
    assert 'loading="lazy"' in body and 'width="800" height="600"' in body
    assert "image:" not in body


def test_an_unknown_library_number_draws_nothing(client):
    article = ArticleFactory(body="Text.\n\n![Gone](image:999999)\n")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "image:999999" not in html and 'alt="Gone"' not in html


def test_opengraph_uses_the_1200_by_630_crop(client, illustrated):
    article, image, _ = illustrated
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<meta property="og:image" content="http://127.0.0.1:8000/media/'
        f'{image.opengraph()["name"]}">' in html
    )
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html


def test_feeds_carry_renditions_with_absolute_urls(client, illustrated):
    article, image, _ = illustrated
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    item = feed.entries[0]
    enclosure = item.enclosures[0]
    assert enclosure.href == f"http://127.0.0.1:8000/media/{image.fallback()['name']}"
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert 'src="http://127.0.0.1:8000/media/renditions/' in item.content[0].value
    json_item = client.get("/feeds/json/").json()["items"][0]
    content = json_item["content_html"]
    assert 'srcset="http://127.0.0.1:8000/media/renditions/' in content
    assert '="/media' not in content and ", /media" not in content
    assert json_item["image"].startswith("http://127.0.0.1:8000/media/renditions/")
    assert json_item["banner_image"].endswith("og.jpg")


def test_cards_show_the_image_and_dek(client, illustrated):
    article, image, _ = illustrated
    ArticleFactory(
        headline="Older story",
        section=article.section,
        featured_image=image,
        dek="An older dek.",
        published_at=article.published_at - timedelta(days=1),
    )
    html = client.get(f"/section/{article.section.slug}/").content.decode()
    lead = html[html.index('class="card card--lead') :]
    lead = lead[: lead.index("</article>")]
    assert "<picture>" in lead and 'loading="lazy"' not in lead  # above the fold
    older = html[html.index('class="card card--illustrated') :]
    assert "<picture>" in older and 'loading="lazy"' in older
    assert "An older dek." in older


def test_an_editor_picks_the_featured_image_in_the_admin(client, illustrated):
    from django.contrib.auth.models import Group, User

    article, image, _ = illustrated
    other = library_image(alt_text="Ferry at the pier")
    editor = User.objects.create_user("ed", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    form = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert 'name="featured_image"' in form.content.decode()
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "status": "published",
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "section": article.section.pk,
        "byline": "Staff",
        "featured_image": other.pk,
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.featured_image == other
