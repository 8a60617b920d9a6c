"""Whatever is posted to the reply endpoint: never a 500, never markup on the page,
and the reply feeds still parse."""

import re

import feedparser
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.models import Discussion, Reply
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.strategies import form_bodies, raw_bodies

ALLOWED = {200, 302, 400, 403, 404, 413, 429}
TARGETS = ["open", "closed", "draft", "missing", "other-parent"]
SAFE_TAG = re.compile(r"</?(p|br|a)(\s[^>]*)?>")


@override_settings(
    REPLIES_MIN_FILL_SECONDS=0, REPLIES_FLOOD_SECONDS=0, REPLIES_RATE_LIMIT=1000
)
class ReplyEndpointFuzz(TestCase):
    def make_target(self, target):
        article = ArticleFactory(
            status=Article.Status.DRAFT
            if target == "draft"
            else Article.Status.PUBLISHED
        )
        if target == "closed":
            Discussion.objects.create(article=article, is_open=False)
        parent_ids = [ReplyFactory(article=article).pk, ReplyFactory().pk]
        pk = 10**9 if target == "missing" else article.pk
        return article, pk, parent_ids

    def check(self, article, response):
        self.assertIn(response.status_code, ALLOWED, response.content[:500])
        for reply in Reply.objects.all():
            self.assertEqual(
                SAFE_TAG.sub("", reply.text_html).count("<"), 0, reply.text_html
            )
        if article.status == Article.Status.PUBLISHED:
            page = self.client.get(article.get_absolute_url()).content.decode()
            thread = page[page.find('id="replies"') :]
            self.assertNotIn("<script>alert", thread)
            self.assertNotIn("<img src=x", thread)
            self.assertNotIn("<b>bold</b>", thread)
            for feed in (
                f"/feeds/replies/{article.pk}/rss/",
                f"/feeds/replies/{article.pk}/atom/",
                "/feeds/replies/rss/",
            ):
                response = self.client.get(feed)
                self.assertEqual(response.status_code, 200, feed)
                self.assertFalse(feedparser.parse(response.content).bozo, feed)

    @settings(
        max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(target=st.sampled_from(TARGETS), data=st.data())
    def test_generated_form_posts(self, target, data):
        article, pk, parent_ids = self.make_target(target)
        body = data.draw(form_bodies(valid_parent_ids=parent_ids))
        response = self.client.generic(
            "POST",
            f"/replies/post/{pk}/",
            body,
            content_type="application/x-www-form-urlencoded",
        )
        self.check(article, response)

    @settings(max_examples=60, deadline=None)
    @given(
        body=raw_bodies,
        content_type=st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "application/json",
                "text/plain; charset=utf-8",
                "",
            ]
        ),
    )
    def test_raw_bytes_and_odd_content_types(self, body, content_type):
        article, pk, _ = self.make_target("open")
        response = self.client.generic(
            "POST", f"/replies/post/{pk}/", body, content_type=content_type
        )
        self.check(article, response)
