"""A fresh reply form is kept a few minutes per process; a reader's own form
(answering a reply, or with their errors and text) is never kept or shown to
anyone else."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from broadsheet.replies.templatetags.replies import RESPOND_SECONDS
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import post_reply

pytestmark = pytest.mark.django_db
STARTED = re.compile(r'name="started" value="([^"]*)"')


def page_of(article, query="", client=None):
    return (client or Client()).get(article.get_absolute_url() + query).text


def test_a_readers_errors_and_text_are_never_shown_to_the_next_reader(
    client, an_article
):
    page_of(an_article)  # the fresh form, kept
    failed = post_reply(
        client,
        an_article,
        comment="My unfinished thought about the ferries.",
        email="olena@mail.example",
        name="",
    )
    assert failed.status_code == 400
    assert (
        "My unfinished thought" in failed.text
        and "Please give your name" in failed.text
    )
    # The next reader, and the same one reading again, get the fresh form.
    for reader in (Client(), client):
        page = page_of(an_article, client=reader)
        assert "Leave a Reply" in page and "Please give your name" not in page
        assert "My unfinished thought" not in page
        assert "olena@mail.example" not in page


def test_a_form_answering_a_reply_is_that_readers_alone(an_article):
    answered = ReplyFactory(article=an_article, name="Tomas Berg")
    page_of(an_article)
    answering = page_of(an_article, f"?replyto={answered.pk}")
    assert "Replying to Tomas Berg" in answering
    assert f'name="parent" value="{answered.pk}"' in answering
    fresh = page_of(an_article)
    assert "Leave a Reply" in fresh and "Replying to" not in fresh
    assert 'name="parent" value=' not in fresh


def test_the_kept_form_gets_a_new_started_token_when_it_is_too_old(an_article):
    first = STARTED.search(page_of(an_article)).group(1)
    assert STARTED.search(page_of(an_article)).group(1) == first  # kept
    later = timezone.now() + timedelta(seconds=RESPOND_SECONDS + 1)
    with time_machine.travel(later):
        again = STARTED.search(page_of(an_article)).group(1)
    assert again != first
