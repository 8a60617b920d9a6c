"""Whatever is posted to the follow form: never a 500, never markup on the page,
and every address kept is one the form accepts, in its one normalised form."""

from django import forms
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.addresses import normalise
from broadsheet.stories.models import Follower
from broadsheet.stories.tests.factories import StoryFactory
from broadsheet.stories.tests.strategies import follow_bodies

ALLOWED = {200, 400, 403, 404, 413, 429}


@override_settings(STORY_FOLLOWS_PER_IP=1000)
class FollowEndpointFuzz(TestCase):
    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(body=follow_bodies(), slug=st.sampled_from(["talks", "missing"]))
    def test_generated_follow_posts(self, body, slug):
        StoryFactory(slug="talks", pieces=[ArticleFactory()])
        response = self.client.generic(
            "POST",
            f"/stories/{slug}/follow/",
            body,
            content_type="application/x-www-form-urlencoded",
        )
        self.assertIn(response.status_code, ALLOWED, response.content[:500])
        page = response.content.decode()
        self.assertNotIn("<script>alert", page)
        for follower in Follower.objects.all():
            self.assertEqual(follower.email, normalise(follower.email))
            forms.EmailField().clean(follower.email)  # raises if not an address
            self.assertNotIn(follower.email, page)

    @settings(max_examples=40, deadline=None)
    @given(body=st.binary(max_size=300))
    def test_raw_bytes(self, body):
        StoryFactory(slug="talks", pieces=[ArticleFactory()])
        response = self.client.generic(
            "POST",
            "/stories/talks/follow/",
            body,
            content_type="application/x-www-form-urlencoded",
        )
        self.assertIn(response.status_code, ALLOWED)
