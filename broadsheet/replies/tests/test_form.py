"""The "Leave a Reply" form and thread, as a reader meets them over HTTP."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.jinja import reply_time
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import VALID, newest_reply, post_reply
from broadsheet.replies.tests.posting import form_fields as form_fields_of

pytestmark = pytest.mark.django_db


def page_of(client, article, query=""):
    return client.get(article.get_absolute_url() + query).content.decode()


def test_form_matches_the_reference_page(client, an_article):
    page = page_of(client, an_article)
    assert ">Leave a Reply</h3>" in page
    assert (
        "Your email address will not be published. Required fields are marked" in page
    )
    for label in ("Comment", "Name", "Email"):
        assert re.search(rf'<label for="id_\w+">{label} <span class="required"', page)
    assert '<label for="id_website">Website</label>' in page
    for field in ("comment", "name", "email"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', page).group()
        assert "required" in tag and 'aria-required="true"' in tag
    remember = re.search(r'<input[^>]*name="remember"[^>]*>', page).group()
    assert "checked" not in remember
    assert (
        "Save my name, email, and website in this browser for the next time I comment."
        in page
    )
    assert '<button type="submit" class="button">Post Reply</button>' in page


def test_empty_reply_comes_back_with_errors_next_to_each_field(client, an_article):
    response = post_reply(client, an_article, comment="   ", name="", email="")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and "There are problems with your reply" in page
    for field, message in [
        ("comment", "Please write your comment."),
        ("name", "Please give your name."),
        ("email", "Please give your email address."),
    ]:
        assert f'<p class="field__error" id="id_{field}-error">' in page
        assert message in page
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', page).group()
        assert 'aria-invalid="true"' in tag
    assert not Reply.objects.exists()


def test_invalid_email_and_website_keep_everything_typed(client, an_article):
    typed = {
        "comment": "My <long> reply & more",
        "name": "Ana",
        "email": "not-an-email",
        "website": "http://",
    }
    response = post_reply(client, an_article, **typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please give a valid email address" in page
    assert "Please give a valid web address" in page
    assert "My &lt;long&gt; reply &amp; more</textarea>" in page
    assert 'value="Ana"' in page and 'value="not-an-email"' in page


def test_over_long_fields_are_refused_with_the_limits(client, an_article):
    response = post_reply(
        client,
        an_article,
        comment="x" * 10_001,
        name="n" * 101,
        email="a" * 250 + "@b.io",
        website="https://" + "w" * 200 + ".org",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 10000 characters (it has 10001)" in page
    assert "Your name is too long: at most 100 characters." in page
    assert "email address is too long" in page
    assert "web address is too long" in page
    assert not Reply.objects.exists()


def test_first_reply_is_held_and_shown_to_its_author_only(client, an_article):
    response = post_reply(client, an_article)
    reply = newest_reply()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reply-{reply.pk}")
    assert reply.status == Reply.Status.PENDING
    page = page_of(client, an_article)
    assert "Your reply is awaiting moderation." in page
    assert VALID["comment"] in page

    client.cookies.clear()
    other = page_of(client, an_article)
    assert VALID["comment"] not in other
    assert "awaiting moderation" not in other


def become_known(client):
    """This browser writes a reply under VALID's name and email, approved."""
    post_reply(client, ArticleFactory(), comment="An earlier thought.")
    moderate(newest_reply(), Action.APPROVE)


def test_a_known_reader_is_approved_at_once_and_counted(client, an_article):
    become_known(client)
    post_reply(client, an_article)
    assert newest_reply().status == Reply.Status.APPROVED
    client.cookies.clear()
    page = page_of(client, an_article)
    assert VALID["comment"] in page
    assert '<a href="#replies">1 reply</a>' in page
    assert "1 reply" in client.get("/").content.decode()


def test_replies_are_listed_oldest_first_with_permalinks(client, an_article):
    now = timezone.now()
    second = ReplyFactory(article=an_article, text="Second.", created_at=now)
    first = ReplyFactory(
        article=an_article, text="First.", created_at=now - timedelta(hours=1)
    )
    page = page_of(client, an_article)
    assert page.index("First.") < page.index("Second.")
    for reply in (first, second):
        assert f'id="reply-{reply.pk}"' in page
        assert (
            f'<a href="#reply-{reply.pk}" class="reply__permalink"><time datetime='
            in page
        )


def test_name_links_to_the_website_with_safe_rel(client, an_article):
    ReplyFactory(article=an_article, name="Leila", website="https://example.org/leila")
    page = page_of(client, an_article)
    assert (
        '<a href="https://example.org/leila" rel="nofollow ugc noopener" '
        'class="reply__name">Leila</a>'
    ) in page


def test_reply_text_is_plain_text_with_links(client, an_article):
    ReplyFactory(
        article=an_article,
        text="<script>alert(1)</script> **bold**\nline two\n\nSee https://example.org",
    )
    page = page_of(client, an_article)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**<br>line two</p>" in page
    assert (
        '<a href="https://example.org" rel="nofollow ugc">https://example.org</a>'
        in page
    )


def test_replying_to_a_reply_without_javascript(client, an_article):
    parent = ReplyFactory(article=an_article, name="Jonas")
    page = page_of(client, an_article, f"?replyto={parent.pk}")
    assert "Replying to Jonas" in page and 'id="cancel-reply"' in page
    assert f'name="parent" value="{parent.pk}"' in page
    become_known(client)
    post_reply(client, an_article, query=f"?replyto={parent.pk}")
    child = newest_reply()
    assert (child.parent, child.depth) == (parent, 1)
    page = page_of(client, an_article)
    assert page.index(f'id="reply-{parent.pk}"') < page.index(
        'class="thread thread--nested"'
    )


def test_nesting_stops_at_the_configured_depth(client, an_article):
    policy = DiscussionSettings.current()
    policy.thread_depth = 2
    policy.save()
    top = ReplyFactory(article=an_article)
    second = ReplyFactory(article=an_article, parent=top)
    post_reply(client, an_article, parent=str(second.pk))
    assert newest_reply().parent == top and newest_reply().depth == 1


@pytest.mark.parametrize("where", ["another article", "nowhere", "zero"])
def test_parent_that_is_not_on_this_article_is_refused_keeping_the_text(
    client, an_article, where
):
    parent_id = {"another article": ReplyFactory().pk, "nowhere": 999_999}.get(where, 0)
    response = post_reply(client, an_article, parent=str(parent_id))
    assert response.status_code == 400
    page = response.content.decode()
    assert "not on this article any more" in page
    assert VALID["comment"] in page
    assert not Reply.objects.filter(article=an_article).exists()


def test_closed_article_shows_replies_are_closed_and_refuses_posts(client, an_article):
    Discussion.objects.create(article=an_article, is_open=False)
    page = page_of(client, an_article)
    assert "Replies are closed." in page and "Leave a Reply" not in page
    response = post_reply(client, an_article, comment="Too late, but kept.")
    assert response.status_code == 403
    assert "Too late, but kept.</textarea>" in response.content.decode()
    assert not Reply.objects.exists()


def test_replies_close_after_the_site_default_of_fourteen_days(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=13, hours=23))
    assert "Leave a Reply" in page_of(client, article)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert "Replies are closed." in page_of(client, article)
        assert post_reply(client, article).status_code == 403


def test_per_article_override_keeps_an_old_article_open(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=400))
    Discussion.objects.create(article=article, close_after_days=0)
    assert "Leave a Reply" in page_of(client, article)
    assert post_reply(client, article).status_code == 302


def test_unpublished_or_unknown_article_is_a_404(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.post(f"/replies/post/{draft.pk}/", VALID).status_code == 404
    assert client.post("/replies/post/999999/", VALID).status_code == 404
    assert client.get(f"/replies/post/{draft.pk}/").status_code == 405


def test_huge_body_is_refused_with_413(client, an_article):
    response = client.post(
        f"/replies/post/{an_article.pk}/", {**VALID, "comment": "x" * 300_000}
    )
    assert response.status_code == 413
    assert not Reply.objects.exists()


def test_remember_me_cookie_is_set_only_when_ticked(client, an_article):
    post_reply(client, an_article)
    assert (
        not client.cookies.get("broadsheet_reader")
        or not client.cookies["broadsheet_reader"].value
    )
    post_reply(client, an_article, comment="Second thought.", remember="on")
    cookie = client.cookies["broadsheet_reader"].value
    assert "olena%40mail.example" in cookie and "Olena" in cookie
    post_reply(client, an_article, comment="Third thought.")
    assert client.cookies["broadsheet_reader"].value == ""


def test_the_page_never_fills_in_the_remembered_details_itself(client, an_article):
    post_reply(client, an_article, remember="on")
    page = page_of(client, an_article)
    assert 'value="olena@mail.example"' not in page


def test_author_edits_within_the_window_and_the_reply_is_marked_edited(
    client, an_article
):
    become_known(client)
    post_reply(client, an_article)
    reply = newest_reply()
    assert "Edit</a>" in page_of(client, an_article)
    response = client.post(f"/replies/{reply.pk}/edit/", {"comment": "Better words."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.text == "Better words." and reply.edited_at
    client.cookies.pop("broadsheet_replies")
    page = page_of(client, an_article)
    assert (
        "Better words." in page and '<span class="reply__edited">edited</span>' in page
    )


def test_an_edit_that_adds_spam_links_is_held_again(client, an_article):
    become_known(client)
    post_reply(client, an_article)
    reply = newest_reply()
    assert reply.status == Reply.Status.APPROVED
    links = "http://a.example http://b.example http://c.example"
    client.post(f"/replies/{reply.pk}/edit/", {"comment": f"Buy now {links}"})
    reply.refresh_from_db()
    assert reply.status == Reply.Status.PENDING
    assert reply.log.filter(
        action="author_edit", from_status="approved", to_status="pending"
    ).exists()


def test_editing_is_refused_after_the_window_and_to_strangers(client, an_article):
    post_reply(client, an_article)
    reply = newest_reply()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(f"/replies/{reply.pk}/edit/", {"comment": "Late."})
        assert response.status_code == 403
    client.cookies.clear()
    assert client.get(f"/replies/{reply.pk}/edit/").status_code == 404
    reply.refresh_from_db()
    assert reply.text == VALID["comment"]


def test_author_deletes_their_reply_and_a_thread_keeps_its_shape(client, an_article):
    become_known(client)
    post_reply(client, an_article)
    reply = newest_reply()
    ReplyFactory(article=an_article, parent=reply, text="An answer.")
    client.post(f"/replies/{reply.pk}/delete/")
    reply.refresh_from_db()
    assert reply.is_erased and reply.text == "" and reply.email == ""
    page = page_of(client, an_article)
    assert "This reply was deleted." in page and "An answer." in page
    assert VALID["comment"] not in page


def test_article_page_queries_do_not_grow_with_replies(
    client, an_article, django_assert_max_num_queries
):
    client.get(ArticleFactory().get_absolute_url())  # warm any one-off lookups
    ReplyFactory(article=an_article)
    with django_assert_max_num_queries(10) as few:
        client.get(an_article.get_absolute_url())
    parents = [ReplyFactory(article=an_article) for _ in range(20)]
    for parent in parents:
        ReplyFactory(article=an_article, parent=parent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(an_article.get_absolute_url()).content.decode()
    assert page.count('class="reply"') == 41
    # Until a reply changes, the rendered thread is reused: no replies query.
    with django_assert_max_num_queries(len(few.captured_queries) - 1):
        again = client.get(an_article.get_absolute_url()).content.decode()
    assert again.count('class="reply"') == 41


def test_any_change_to_a_reply_shows_on_the_next_render(client, an_article):
    reply = ReplyFactory(article=an_article, text="First words.")
    assert "First words." in page_of(client, an_article)
    reply.text = "Second thoughts."
    reply.save()
    assert "Second thoughts." in page_of(client, an_article)
    reply.delete()
    assert "Second thoughts." not in page_of(client, an_article)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_ORIGIN": "https://evil.example"}, 403),
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, 403),
        ({"HTTP_ORIGIN": "null"}, 403),
        (
            {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
            302,
        ),
        ({"HTTP_ORIGIN": "http://127.0.0.1:8000"}, 302),
    ],
)
def test_replies_posted_from_another_site_are_refused(
    client, an_article, headers, status
):
    data = {**VALID, **form_fields_of(client, an_article)}
    response = client.post(f"/replies/post/{an_article.pk}/", data, **headers)
    assert response.status_code == status
    assert Reply.objects.exists() == (status == 302)


def test_the_reply_form_page_is_the_same_for_every_reader(client, an_article):
    first = page_of(client, an_article)
    client.cookies.clear()
    assert "csrfmiddlewaretoken" not in first
    assert "Set-Cookie" not in client.get(an_article.get_absolute_url()).headers


def test_an_empty_edit_shows_the_error_at_the_field_and_in_the_summary(
    client, an_article
):
    post_reply(client, an_article)
    reply = newest_reply()
    response = client.post(f"/replies/{reply.pk}/edit/", {"comment": "  \x07 "})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in page and 'href="#id_comment"' in page
    assert 'id="id_comment-error"' in page and 'aria-invalid="true"' in page
    assert "Please write your comment." in page and "csrfmiddlewaretoken" in page
    reply.refresh_from_db()
    assert reply.text == VALID["comment"]


@given(moment=st.datetimes(timezones=st.timezones()), zone=st.timezones())
def test_a_replys_time_reads_as_djangos_date_filter_would_write_it(moment, zone):
    """The thread writes reply times itself (twice as fast, for every reply on
    a page: docs/performance.md); it must say what Django's filter would."""
    with timezone.override(zone):
        local = timezone.localtime(moment)
        written = re.search(r">(.*)</time>", reply_time(moment)).group(1)
        assert written == date_filter(local, "j M Y, H:i")


@pytest.mark.parametrize(
    "typed", ["Bob\u202eevil\u202c", "Newsroom\u200b Staff", "\ufeffEd\u00ad"]
)
def test_a_name_keeps_no_invisible_marks_that_could_disguise_it(
    client, an_article, typed
):
    post_reply(client, an_article, name=typed)
    assert newest_reply().name == typed.translate(
        dict.fromkeys(map(ord, "\u202e\u202c\u200b\ufeff\u00ad"))
    )
