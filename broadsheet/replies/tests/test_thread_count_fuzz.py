"""Whatever readers post and moderators decide, in any order, the pages of a
thread show every approved reply once, in as many pages as it has threads."""

import re

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies import moderation
from broadsheet.replies.models import DiscussionSettings, Reply
from broadsheet.replies.tests.factories import ReplyFactory

PER_PAGE = 2
REPLY_ITEM = re.compile(r'<li class="reply[^"]*" id="reply-(\d+)"')
STATUSES = [status for status, _ in Reply.Status.choices]

# A step: ("post", status, index of the parent among the replies so far or
# None), ("moderate", index, status), ("delete", index) or ("erase", index).
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("post"),
            st.sampled_from(STATUSES),
            st.none() | st.integers(0, 20),
        ),
        st.tuples(st.just("moderate"), st.integers(0, 20), st.sampled_from(STATUSES)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("erase"), st.integers(0, 20)),
    ),
    max_size=12,
)
ACTIONS = {
    Reply.Status.APPROVED: moderation.Action.APPROVE,
    Reply.Status.PENDING: moderation.Action.UNAPPROVE,
    Reply.Status.SPAM: moderation.Action.SPAM,
    Reply.Status.TRASH: moderation.Action.TRASH,
}


class ThreadPagesFuzz(TestCase):
    def apply(self, article, step):
        replies = list(Reply.objects.filter(article=article).order_by("pk"))
        kind, *args = step
        if kind == "post":
            status, parent = args
            parent = replies[parent % len(replies)] if replies and parent else None
            ReplyFactory(article=article, status=status, parent=parent)
        elif replies:
            reply = replies[args[0] % len(replies)]
            if kind == "moderate":
                moderation.moderate(reply, ACTIONS[args[1]])
            elif kind == "delete":
                reply.delete()
            else:
                reply.is_erased = True
                reply.save()

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(steps)
    def test_every_approved_reply_is_on_exactly_one_page(self, steps):
        # The examples share the process's memory and the cache, and, rolled
        # back, reuse the same ids, which a site never does: kept threads are
        # dropped, and each write's purges run, as after a commit.
        cache.clear()
        with self.captureOnCommitCallbacks(execute=True):
            policy = DiscussionSettings.current()
            policy.replies_per_page = PER_PAGE
            policy.save()
            article = ArticleFactory()
            for step in steps:
                self.apply(article, step)
        rows = dict(Reply.objects.filter(article=article).values_list("pk", "status"))
        parents = dict(
            Reply.objects.filter(article=article).values_list("pk", "parent_id")
        )
        approved = {pk for pk, status in rows.items() if status == "approved"}
        starts = [pk for pk in approved if parents[pk] not in approved]
        pages = max(1, -(-len(starts) // PER_PAGE))

        seen = []
        for number in range(1, pages + 1):
            response = self.client.get(
                article.get_absolute_url() + f"?replies-page={number}"
            )
            self.assertEqual(response.status_code, 200)
            page = response.content.decode()
            seen += map(int, REPLY_ITEM.findall(page))
            if pages > 1:
                self.assertIn(f"Page {number} of {pages} of the replies", page)
        self.assertEqual(sorted(seen), sorted(approved))
        past = article.get_absolute_url() + f"?replies-page={pages + 1}"
        self.assertEqual(self.client.get(past).status_code, 404)
