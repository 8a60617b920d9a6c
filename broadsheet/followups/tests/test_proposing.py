"""Every way an article is written proposes its follow-ups, once each."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory, SectionFactory
from broadsheet.articles.tests.forms import form_data
from broadsheet.articles.tests.reference import import_reference
from broadsheet.followups.models import FollowUp
from broadsheet.followups.tests.newsroom import DATA, PROMISE

pytestmark = pytest.mark.django_db
PROPOSED, ACCEPTED, DISMISSED = FollowUp.Status


def dates(article):
    return [(f.due_on, f.due_until) for f in article.follow_ups.order_by("due_on")]


def test_importing_the_reference_article_proposes_tuesday_18_march_2025():
    article = import_reference()
    [follow_up] = article.follow_ups.all()
    assert follow_up.due_on == follow_up.due_until == date(2025, 3, 18)
    assert follow_up.sentence == PROMISE
    assert follow_up.expression == "tomorrow"
    assert follow_up.status == PROPOSED


def test_reimporting_the_reference_article_keeps_one_follow_up():
    import_reference()
    import_reference("--headline", "Trump and Putin to talk")
    assert FollowUp.objects.count() == 1


def test_a_dismissed_follow_up_is_not_proposed_again_when_the_text_changes():
    article = import_reference()
    article.follow_ups.update(status=DISMISSED)
    article.body += "\n\nMore reaction came in overnight."
    article.save()
    [follow_up] = FollowUp.objects.all()
    assert follow_up.status == DISMISSED


def test_a_proposal_whose_sentence_is_gone_goes_and_an_accepted_one_stays():
    article = ArticleFactory(
        published_at=datetime(2025, 3, 17, 9, tzinfo=UTC),
        body="The council will vote on Thursday.\n\nThe mayor will speak next week.",
    )
    assert len(dates(article)) == 2
    article.follow_ups.filter(expression="next week").update(status=ACCEPTED)
    article.body = "The council voted."
    article.save()
    [kept] = article.follow_ups.all()
    assert (kept.expression, kept.status) == ("next week", ACCEPTED)


def test_a_new_sentence_adds_a_proposal_beside_the_old_ones():
    article = ArticleFactory(
        published_at=datetime(2025, 3, 17, 9, tzinfo=UTC),
        body="The council will vote on Thursday.",
    )
    article.body += "\n\nThe result will be announced within 48 hours."
    article.save()
    assert dates(article) == [
        (date(2025, 3, 19), date(2025, 3, 19)),
        (date(2025, 3, 20), date(2025, 3, 20)),
    ]


def test_moving_the_dateline_moves_a_proposal_but_not_an_accepted_one():
    article = ArticleFactory(
        published_at=datetime(2025, 3, 17, 9, tzinfo=UTC),
        body="The talks will resume tomorrow.\n\nThe bridge will open next week.",
    )
    article.follow_ups.filter(expression="next week").update(status=ACCEPTED)
    article.published_at = datetime(2025, 3, 24, 9, tzinfo=UTC)
    article.save()
    assert dates(article) == [
        (date(2025, 3, 24), date(2025, 3, 30)),  # accepted: the editor's
        (date(2025, 3, 25), date(2025, 3, 25)),
    ]


@pytest.mark.parametrize(
    ("zone", "published_at", "expected"),
    [
        # 23:30 UTC on Monday is already Tuesday in Kyiv: "tomorrow" is Wednesday.
        ("Europe/Kyiv", datetime(2025, 3, 17, 23, 30, tzinfo=UTC), date(2025, 3, 19)),
        ("UTC", datetime(2025, 3, 17, 23, 30, tzinfo=UTC), date(2025, 3, 18)),
        # 02:00 UTC on Tuesday is still Monday evening in New York.
        ("America/New_York", datetime(2025, 3, 18, 2, tzinfo=UTC), date(2025, 3, 18)),
        # And across a year's end: 31 Dec 23:30 in Auckland is 31 Dec 10:30 UTC.
        (
            "Pacific/Auckland",
            datetime(2025, 12, 31, 10, 30, tzinfo=UTC),
            date(2026, 1, 1),
        ),
        (
            "Pacific/Auckland",
            datetime(2025, 12, 31, 11, 30, tzinfo=UTC),
            date(2026, 1, 2),
        ),
    ],
)
def test_tomorrow_is_counted_in_the_sites_time_zone(
    settings, zone, published_at, expected
):
    settings.TIME_ZONE = zone
    article = ArticleFactory(
        published_at=published_at, body="The talks will resume tomorrow."
    )
    assert dates(article) == [(expected, expected)]


def test_a_draft_counts_from_its_intended_date_or_else_from_now():
    intended = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=datetime(2025, 6, 2, 9, tzinfo=UTC),
        body="The talks will resume tomorrow.",
    )
    assert dates(intended) == [(date(2025, 6, 3), date(2025, 6, 3))]
    with time_machine.travel(datetime(2025, 8, 4, 12, tzinfo=UTC), tick=False):
        undated = ArticleFactory(
            status=Article.Status.DRAFT,
            published_at=None,
            body="The talks will resume tomorrow.",
        )
    assert dates(undated) == [(date(2025, 8, 5), date(2025, 8, 5))]


def test_a_promise_in_a_quotation_block_or_heading_proposes_nothing():
    article = ArticleFactory(
        published_at=datetime(2025, 3, 17, 9, tzinfo=UTC),
        body="## The vote will be held tomorrow\n\n> We will win on Thursday.\n\n"
        "The council met.",
    )
    assert dates(article) == []


def test_importing_from_wordpress_proposes_follow_ups(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    out = StringIO()
    call_command("import_wordpress", str(DATA / "promises.xml"), stdout=out)
    [follow_up] = FollowUp.objects.all()
    # Tuesday 30 December 2025: "on Friday" is 2 January 2026.
    assert follow_up.due_on == date(2026, 1, 2)
    assert follow_up.article.headline == "Council delays the school vote"
    assert follow_up.sentence == (
        "Councillors will vote on the plan on Friday, the clerk said."
    )
    call_command("import_wordpress", str(DATA / "promises.xml"), stdout=out)
    assert FollowUp.objects.count() == 1


def test_saving_through_the_article_admin_proposes_and_editing_reproposes(client):
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    section = SectionFactory(name="City")
    body = "The line will reach the airport next week."
    response = client.post(
        "/admin/articles/article/add/", form_data(section, body=body)
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert dates(article) == [(date(2025, 3, 24), date(2025, 3, 30))]
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        form_data(section, body="The line will reach the airport on Friday."),
    )
    assert response.status_code == 302
    assert dates(article) == [(date(2025, 3, 21), date(2025, 3, 21))]
