"""Editors cover an article live and post entries through the admin;
contributors only on the articles they may edit (their own drafts)."""

import pytest
from django.contrib.auth.models import Group, User

from broadsheet.articles.models import Article, Author
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.live.models import Entry, LiveCoverage
from broadsheet.live.tests.factories import CoverageFactory, EntryFactory

pytestmark = pytest.mark.django_db


def staff(role):
    user = User.objects.create_user(role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def entry_form(coverage, **overrides):
    return {
        "coverage": coverage.pk,
        "headline": "",
        "text": "The call has **begun**.",
        "image": "",
        "author": "",
        **overrides,
    }


@pytest.fixture
def editor(client):
    user = staff("Editor")
    Author.objects.create(name="Eda Desk", slug="eda-desk", user=user)
    client.force_login(user)
    return user


@pytest.fixture
def contributor(client):
    user = staff("Contributor")
    client.force_login(user)
    return user


def test_an_editor_posts_an_entry_that_readers_see(client, editor):
    coverage = CoverageFactory()
    form = client.get(f"/admin/live/entry/add/?coverage={coverage.pk}")
    html = form.content.decode()
    assert f'<option value="{coverage.pk}" selected>' in html
    author = editor.author_profile
    assert f'<option value="{author.pk}" selected>' in html  # the desk's byline
    response = client.post(
        "/admin/live/entry/add/",
        entry_form(coverage, author=author.pk, is_key_event="on", headline="Begun"),
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.coverage, entry.author, entry.is_key_event) == (
        coverage,
        author,
        True,
    )
    assert entry.created_by == editor
    client.logout()
    page = client.get(coverage.article.get_absolute_url()).content.decode()
    assert "<strong>begun</strong>" in page and 'href="#entry-' in page


def test_an_editor_starts_coverage_and_ends_it_from_the_list(client, editor):
    article = ArticleFactory()
    response = client.post(
        "/admin/live/livecoverage/add/",
        {
            "article": article.pk,
            "started_at_0": "2025-03-17",
            "started_at_1": "09:00:00",
            "ended_at_0": "",
            "ended_at_1": "",
        },
    )
    assert response.status_code == 302
    coverage = LiveCoverage.objects.get(article=article)
    assert coverage.is_open() and coverage.created_by == editor
    client.post(
        "/admin/live/livecoverage/",
        {"action": "end_now", "_selected_action": [coverage.pk]},
    )
    coverage.refresh_from_db()
    assert coverage.has_ended()
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "This live coverage has ended." in page


def test_coverage_cannot_end_before_it_started(client, editor):
    coverage = CoverageFactory()
    response = client.post(
        f"/admin/live/livecoverage/{coverage.pk}/change/",
        {
            "started_at_0": "2025-03-17",
            "started_at_1": "09:00:00",
            "ended_at_0": "2025-03-16",
            "ended_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "cannot end before it started" in response.content.decode()
    coverage.refresh_from_db()
    assert coverage.ended_at is None


def test_a_contributor_posts_only_on_their_own_draft(client, contributor):
    own = CoverageFactory(
        article=ArticleFactory(status=Article.Status.DRAFT, created_by=contributor)
    )
    published = CoverageFactory(
        article=ArticleFactory(created_by=contributor)  # published: theirs no more
    )
    others = CoverageFactory()
    form = client.get("/admin/live/entry/add/").content.decode()
    assert f'<option value="{own.pk}"' in form
    for refused in (published, others):
        assert f'<option value="{refused.pk}"' not in form
        response = client.post("/admin/live/entry/add/", entry_form(refused))
        assert response.status_code == 200  # the form again, with the reason
        assert "Select a valid choice" in response.content.decode()
    assert client.post("/admin/live/entry/add/", entry_form(own)).status_code == 302
    assert list(Entry.objects.values_list("coverage", flat=True)) == [own.pk]


def test_a_contributor_cannot_cover_an_article_they_may_not_edit(client, contributor):
    published = ArticleFactory(created_by=contributor)
    response = client.post(
        "/admin/live/livecoverage/add/",
        {
            "article": published.pk,
            "started_at_0": "2025-03-17",
            "started_at_1": "09:00:00",
        },
    )
    assert "you cannot cover it live" in response.content.decode()
    assert not LiveCoverage.objects.exists()


def test_a_contributor_cannot_change_or_delete_entries_on_a_published_article(
    client, contributor
):
    coverage = CoverageFactory(article=ArticleFactory(created_by=contributor))
    entry = EntryFactory(coverage=coverage, text="As filed.")
    response = client.post(
        f"/admin/live/entry/{entry.pk}/change/", entry_form(coverage, text="Changed.")
    )
    assert response.status_code == 403
    assert (
        client.post(
            f"/admin/live/entry/{entry.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.text == "As filed."
