"""The story page: a timeline of published pieces, newest or oldest first."""

import re

import pytest

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def headlines(page: str) -> list[str]:
    return re.findall(r'class="timeline__headline"><a href="[^"]+">([^<]+)</a>', page)


def test_the_timeline_lists_published_pieces_newest_first(client, talks):
    response = client.get("/stories/ceasefire-talks/")
    page = response.content.decode()
    assert response.status_code == 200
    assert headlines(page) == [
        "A draft of a deal",
        "Talks open in Geneva",
        "Envoys agree to meet",
    ]
    assert "Both sides sign." in page  # each piece's dek
    assert talks["third"].get_absolute_url() in page
    assert "<h1>Ceasefire talks</h1>" in page


def test_drafts_and_scheduled_pieces_are_never_shown(client, talks):
    for order in ("", "?order=oldest", "?order=newest"):
        page = client.get(f"/stories/ceasefire-talks/{order}").content.decode()
        assert "Unpublished leak" not in page
        assert "Embargoed statement" not in page
        assert talks["scheduled"].slug not in page


def test_a_reader_turns_the_timeline_round(client, talks):
    page = client.get("/stories/ceasefire-talks/?order=oldest").content.decode()
    assert headlines(page) == [
        "Envoys agree to meet",
        "Talks open in Geneva",
        "A draft of a deal",
    ]
    assert '<a href="?order=newest">Newest first</a>' in page
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/stories/ceasefire-talks/">'
        in page
    )


def test_the_story_order_is_the_default_and_nonsense_falls_back_to_it(client, talks):
    talks["story"].order = "oldest"
    talks["story"].save()
    page = client.get("/stories/ceasefire-talks/?order=sideways").content.decode()
    assert headlines(page)[0] == "Envoys agree to meet"


def test_a_story_with_nothing_published_is_not_a_page(client, talks):
    hidden = StoryFactory(
        name="Secret summit", pieces=[talks["draft"], talks["scheduled"]]
    )
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/stories/no-such-story/").status_code == 404
    index = client.get("/stories/").content.decode()
    assert "Secret summit" not in index and "Ceasefire talks" in index


def test_the_index_lists_stories_by_their_latest_piece(client, talks):
    older = StoryFactory(name="Harbour works", pieces=[talks["first"]])
    page = client.get("/stories/").content.decode()
    assert page.index("Ceasefire talks") < page.index(older.name)


def test_story_pages_are_in_the_sitemap(client, talks):
    StoryFactory(name="Secret summit", pieces=[talks["draft"]])
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-stories.xml" in index
    sitemap = client.get("/sitemap-stories.xml").content.decode()
    assert "<loc>http://127.0.0.1:8000/stories/ceasefire-talks/</loc>" in sitemap
    assert "secret-summit" not in sitemap


def test_the_story_page_costs_the_same_queries_however_long_the_story(
    client, talks, django_assert_max_num_queries
):
    client.get("/stories/ceasefire-talks/")  # warm any one-off lookups
    with django_assert_max_num_queries(8) as few:
        client.get("/stories/ceasefire-talks/")
    for n in range(20):
        piece = ArticleFactory(headline=f"Round {n} of talks")
        talks["story"].pieces.create(article=piece)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/stories/ceasefire-talks/").content.decode()
    assert len(headlines(page)) == 23
