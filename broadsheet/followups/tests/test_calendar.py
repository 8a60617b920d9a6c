"""The newsroom's private calendar of accepted follow-ups."""

import logging
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from icalendar import Calendar

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.articles.tests.reference import import_reference
from broadsheet.caching.tests.wsgi_client import get_bytes
from broadsheet.followups.models import CalendarFeed, FollowUp
from broadsheet.followups.tests.newsroom import PROMISE

pytestmark = pytest.mark.django_db


def staff(role="Editor", name="editor"):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def address_of(user):
    return f"/followups/calendar/{CalendarFeed.issue(user)}.ics"


def events(body):
    return Calendar.from_ical(body).walk("VEVENT")


def test_accepted_follow_ups_are_all_day_events_with_link_and_sentence(
    client, settings
):
    settings.SITE_URL = "https://news.example"
    article = import_reference()
    article.follow_ups.update(status=FollowUp.Status.ACCEPTED)
    response = client.get(address_of(staff()))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2025, 3, 18)
    assert event.decoded("DTEND") == date(2025, 3, 19)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    link = "https://news.example" + article.get_absolute_url()
    assert str(event["URL"]) == link
    assert PROMISE in str(event["DESCRIPTION"]) and link in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == f"Follow up: {article.headline}"
    assert str(event["UID"]) == f"follow-up-{article.follow_ups.get().pk}@news.example"
    assert event.get("DTSTAMP")


def test_only_accepted_follow_ups_are_in_the_calendar(client):
    ArticleFactory(
        body="The council will vote next week. The mayor will speak tomorrow."
    )
    FollowUp.objects.filter(expression="next week").update(status="accepted")
    FollowUp.objects.filter(expression="tomorrow").update(status="dismissed")
    [event] = events(client.get(address_of(staff())).content)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (end - start) == timedelta(days=7) and start.weekday() == 0


def test_a_draft_links_to_its_admin_page_not_a_public_address(client, settings):
    settings.SITE_URL = "https://news.example"
    draft = ArticleFactory(
        status=Article.Status.DRAFT, body="The talks will resume tomorrow."
    )
    draft.follow_ups.update(status="accepted")
    [event] = events(client.get(address_of(staff())).content)
    assert str(event["URL"]) == (
        f"https://news.example/admin/articles/article/{draft.pk}/change/"
    )


def test_special_characters_survive_folding_and_escaping(client):
    sentence = "Ministers, officials; and “everyone” will meet tomorrow — " + "é" * 80
    ArticleFactory(headline="Semi;colons, commas", body=sentence).follow_ups.update(
        status="accepted"
    )
    body = client.get(address_of(staff())).content
    # RFC 5545 3.1: lines end in CRLF and fold at 75 octets.
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert b"\n" not in body.replace(b"\r\n", b"")
    [event] = events(body)
    assert str(event["SUMMARY"]) == "Follow up: Semi;colons, commas"
    assert str(event["DESCRIPTION"]).startswith(sentence)


def test_the_feed_is_private_and_never_kept_by_the_page_cache():
    user = staff()
    address = address_of(user)
    status, headers, body = get_bytes(address)
    assert status == 200 and b"BEGIN:VCALENDAR" in body
    assert headers["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in headers
    assert "noindex" in headers["X-Robots-Tag"]
    CalendarFeed.issue(user)  # a new address revokes the old one
    assert get_bytes(address)[0] == 404


@pytest.mark.parametrize(
    "change",
    [
        lambda user: User.objects.filter(pk=user.pk).update(is_active=False),
        lambda user: User.objects.filter(pk=user.pk).update(is_staff=False),
        lambda user: user.groups.set([Group.objects.get(name="Contributor")]),
        lambda user: CalendarFeed.objects.filter(user=user).delete(),
    ],
    ids=["deactivated", "no longer staff", "no longer an editor", "revoked"],
)
def test_the_address_stops_working_when_its_owner_may_no_longer_see_it(client, change):
    user = staff()
    address = address_of(user)
    assert client.get(address).status_code == 200
    change(user)
    assert client.get(address).status_code == 404


def test_a_made_up_or_guessed_address_is_not_found(client):
    address_of(staff())
    assert client.get("/followups/calendar/guess.ics").status_code == 404


def test_the_token_is_not_stored(client):
    user = staff()
    token = re.search(r"calendar/(.+)\.ics", address_of(user)).group(1)
    assert token not in CalendarFeed.objects.get(user=user).token_digest


def test_posting_to_the_feed_is_refused(client):
    assert client.post(address_of(staff())).status_code == 405


def token_of(address):
    return re.search(r"calendar/(.+)\.ics", address).group(1)


@pytest.mark.parametrize(
    "take, give_back",
    [
        (
            lambda user: user.groups.remove(Group.objects.get(name="Editor")),
            lambda user: user.groups.add(Group.objects.get(name="Editor")),
        ),
        (
            lambda user: Group.objects.get(name="Editor").user_set.clear(),
            lambda user: user.groups.add(Group.objects.get(name="Editor")),
        ),
        (
            lambda user: setattr(user, "is_active", False) or user.save(),
            lambda user: setattr(user, "is_active", True) or user.save(),
        ),
        (
            lambda user: setattr(user, "is_staff", False) or user.save(),
            lambda user: setattr(user, "is_staff", True) or user.save(),
        ),
        (
            lambda user: Group.objects.get(name="Editor").permissions.remove(
                Permission.objects.get(codename="view_followup")
            ),
            lambda user: Group.objects.get(name="Editor").permissions.add(
                Permission.objects.get(codename="view_followup")
            ),
        ),
    ],
    ids=[
        "removed from the group",
        "group emptied",
        "deactivated",
        "no longer staff",
        "group loses the permission",
    ],
)
def test_an_address_lost_with_the_role_stays_lost_when_the_role_comes_back(
    client, take, give_back
):
    user = staff()
    address = address_of(user)
    assert client.get(address).status_code == 200
    take(User.objects.get(pk=user.pk))
    assert client.get(address).status_code == 404
    assert not CalendarFeed.objects.filter(user=user).exists()
    give_back(User.objects.get(pk=user.pk))
    assert client.get(address).status_code == 404
    assert client.get(address_of(user)).status_code == 200  # a new one works


def test_taking_the_editor_role_away_in_the_admin_deletes_the_address(client):
    user = staff()
    address = address_of(user)
    admin = User.objects.create_superuser("admin", password="pw")
    client.force_login(admin)
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("groups", "user_permissions")
    }
    data.update(
        {
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "groups": [Group.objects.get(name="Moderator").pk],
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    assert not CalendarFeed.objects.filter(user=user).exists()
    User.objects.get(pk=user.pk).groups.add(Group.objects.get(name="Editor"))
    assert client.get(address).status_code == 404


def test_no_log_record_holds_a_calendar_address(client, caplog):
    user = staff()
    address = address_of(user)
    revoked = address_of(staff(name="other"))
    User.objects.get(username="other").groups.clear()
    with caplog.at_level(logging.DEBUG):
        assert client.get(address).status_code == 200
        assert client.post(address).status_code == 405
        assert client.get(revoked).status_code == 404  # the role was taken away
        assert (
            client.get("/followups/calendar/guess-at-a-secret.ics").status_code == 404
        )
        assert client.get("/no-such-page-at-all/").status_code == 404
    messages = [record.getMessage() for record in caplog.records]
    # django.request logs other 404s (so this test would see ours)...
    assert any("/no-such-page-at-all/" in message for message in messages)
    # ...but never one with an address's secret.
    for secret in (token_of(address), token_of(revoked), "guess-at-a-secret"):
        assert not any(secret in message for message in messages), messages
    assert not any("/followups/calendar/" in message for message in messages)
