"""The admin's article search reads the same index, drafts included."""

import re

import pytest
from django.contrib.auth.models import Group, User

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory, TagFactory
from broadsheet.articles.tests.forms import form_data

pytestmark = pytest.mark.django_db
CHANGE_LINK = re.compile(r'href="/admin/articles/article/(\d+)/change/')


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return user


def admin_found(client, words) -> set[int]:
    response = client.get("/admin/articles/article/", {"q": words})
    assert response.status_code == 200
    return {int(pk) for pk in CHANGE_LINK.findall(response.content.decode())}


def test_the_admin_finds_drafts_by_stem_tag_and_phrase(client, editor):
    draft = ArticleFactory(
        status=Article.Status.DRAFT,
        body="The guarantees were signed.",
        tags=[TagFactory(name="Diplomacy")],
    )
    live = ArticleFactory(headline="Guaranteed income trial ends")
    ArticleFactory(headline="Weather")
    assert admin_found(client, "guaranteed") == {draft.pk, live.pk}
    assert admin_found(client, "diplomacy") == {draft.pk}
    assert admin_found(client, '"income trial"') == {live.pk}
    assert admin_found(client, "guarantee -income") == {draft.pk}


@pytest.mark.parametrize("words", ['"', "NEAR(", "*", "-", "a" * 5000])
def test_the_admin_search_takes_any_text(client, editor, words):
    ArticleFactory(headline="Weather")
    assert admin_found(client, words) == set()


def test_an_article_saved_in_the_admin_is_found_at_once(client, editor):
    article = ArticleFactory(headline="Tram line extended")
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        form_data(
            article.section,
            headline="Tram line reaches the airport",
            slug=article.slug,
            body="Passengers cheered.",
            tags=[TagFactory(name="Transport").pk],
        ),
    )
    assert response.status_code == 302
    page = client.get("/search/", {"q": "airport transport"}).content.decode()
    assert "Tram line reaches the airport" in page
