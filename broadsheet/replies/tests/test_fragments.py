"""Each reply's HTML is rendered once and reused: a new reply costs one
fragment, and whatever a fragment shows makes it new when it changes."""

import jinja2
import pytest

from broadsheet import generation
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.replies import fragments, moderation
from broadsheet.replies.models import Discussion, ModerationLogEntry, Reply
from broadsheet.replies.tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    story = ArticleFactory()
    ReplyFactory.create_batch(30, article=story)
    return story


@pytest.fixture
def renders(monkeypatch):
    """The names of the Jinja2 templates rendered, in order."""
    names = []
    render = jinja2.Template.render

    def counted(self, *args, **kwargs):
        names.append(self.name)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    return names


def test_a_new_reply_renders_one_fragment_not_the_thread(
    article, renders, django_capture_on_commit_callbacks
):
    get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post(
            ReplyFactory.build(article=article, text="The thirty-first point."),
            moderation.Decision(Reply.Status.APPROVED),
        )
    renders.clear()
    status, headers, body = get(article.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "The thirty-first point." in body
    assert renders.count("replies/reply.html") == 1
    assert body.count('class="reply__body"') == 31


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Corrected by its author."},
        {"name": "Renamed Reader"},
        {"is_erased": True},
        {"is_staff_reply": True},
    ],
)
def test_a_changed_reply_shows_its_change(
    article, change, django_capture_on_commit_callbacks
):
    reply = Reply.objects.filter(article=article).first()
    before = get(article.get_absolute_url())[2]
    with django_capture_on_commit_callbacks(execute=True):
        for name, value in change.items():
            setattr(reply, name, value)
        reply.save()
        moderation.record_edit(reply, ModerationLogEntry.Action.EDIT, reply.status)
    after = get(article.get_absolute_url())[2]
    assert after != before
    shown = {
        "text": "Corrected by its author.",
        "name": "Renamed Reader",
        "is_erased": "This reply was deleted.",
        "is_staff_reply": '<span class="badge">Staff</span>',
    }[next(iter(change))]
    assert shown in after and shown not in before


def test_a_reply_taken_down_leaves_the_thread(
    article, django_capture_on_commit_callbacks
):
    reply = Reply.objects.filter(article=article).first()
    assert f'id="reply-{reply.pk}"' in get(article.get_absolute_url())[2]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(reply, ModerationLogEntry.Action.SPAM)
    assert f'id="reply-{reply.pk}"' not in get(article.get_absolute_url())[2]


def test_closing_replies_removes_every_reply_link(
    article, django_capture_on_commit_callbacks
):
    assert "reply__reply" in get(article.get_absolute_url())[2]
    with django_capture_on_commit_callbacks(execute=True):
        Discussion.objects.update_or_create(
            article=article, defaults={"is_open": False}
        )
    assert "reply__reply" not in get(article.get_absolute_url())[2]


def test_a_thread_rendered_once_serves_the_other_processes(
    article, renders, django_capture_on_commit_callbacks
):
    fragments._kept.clear()  # as in a new process
    status, headers, body = get(article.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "replies/reply.html" in renders
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Council approves the plan, corrected"
        article.save()
    # Another process: nothing of this one's memory, only the shared cache,
    # where the thread was put once the first page had been sent.
    generation._remembered.clear()
    fragments._kept.clear()
    renders.clear()
    status, headers, again = get(article.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "the plan, corrected" in again
    assert "replies/reply.html" not in renders
    assert again.count('class="reply__body"') == body.count('class="reply__body"')
