"""The front page and section fronts editors shape: pins, expiry, section order."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone

from broadsheet.articles.models import Pin
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
)
from broadsheet.caching.tests.wsgi_client import get

pytestmark = pytest.mark.django_db


def lead_of(html):
    start = html.index('aria-label="Lead story"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def stories():
    old = ArticleFactory(
        headline="Old but important",
        published_at=timezone.now() - timedelta(days=3),
    )
    new = ArticleFactory(headline="Newest story")
    return old, new


def test_without_pins_the_newest_story_leads(client, stories):
    assert "Newest story" in lead_of(client.get("/").content.decode())


def test_a_pinned_lead_leads_until_it_expires(
    client, stories, django_capture_on_commit_callbacks
):
    old, _ = stories
    with django_capture_on_commit_callbacks(execute=True):
        pin = Pin.objects.create(article=old, place=Pin.Place.LEAD)
    html = client.get("/").content.decode()
    assert "Old but important" in lead_of(html)
    assert html.count("Old but important</a>") == 1  # not repeated below
    with django_capture_on_commit_callbacks(execute=True):
        pin.expires_at = timezone.now() - timedelta(minutes=1)
        pin.save()
    assert "Newest story" in lead_of(client.get("/").content.decode())


def test_kept_pins_follow_the_clock_without_a_purge(client, stories):
    """The pins are kept in memory until a pin or a pinned article changes: a
    pin's expiry, and its scheduled article's publication, need no purge."""
    old, new = stories
    soon = timezone.now() + timedelta(minutes=5)
    later = ArticleFactory(headline="Embargoed report", status="scheduled")
    later.published_at = soon
    later.save()
    Pin.objects.create(article=old, place=Pin.Place.LEAD, expires_at=soon)
    Pin.objects.create(article=later, place=Pin.Place.FEATURED)
    html = client.get("/").content.decode()
    assert "Old but important" in lead_of(html)
    assert "Embargoed report" not in html
    with time_machine.travel(soon + timedelta(seconds=1)):
        html = client.get("/").content.decode()
    assert "Newest story" in lead_of(html)
    featured = html[html.index('id="featured-heading"') :]
    assert "Embargoed report" in featured[: featured.index("</section>")]


def test_kept_pins_show_a_pinned_article_as_edited(
    client, stories, django_capture_on_commit_callbacks
):
    old, _ = stories
    with django_capture_on_commit_callbacks(execute=True):
        Pin.objects.create(article=old, place=Pin.Place.LEAD)
    assert "Old but important" in lead_of(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        old.headline = "Old, important and corrected"
        old.save()
    assert "Old, important and corrected" in lead_of(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        old.status = "draft"
        old.save()
    assert "Old, important" not in client.get("/").content.decode()


def test_kept_pins_show_a_renamed_section_and_author(
    client, stories, django_capture_on_commit_callbacks
):
    old, _ = stories
    author = AuthorFactory(name="Ana Silva")
    with django_capture_on_commit_callbacks(execute=True):
        old.bylines.create(author=author, position=0)
        Pin.objects.create(article=old, place=Pin.Place.LEAD)
    assert "Ana Silva" in lead_of(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        old.section.name = "Harbour and shipping"
        old.section.save()
        author.name = "Ana Silva-Cole"
        author.save()
    lead = lead_of(client.get("/").content.decode())
    assert "Harbour and shipping" in lead and "Ana Silva-Cole" in lead


def test_featured_stories_come_under_the_lead_in_order(client, stories):
    old, _ = stories
    third = ArticleFactory(
        headline="Third story", published_at=timezone.now() - timedelta(days=5)
    )
    Pin.objects.create(article=third, place=Pin.Place.FEATURED, position=1)
    Pin.objects.create(article=old, place=Pin.Place.FEATURED, position=2)
    html = client.get("/").content.decode()
    featured = html[html.index('id="featured-heading"') :]
    featured = featured[: featured.index("</section>")]
    assert featured.index("Third story") < featured.index("Old but important")


def test_a_pinned_draft_is_not_shown(client, stories):
    draft = ArticleFactory(headline="Secret draft", status="draft")
    Pin.objects.create(article=draft, place=Pin.Place.LEAD)
    assert "Secret draft" not in client.get("/").content.decode()


def test_the_cached_front_page_lasts_no_longer_than_its_pins(stories):
    old, _ = stories
    Pin.objects.create(
        article=old,
        place=Pin.Place.LEAD,
        expires_at=timezone.now() + timedelta(seconds=90),
    )
    _, headers, _ = get("/")
    max_age = int(headers["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 1 <= max_age <= 90


def test_pinning_purges_the_cached_front_page(
    stories, django_capture_on_commit_callbacks
):
    old, _ = stories
    get("/")
    assert get("/")[1]["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        Pin.objects.create(article=old, place=Pin.Place.LEAD)
    _, headers, body = get("/")
    assert headers["X-Cache"] == "MISS" and "Old but important" in lead_of(body)


def test_sections_are_shown_on_the_front_in_the_editors_order(client):
    culture = SectionFactory(name="Culture", front_position=1)
    business = SectionFactory(name="Business", front_position=2)
    SectionFactory(name="Sport")
    ArticleFactory(headline="Museum roof", section=culture)
    ArticleFactory(headline="Grain prices", section=business)
    ArticleFactory(headline="Cup final", section=SectionFactory(name="Sport"))
    for n in range(12):
        ArticleFactory(headline=f"Filler {n}")
    html = client.get("/").content.decode()
    assert html.index('id="front-culture"') < html.index('id="front-business"')
    assert 'id="front-sport"' not in html


def test_a_section_front_has_its_own_lead(client):
    city = SectionFactory(name="City")
    old = ArticleFactory(
        headline="City hall budget",
        section=city,
        published_at=timezone.now() - timedelta(days=2),
    )
    ArticleFactory(headline="Tram news", section=city)
    Pin.objects.create(article=old, place=Pin.Place.LEAD, section=city)
    assert "City hall budget" in lead_of(client.get("/section/city/").content.decode())
    assert "Tram news" in lead_of(client.get("/").content.decode())


def test_an_editor_pins_the_lead_from_the_article_list(client, stories):
    old, _ = stories
    editor = User.objects.create_user("ed", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/",
        {"action": "pin_as_lead", "_selected_action": [old.pk]},
    )
    assert response.status_code == 302
    pin = Pin.objects.get()
    assert pin.place == Pin.Place.LEAD and pin.expires_at > timezone.now()
    client.logout()
    assert "Old but important" in lead_of(client.get("/").content.decode())


def test_a_contributor_cannot_pin(client, stories):
    old, _ = stories
    contributor = User.objects.create_user("co", password="pw", is_staff=True)
    contributor.groups.add(Group.objects.get(name="Contributor"))
    client.force_login(contributor)
    client.post(
        "/admin/articles/article/",
        {"action": "pin_as_lead", "_selected_action": [old.pk]},
    )
    assert not Pin.objects.exists()
    assert client.get("/admin/articles/pin/").status_code == 403


def test_the_demo_front_page_is_illustrated(client, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=StringIO())
    html = client.get("/").content.decode()
    assert html.count("<picture>") == 7
    assert 'alt="Drawing of a cable-stayed bridge over the harbour at dusk"' in html
    assert " 1280w" in html and 'type="image/webp"' in html
