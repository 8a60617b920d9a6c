"""The newsroom admin, walked through HTTP as each role would."""

import pytest
from django.contrib.auth.models import Group, User

from broadsheet.articles.models import Article, Author
from broadsheet.articles.tests.factories import ArticleFactory, SectionFactory
from broadsheet.articles.tests.forms import form_data

pytestmark = pytest.mark.django_db
ROLES = ["Contributor", "Editor", "Moderator", "Administrator"]


def staff(role):
    user = User.objects.create_user(role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def newsroom():
    people = {role: staff(role) for role in ROLES}
    Author.objects.create(name="Cora Writer", slug="cora", user=people["Contributor"])
    section = SectionFactory(name="City")
    articles = {
        "own draft": ArticleFactory(
            status=Article.Status.DRAFT,
            section=section,
            created_by=people["Contributor"],
        ),
        "other draft": ArticleFactory(
            status=Article.Status.DRAFT, section=section, created_by=people["Editor"]
        ),
        "own published": ArticleFactory(
            section=section, created_by=people["Contributor"]
        ),
    }
    return people, articles, section


def status_of(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


# (what, url maker, expected status for Contributor, Editor, Moderator, Administrator)
MATRIX = [
    ("article list", lambda a: "/admin/articles/article/", (200, 200, 403, 200)),
    ("add form", lambda a: "/admin/articles/article/add/", (200, 200, 403, 200)),
    (
        "own draft",
        lambda a: f"/admin/articles/article/{a['own draft'].pk}/change/",
        (200, 200, 403, 200),
    ),
    (
        "other draft",
        lambda a: f"/admin/articles/article/{a['other draft'].pk}/change/",
        (302, 200, 403, 200),
    ),
    (
        "own published",
        lambda a: f"/admin/articles/article/{a['own published'].pk}/change/",
        (200, 200, 403, 200),
    ),  # read-only for its contributor
    (
        "preview others' draft",
        lambda a: f"/admin/articles/article/{a['other draft'].pk}/preview/",
        (403, 200, 403, 200),
    ),
    ("add section", lambda a: "/admin/articles/section/add/", (403, 200, 403, 200)),
    ("staff accounts", lambda a: "/admin/auth/user/", (403, 403, 403, 200)),
]


@pytest.mark.parametrize(
    ("what", "url", "expected"), MATRIX, ids=[m[0] for m in MATRIX]
)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, newsroom, role, what, url, expected):
    people, articles, _ = newsroom
    assert status_of(client, people[role], url(articles)) == expected[ROLES.index(role)]


def test_contributor_list_shows_only_their_own_articles(client, newsroom):
    people, articles, _ = newsroom
    client.force_login(people["Contributor"])
    page = client.get("/admin/articles/article/").content.decode()
    assert articles["own draft"].headline in page
    assert articles["other draft"].headline not in page


def test_contributor_cannot_publish_what_they_write(client, newsroom):
    people, _, section = newsroom
    client.force_login(people["Contributor"])
    response = client.post("/admin/articles/article/add/", form_data(section))
    assert response.status_code == 302
    article = Article.objects.get(slug="tram-line-extended")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == people["Contributor"]
    assert client.get(article.get_absolute_url()).status_code == 404


def test_contributor_can_edit_their_own_draft(client, newsroom):
    people, articles, section = newsroom
    draft = articles["own draft"]
    client.force_login(people["Contributor"])
    data = form_data(section, headline="Rewritten", slug=draft.slug)
    response = client.post(f"/admin/articles/article/{draft.pk}/change/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.headline, draft.status) == ("Rewritten", Article.Status.DRAFT)


def test_contributor_cannot_post_changes_to_a_published_article(client, newsroom):
    people, articles, section = newsroom
    live = articles["own published"]
    client.force_login(people["Contributor"])
    page = client.get(f"/admin/articles/article/{live.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    data = form_data(section, headline="Sneaky edit", slug=live.slug)
    assert (
        client.post(f"/admin/articles/article/{live.pk}/change/", data).status_code
        == 403
    )
    live.refresh_from_db()
    assert live.headline != "Sneaky edit"


def test_editor_publishes_and_the_article_goes_live(client, newsroom):
    people, _, section = newsroom
    client.force_login(people["Editor"])
    client.post("/admin/articles/article/add/", form_data(section))
    article = Article.objects.get(slug="tram-line-extended")
    assert article.status == Article.Status.PUBLISHED
    assert client.get("/2025/03/17/tram-line-extended/").status_code == 200


def test_editor_schedules_an_article(client, newsroom):
    people, _, section = newsroom
    client.force_login(people["Editor"])
    data = form_data(section, status="scheduled", published_at_0="2099-01-01")
    client.post("/admin/articles/article/add/", data)
    article = Article.objects.get(slug="tram-line-extended")
    assert article.status == Article.Status.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404
    page = client.get("/admin/articles/article/").content.decode()
    assert "Scheduled for 01 Jan 2099" in page


def test_scheduling_without_a_time_is_refused_next_to_the_field(client, newsroom):
    people, _, section = newsroom
    client.force_login(people["Editor"])
    data = form_data(section, status="scheduled", published_at_0="", published_at_1="")
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert (
        "A scheduled article needs the time it goes live." in response.content.decode()
    )
    assert not Article.objects.filter(slug="tram-line-extended").exists()


def test_preview_shows_a_draft_exactly_as_readers_will_see_it(client, newsroom):
    people, articles, _ = newsroom
    draft = articles["own draft"]
    client.force_login(people["Contributor"])
    page = client.get(f"/admin/articles/article/{draft.pk}/preview/").content.decode()
    assert f">{draft.headline}</h1>" in page
    assert 'class="story__body"' in page
    assert "Readers cannot see it yet." in page
    assert '<meta name="robots" content="noindex">' in page


def test_publish_action_needs_the_publish_permission(client, newsroom):
    people, articles, _ = newsroom
    draft = articles["own draft"]
    data = {"action": "publish_selected", "_selected_action": [draft.pk]}
    client.force_login(people["Contributor"])
    client.post("/admin/articles/article/", data)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    client.force_login(people["Editor"])
    client.post("/admin/articles/article/", data)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_revision_history_compares_and_restores(client, newsroom):
    people, articles, section = newsroom
    article = articles["own published"]
    original = article.headline
    client.force_login(people["Editor"])
    client.post(
        f"/admin/articles/article/{article.pk}/change/",
        form_data(section, headline="Changed headline", slug=article.slug),
    )
    history = client.get(
        f"/admin/articles/article/{article.pk}/history/"
    ).content.decode()
    assert "Changed headline" in history and original in history
    assert "headline" in history  # the list shows which fields each revision changed

    first = article.history.order_by("history_date").first()
    revert_url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    assert original in client.get(revert_url).content.decode()
    client.post(revert_url, form_data(section, headline=original, slug=article.slug))
    article.refresh_from_db()
    assert article.headline == original
    assert article.history.count() == 3


def test_the_article_list_gives_the_headline_room_and_one_date_column(admin_client, db):
    from broadsheet.articles.tests.factories import ArticleFactory

    headline = "A headline of fifty-seven characters, long as they come."
    article = ArticleFactory(headline=headline)
    listing = admin_client.get("/admin/articles/article/").content.decode()
    assert "articles/admin.css" in listing
    assert "column-dateline" in listing and "column-updated_at" not in listing
    form = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    page = form.content.decode()
    assert "articles/admin.css" in page and f'value="{headline}"' in page
