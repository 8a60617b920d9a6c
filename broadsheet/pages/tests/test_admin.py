"""Pages in the admin, walked through HTTP as each role would."""

import pytest
from django.contrib.auth.models import Group, User

from broadsheet.pages.models import Page
from broadsheet.pages.tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def staff(role):
    user = User.objects.create_user(role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def form_data(**overrides):
    data = {
        "title": "Corrections policy",
        "slug": "corrections",
        "parent": "",
        "body": "We fix errors **openly**.",
        "status": "published",
        "byline": "",
    }
    data.update(overrides)
    return data


def test_an_editor_publishes_a_page_and_readers_see_it(client):
    client.force_login(staff("Editor"))
    response = client.post("/admin/pages/page/add/", form_data())
    assert response.status_code == 302
    assert client.get("/corrections/").status_code == 200


def test_a_contributor_saves_only_drafts_and_sees_only_their_own(client):
    contributor = staff("Contributor")
    other = PageFactory(slug="others", status=Page.Status.DRAFT)
    client.force_login(contributor)
    client.post("/admin/pages/page/add/", form_data())
    page = Page.objects.get(slug="corrections")
    assert page.status == Page.Status.DRAFT
    assert client.get("/corrections/").status_code == 404
    assert client.get(f"/admin/pages/page/{page.pk}/change/").status_code == 200
    assert client.get(f"/admin/pages/page/{other.pk}/change/").status_code in (
        302,
        403,
    )
    assert "others" not in client.get("/admin/pages/page/").content.decode()


def test_a_moderator_cannot_touch_pages(client):
    client.force_login(staff("Moderator"))
    assert client.get("/admin/pages/page/").status_code == 403


def test_preview_shows_a_draft_to_its_editor(client):
    page = PageFactory(slug="draft", title="Not yet", status=Page.Status.DRAFT)
    client.force_login(staff("Editor"))
    response = client.get(f"/admin/pages/page/{page.pk}/preview/")
    assert response.status_code == 200
    assert "Not yet" in response.content.decode()
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_a_slug_taken_by_another_part_of_the_site_is_refused(client):
    client.force_login(staff("Editor"))
    for slug in ["feeds", "2025", "admin"]:
        response = client.post("/admin/pages/page/add/", form_data(slug=slug))
        assert response.status_code == 200
        assert "belongs to another part of the site" in response.content.decode()
    assert not Page.objects.exists()


def test_two_pages_cannot_share_an_address(client):
    PageFactory(slug="corrections")
    client.force_login(staff("Editor"))
    response = client.post("/admin/pages/page/add/", form_data())
    assert "is taken by another page" in response.content.decode()


def test_each_save_is_kept_as_a_revision(client):
    client.force_login(staff("Editor"))
    client.post("/admin/pages/page/add/", form_data())
    page = Page.objects.get()
    client.post(
        f"/admin/pages/page/{page.pk}/change/", form_data(title="Our corrections")
    )
    assert page.history.count() == 2
    history = client.get(f"/admin/pages/page/{page.pk}/history/").content.decode()
    assert "Our corrections" in history or "Corrections policy" in history
