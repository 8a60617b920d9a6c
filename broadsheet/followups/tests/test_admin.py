"""The editors' desk: upcoming follow-ups, accept, dismiss, assign, link."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.utils import timezone

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.articles.tests.reference import import_reference
from broadsheet.followups.models import FollowUp

pytestmark = pytest.mark.django_db
LIST = "/admin/followups/followup/"


def staff(role, name=None):
    user = User.objects.create_user(name or role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(client):
    user = staff("Editor")
    client.force_login(user)
    return user


@pytest.fixture
def upcoming():
    """An article dated today promising a vote next week."""
    article = ArticleFactory(
        headline="Council to vote on the harbour plan",
        body="The council will vote on the harbour plan next week.",
    )
    return article.follow_ups.get()


def test_the_reference_articles_follow_up_is_listed_with_its_date(client, editor):
    import_reference()
    page = client.get(LIST, {"when": "all"}).content.decode()
    assert "Tue 18 Mar 2025" in page
    assert "Trump and Putin" in page or "In a major diplomatic development" in page
    assert "telephone conversation tomorrow" in page


def test_the_list_shows_upcoming_follow_ups_unless_asked(client, editor, upcoming):
    import_reference()  # March 2025: past
    page = client.get(LIST).content.decode()
    assert "Council to vote on the harbour plan" in page
    assert "telephone conversation tomorrow" not in page
    past = client.get(LIST, {"when": "past"}).content.decode()
    assert "telephone conversation tomorrow" in past
    assert "harbour plan next week" not in past


def test_filters_by_status_and_assignee(client, editor, upcoming):
    upcoming.assignee = editor
    upcoming.save()
    assert "harbour plan" in client.get(LIST, {"status": "proposed"}).content.decode()
    assert (
        "harbour plan" not in client.get(LIST, {"status": "accepted"}).content.decode()
    )
    page = client.get(LIST, {"assignee__id__exact": editor.pk}).content.decode()
    assert "harbour plan" in page


@pytest.mark.parametrize(
    ("action", "status"), [("accept", "accepted"), ("dismiss", "dismissed")]
)
def test_accept_and_dismiss_are_recorded_in_the_history(
    client, editor, upcoming, action, status
):
    response = client.post(
        LIST, {"action": action, "_selected_action": [upcoming.pk], "when": "all"}
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.status == status
    history = client.get(f"{LIST}{upcoming.pk}/history/").content.decode()
    assert status.capitalize() in history
    assert LogEntry.objects.filter(object_id=str(upcoming.pk), user=editor).exists()


def test_assign_to_me(client, editor, upcoming):
    client.post(LIST, {"action": "assign_to_me", "_selected_action": [upcoming.pk]})
    upcoming.refresh_from_db()
    assert upcoming.assignee == editor


def test_the_form_assigns_a_staff_member_and_links_the_follow_up_article(
    client, editor, upcoming
):
    reporter = staff("Contributor", "reporter")
    later = ArticleFactory(headline="Council approves the harbour plan")
    url = f"{LIST}{upcoming.pk}/change/"
    form = client.get(url).content.decode()
    assert "reporter" in form
    response = client.post(
        url,
        {
            "due_on": upcoming.due_on.isoformat(),
            "due_until": upcoming.due_until.isoformat(),
            "status": "accepted",
            "assignee": reporter.pk,
            "follow_up_article": later.pk,
        },
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert (upcoming.assignee, upcoming.follow_up_article) == (reporter, later)
    assert "Council approves the harbour plan" in client.get(LIST).content.decode()


def test_a_reader_account_cannot_be_assigned(client, editor, upcoming):
    reader = User.objects.create_user("reader", password="pw")
    response = client.post(
        f"{LIST}{upcoming.pk}/change/",
        {
            "due_on": upcoming.due_on.isoformat(),
            "due_until": upcoming.due_until.isoformat(),
            "status": "proposed",
            "assignee": reader.pk,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.assignee is None


def test_a_last_day_before_the_first_is_refused_and_nothing_changes(
    client, editor, upcoming
):
    response = client.post(
        f"{LIST}{upcoming.pk}/change/",
        {
            "due_on": upcoming.due_on.isoformat(),
            "due_until": (upcoming.due_on - timedelta(days=1)).isoformat(),
            "status": "accepted",
        },
    )
    assert response.status_code == 200
    upcoming.refresh_from_db()
    assert upcoming.status == "proposed"


@pytest.mark.parametrize("role", ["Contributor", "Moderator"])
def test_contributors_and_moderators_see_no_follow_ups(client, upcoming, role):
    client.force_login(staff(role))
    assert client.get(LIST).status_code == 403
    response = client.post(
        LIST, {"action": "accept", "_selected_action": [upcoming.pk]}
    )
    assert response.status_code == 403
    upcoming.refresh_from_db()
    assert upcoming.status == "proposed"


def test_follow_ups_cannot_be_added_by_hand(client, editor):
    assert client.get(f"{LIST}add/").status_code == 403


def test_the_calendar_address_is_shown_once_and_can_be_revoked(client, editor):
    page = client.get(f"{LIST}calendar/").content.decode()
    assert "You have no calendar address" in page
    made = client.post(f"{LIST}calendar/", {"do": "issue"}).content.decode()
    address = re.search(r'value="(http://[^"]+\.ics)"', made).group(1)
    assert "/followups/calendar/" in address
    again = client.get(f"{LIST}calendar/").content.decode()
    assert address not in again and "It is not shown again" in again
    path = address.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(f"{LIST}calendar/", {"do": "revoke"})
    assert client.get(path).status_code == 404


def test_the_list_counts_its_queries(client, editor, django_assert_max_num_queries):
    for n in range(5):
        ArticleFactory(
            headline=f"Story {n}",
            published_at=timezone.now(),
            body="The council will vote on the plan next week.",
        ).follow_ups.update(assignee=editor)
    with django_assert_max_num_queries(12):
        page = client.get(LIST).content.decode()
    assert page.count("next week") >= 5


def test_the_list_reads_dates_in_the_sites_zone(client, editor, settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    ArticleFactory(
        published_at=datetime(2025, 3, 17, 23, 30, tzinfo=UTC),
        body="The talks will resume tomorrow.",
    )
    assert FollowUp.objects.get().due_on == date(2025, 3, 19)
    assert "Wed 19 Mar 2025" in client.get(LIST, {"when": "all"}).content.decode()
