"""Stories and banners in the admin, walked through HTTP as each role would."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from broadsheet.stories.models import Banner, Story

pytestmark = pytest.mark.django_db


def staff(role):
    user = User.objects.create_user(role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def story_form(*articles, **overrides):
    data = {
        "name": "Harbour Bridge works",
        "slug": "harbour-bridge-works",
        "description": "Eleven weeks without cars.",
        "image": "",
        "order": "oldest",
        "pieces-TOTAL_FORMS": str(len(articles)),
        "pieces-INITIAL_FORMS": "0",
        "pieces-MIN_NUM_FORMS": "0",
        "pieces-MAX_NUM_FORMS": "1000",
    }
    for n, article in enumerate(articles):
        data[f"pieces-{n}-article"] = str(article.pk)
    data.update(overrides)
    return data


def test_an_editor_makes_a_story_of_articles_and_readers_see_it(client, talks):
    client.force_login(staff("Editor"))
    response = client.post(
        "/admin/stories/story/add/", story_form(talks["first"], talks["third"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get(slug="harbour-bridge-works")
    assert set(story.articles.all()) == {talks["first"], talks["third"]}
    page = client.get("/stories/harbour-bridge-works/").content.decode()
    assert page.index("Envoys agree to meet") < page.index("A draft of a deal")


def test_an_article_is_in_a_story_once(client, talks):
    client.force_login(staff("Editor"))
    response = client.post(
        "/admin/stories/story/add/", story_form(talks["first"], talks["first"])
    )
    assert response.status_code == 200
    assert not Story.objects.filter(slug="harbour-bridge-works").exists()


def test_the_story_list_counts_pieces_and_confirmed_followers(client, talks):
    talks["story"].followers.create(email="a@mail.example", confirmed_at=timezone.now())
    talks["story"].followers.create(email="b@mail.example")
    client.force_login(staff("Editor"))
    page = client.get("/admin/stories/story/").content.decode()
    assert '<td class="field-piece_count">5</td>' in page
    assert '<td class="field-follower_count">1</td>' in page
    assert "a@mail.example" not in page


def test_pieces_are_found_by_headline_in_the_autocomplete(client, talks):
    client.force_login(staff("Editor"))
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "stories",
            "model_name": "storyarticle",
            "field_name": "article",
            "term": "Geneva",
        },
    ).json()
    assert [r["text"] for r in found["results"]] == ["Talks open in Geneva"]


def test_an_editor_switches_a_banner_on_and_off(
    client, talks, django_capture_on_commit_callbacks
):
    client.force_login(staff("Editor"))
    until = timezone.localtime(timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/stories/banner/add/",
            {
                "text": "Live: talks resume",
                "article": "",
                "story": str(talks["story"].pk),
                "is_on": "on",
                "expires_at_0": f"{until:%Y-%m-%d}",
                "expires_at_1": f"{until:%H:%M:%S}",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Live: talks resume" in client.get("/").content.decode()
    banner = Banner.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/stories/banner/",
            {"action": "switch_off", "_selected_action": [banner.pk]},
        )
    assert response.status_code == 302
    assert "Live: talks resume" not in client.get("/").content.decode()


def test_an_editor_cannot_point_a_banner_at_a_story_readers_cannot_see(client, talks):
    secret = Story.objects.create(name="Secret merger", slug="secret-merger")
    secret.pieces.create(article=talks["draft"])
    client.force_login(staff("Editor"))
    until = timezone.localtime(timezone.now() + timedelta(hours=1))
    response = client.post(
        "/admin/stories/banner/add/",
        {
            "text": "Breaking: the merger",
            "article": "",
            "story": str(secret.pk),
            "is_on": "on",
            "expires_at_0": f"{until:%Y-%m-%d}",
            "expires_at_1": f"{until:%H:%M:%S}",
        },
    )
    assert response.status_code == 200
    assert "Readers cannot see this story yet" in response.content.decode()
    assert not Banner.objects.exists()
    assert "secret-merger" not in client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/admin/stories/story/add/", "/admin/stories/banner/"])
def test_contributors_and_moderators_cannot_touch_stories_or_banners(
    client, talks, url
):
    for role in ("Contributor", "Moderator"):
        client.force_login(staff(role))
        assert client.get(url).status_code == 403, role
    client.force_login(User.objects.get(username="contributor"))
    response = client.post("/admin/stories/story/add/", story_form(talks["first"]))
    assert response.status_code == 403
    assert not Story.objects.filter(slug="harbour-bridge-works").exists()
