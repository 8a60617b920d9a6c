"""`broadsheet followups`: the proposed follow-ups as text, one a line."""

from datetime import UTC, datetime

import pytest
import time_machine

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.articles.tests.reference import import_reference
from broadsheet.followups.models import FollowUp
from broadsheet.followups.tests.newsroom import PROMISE, followups

pytestmark = pytest.mark.django_db
HEADLINE = "In a major diplomatic development"  # import-text's headline: the opening


def test_on_its_day_the_reference_article_lists_tuesday_18_march_2025():
    with time_machine.travel(datetime(2025, 3, 17, 10, tzinfo=UTC), tick=False):
        article = import_reference()
        out, err = followups()
    assert out == f"2025-03-18\t{article.headline}\t{PROMISE}\n"
    assert err == ""


def test_later_the_reference_articles_undecided_follow_up_is_still_listed():
    article = import_reference()
    out, err = followups()
    assert out == f"2025-03-18\t{article.headline}\t{PROMISE}\n"
    assert err == ""
    out, _ = followups("--all")
    assert out == f"2025-03-18\t{article.headline}\t{PROMISE}\tproposed\n"


def test_all_lists_accepted_and_dismissed_in_date_order_spans_as_ranges():
    with time_machine.travel(datetime(2025, 3, 17, 10, tzinfo=UTC), tick=False):
        ArticleFactory(
            headline="Harbour\nplan",
            body="The council will vote on Thursday.\n\n"
            "The bridge will open next week.\n\nThe mayor will speak tomorrow.",
        )
        FollowUp.objects.filter(expression="on Thursday").update(status="accepted")
        FollowUp.objects.filter(expression="tomorrow").update(status="dismissed")
        out, _ = followups()
        everything, _ = followups("--all")
    assert (
        out == "2025-03-24..2025-03-30\tHarbour plan\tThe bridge will open next week.\n"
    )
    assert everything.splitlines() == [
        "2025-03-18\tHarbour plan\tThe mayor will speak tomorrow.\tdismissed",
        "2025-03-20\tHarbour plan\tThe council will vote on Thursday.\taccepted",
        "2025-03-24..2025-03-30\tHarbour plan\tThe bridge will open next week."
        "\tproposed",
    ]


def test_nothing_proposed_prints_nothing():
    assert followups() == ("", "")
