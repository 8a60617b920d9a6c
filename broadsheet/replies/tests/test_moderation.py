"""Moderation rules, abuse checks, the admin queue and its audit log."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from broadsheet.caching.tests.wsgi_client import get
from broadsheet.replies.authorship import AUTHOR_COOKIE
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import (
    VALID,
    form_fields,
    newest_reply,
    post_reply,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return DiscussionSettings.current()


def set_policy(policy, **values):
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()


def staff(role, email=""):
    user = User.objects.create_user(
        role.lower(), email=email, password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def test_hold_all_holds_even_known_readers(client, an_article, policy):
    set_policy(policy, moderation=DiscussionSettings.Moderation.HOLD_ALL)
    ReplyFactory(name=VALID["name"], email=VALID["email"])
    post_reply(client, an_article)
    assert newest_reply().status == Reply.Status.PENDING


def test_auto_approve_publishes_strangers(client, an_article, policy):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    post_reply(client, an_article)
    assert newest_reply().status == Reply.Status.APPROVED


def test_reply_with_three_links_is_held(client, an_article, policy):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    post_reply(
        client, an_article, comment="http://a.example www.b.example https://c.example"
    )
    reply = newest_reply()
    assert reply.status == Reply.Status.PENDING
    assert reply.held_because == "more than 2 links"


def test_two_links_are_fine(client, an_article, policy):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    post_reply(client, an_article, comment="http://a.example and https://c.example")
    assert newest_reply().status == Reply.Status.APPROVED


@pytest.mark.parametrize("field", ["comment", "name", "email", "website"])
def test_moderation_word_list_holds(client, an_article, policy, field):
    set_policy(
        policy,
        moderation=DiscussionSettings.Moderation.AUTO_APPROVE,
        moderation_words="casino\n",
    )
    value = {
        "comment": "Try the casino",
        "name": "Casino Bob",
        "email": "bob@casino.example",
        "website": "https://casino.example",
    }[field]
    post_reply(client, an_article, **{field: value})
    assert newest_reply().status == Reply.Status.PENDING


def test_moderation_list_matches_ip_addresses(client, an_article, policy):
    set_policy(
        policy,
        moderation=DiscussionSettings.Moderation.AUTO_APPROVE,
        moderation_words="198.51.100.7",
    )
    post_reply(client, an_article)
    assert newest_reply().status == Reply.Status.PENDING


def test_disallowed_word_goes_straight_to_spam_and_stays_hidden(
    client, an_article, policy
):
    set_policy(policy, disallowed_words="cheap pills")
    post_reply(client, an_article, comment="Cheap pills here")
    assert newest_reply().status == Reply.Status.SPAM
    client.cookies.clear()
    assert (
        "Cheap pills" not in client.get(an_article.get_absolute_url()).content.decode()
    )


def test_honeypot_sends_to_spam(client, an_article, policy):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    post_reply(client, an_article, homepage="http://bot.example")
    assert newest_reply().status == Reply.Status.SPAM


def test_reply_sent_within_three_seconds_is_spam(client, an_article, policy, settings):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    settings.REPLIES_MIN_FILL_SECONDS = 3
    post_reply(client, an_article)
    assert newest_reply().status == Reply.Status.SPAM
    assert newest_reply().held_because == "sent too soon after the form was shown"


def test_reply_sent_after_three_seconds_is_not(client, an_article, policy, settings):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    settings.REPLIES_MIN_FILL_SECONDS = 3
    fields = form_fields(client, an_article)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        client.post(f"/replies/post/{an_article.pk}/", {**fields, **VALID})
    assert newest_reply().status == Reply.Status.APPROVED


def test_a_cached_pages_token_does_not_let_a_fast_bot_through(
    client, an_article, policy, settings
):
    """The token rendered into a shared page is old: it vouches for nobody."""
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    settings.REPLIES_MIN_FILL_SECONDS = 3
    url = an_article.get_absolute_url()
    get(url)  # rendered, and kept for every reader
    later = timezone.now() + timedelta(seconds=100)
    with time_machine.travel(later):
        status, headers, page = get(url)
        assert headers["X-Cache"] == "HIT"
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    with time_machine.travel(later + timedelta(seconds=1)):
        client.post(f"/replies/post/{an_article.pk}/", {**VALID, "started": started})
    assert newest_reply().status == Reply.Status.PENDING
    assert newest_reply().held_because.endswith("sent without the page's script")


def test_the_scripts_token_times_the_reader_from_when_the_form_was_shown(
    client, an_article, policy, settings
):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    settings.REPLIES_MIN_FILL_SECONDS = 3
    url = an_article.get_absolute_url()
    get(url)
    shown = timezone.now() + timedelta(seconds=100)
    with time_machine.travel(shown):
        fields = form_fields(client, an_article)  # the cached page, and the script
    for after, text, status in [
        (1, "Too quick to be typed.", Reply.Status.SPAM),
        (8, "Typed at a reader's pace.", Reply.Status.APPROVED),
    ]:
        with time_machine.travel(shown + timedelta(seconds=after)):
            client.post(
                f"/replies/post/{an_article.pk}/",
                {**fields, **VALID, "comment": text},
                REMOTE_ADDR=f"198.51.100.{after}",
            )
        assert newest_reply().status == status


def test_a_known_reader_without_script_is_approved(
    client, an_article, policy, settings
):
    set_policy(policy, moderation=DiscussionSettings.Moderation.AUTO_APPROVE)
    post_reply(client, an_article, script=False, comment="An earlier thought.")
    moderate(newest_reply(), Action.APPROVE)
    post_reply(client, an_article, script=False)
    assert newest_reply().status == Reply.Status.APPROVED


@pytest.mark.parametrize("guess", [VALID["email"], VALID["email"].upper()])
def test_a_commenters_name_and_email_do_not_make_another_browser_known(
    client, an_article, policy, guess, settings
):
    """Else whoever guessed a public commenter's address would see their reply
    approved at once: the address confirmed, and a reply under their name."""
    settings.REPLIES_RATE_LIMIT = 10  # six replies under one address
    set_policy(policy, moderation=DiscussionSettings.Moderation.HOLD_UNKNOWN)
    post_reply(client, an_article, comment="My first thought.")
    moderate(newest_reply(), Action.APPROVE)
    stranger = Client()
    post_reply(stranger, an_article, comment="Posing as Olena.", email=guess)
    assert newest_reply().status == Reply.Status.PENDING
    # A forged list of replies written is refused (the cookie is signed).
    stranger.cookies[AUTHOR_COOKIE] = str(Reply.objects.approved().get().pk)
    post_reply(stranger, an_article, comment="Posing again.", email=guess)
    assert newest_reply().status == Reply.Status.PENDING
    post_reply(client, an_article, comment="My second thought.")
    assert newest_reply().status == Reply.Status.APPROVED
    # Nor is a browser known as one reader known as another.
    del stranger.cookies[AUTHOR_COOKIE]
    post_reply(
        stranger, an_article, comment="Mine.", name="Mallory", email="m@mail.example"
    )
    moderate(newest_reply(), Action.APPROVE)
    response = post_reply(stranger, an_article, comment="Posing more.", email=guess)
    assert response.status_code == 302
    assert newest_reply().status == Reply.Status.PENDING


def test_the_form_token_is_fetched_fresh_and_never_cached(client, an_article):
    response = client.get(f"/replies/shown/{an_article.pk}/")
    assert response["Cache-Control"] == "no-store"
    assert response.json()["started"]
    an_article.status = "draft"
    an_article.save()
    assert client.get(f"/replies/shown/{an_article.pk}/").status_code == 404
    assert client.post(f"/replies/shown/{an_article.pk}/").status_code == 405


def test_forged_start_token_counts_as_too_fast(client, an_article, policy, settings):
    settings.REPLIES_MIN_FILL_SECONDS = 3
    post_reply(client, an_article, started="forged")
    assert newest_reply().status == Reply.Status.SPAM


def test_duplicate_reply_is_refused(client, an_article):
    post_reply(client, an_article)
    response = post_reply(client, an_article)
    assert response.status_code == 400
    assert "This reply is already on this article." in response.content.decode()
    assert Reply.objects.count() == 1


def test_a_duplicate_answer_does_not_tell_who_wrote_the_reply(client, an_article):
    """Posting a reply's text with a guessed address answers alike, right or wrong."""
    post_reply(client, an_article, email="olena@mail.example")
    right = post_reply(client, an_article, email="olena@mail.example")
    wrong = post_reply(client, an_article, email="someone@else.example")
    assert right.status_code == wrong.status_code == 400

    def seen(response, address):  # less what differs by design: the typed address
        page = response.content.decode().replace(address, "")
        return re.sub(r'name="(started|csrfmiddlewaretoken)" value="[^"]*"', "", page)

    assert seen(right, "olena@mail.example") == seen(wrong, "someone@else.example")
    assert Reply.objects.count() == 1


def test_an_address_is_kept_lower_case(client, an_article):
    post_reply(client, an_article, email="Olena@Mail.Example")
    assert newest_reply().email == "olena@mail.example"


def test_rate_limit_per_ip_answers_429_and_keeps_the_text(client, an_article):
    for n in range(5):
        assert (
            post_reply(
                client, an_article, comment=f"Point {n}", email=f"r{n}@mail.example"
            ).status_code
            == 302
        )
    response = post_reply(
        client, an_article, comment="Sixth point", email="r6@mail.example"
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have posted 5 replies in the last minute." in page
    assert "Sixth point</textarea>" in page
    assert Reply.objects.count() == 5
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert (
            post_reply(
                client, an_article, comment="Later", email="r7@mail.example"
            ).status_code
            == 302
        )


def test_rate_limit_per_email_across_addresses(client, an_article):
    for n in range(5):
        ReplyFactory(
            article=an_article, email=VALID["email"], ip_address=f"192.0.2.{n}"
        )
    assert post_reply(client, an_article).status_code == 429


def test_flood_check_refuses_a_second_reply_within_seconds(
    client, an_article, settings
):
    settings.REPLIES_FLOOD_SECONDS = 5
    post_reply(client, an_article)
    response = post_reply(client, an_article, comment="Again", email="x@mail.example")
    assert response.status_code == 429
    assert "too quickly" in response.content.decode()


def test_moderators_are_emailed_about_held_replies(
    client, an_article, mailoutbox, django_capture_on_commit_callbacks
):
    staff("Moderator", email="mod@newsroom.example")
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["mod@newsroom.example"]
    assert "awaiting moderation" in message.subject
    assert f"/admin/replies/reply/{newest_reply().pk}/change/" in message.body


def test_the_moderators_emailed_follow_the_accounts_as_they_change(
    client, an_article, mailoutbox, django_capture_on_commit_callbacks
):
    """Their addresses are kept between held replies, until an account or a
    group changes."""

    def held_reply_mails(n):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            post_reply(client, an_article, comment=f"Held {n}.", email=f"r{n}@m.ex")
        return sorted(address for message in mailoutbox for address in message.to)

    with django_capture_on_commit_callbacks(execute=True):
        first = staff("Moderator", email="mod@newsroom.example")
        second = staff("Editor", email="ed@newsroom.example")
    assert held_reply_mails(1) == ["mod@newsroom.example"]
    with django_capture_on_commit_callbacks(execute=True):
        second.groups.add(Group.objects.get(name="Moderator"))
    assert held_reply_mails(2) == ["ed@newsroom.example", "mod@newsroom.example"]
    with django_capture_on_commit_callbacks(execute=True):
        first.is_active = False
        first.save()
    assert held_reply_mails(3) == ["ed@newsroom.example"]


def test_moderator_approves_and_the_reply_appears_with_an_audit_entry(
    client, an_article
):
    post_reply(client, an_article)
    reply = newest_reply()
    client.cookies.clear()
    moderator = staff("Moderator")
    client.force_login(moderator)
    queue = client.get("/admin/replies/reply/?status=pending").content.decode()
    assert VALID["comment"] in queue and "Pending (1)" in queue
    client.post(
        "/admin/replies/reply/", {"action": "approve", "_selected_action": [reply.pk]}
    )
    reply.refresh_from_db()
    assert reply.status == Reply.Status.APPROVED
    page = client.get(f"/admin/replies/reply/{reply.pk}/change/").content.decode()
    assert "Audit log: who did what, when" in page
    assert "Approved" in page and "moderator" in page
    client.logout()
    assert (
        VALID["comment"] in client.get(an_article.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("spam", "spam"),
        ("trash", "trash"),
        ("unapprove", "pending"),
        ("restore", "pending"),
        ("approve", "approved"),
    ],
)
def test_every_moderation_button_changes_status_and_is_logged(client, action, status):
    reply = ReplyFactory()
    moderator = staff("Moderator")
    client.force_login(moderator)
    client.post(f"/admin/replies/reply/{reply.pk}/moderate/{action}/")
    reply.refresh_from_db()
    assert reply.status == status
    entry = reply.log.get()
    assert (entry.actor, entry.action, entry.to_status) == (moderator, action, status)


def test_deleting_a_reply_in_the_admin_updates_the_count(client, an_article):
    reply = ReplyFactory(article=an_article, text="Soon deleted.")
    assert "1 reply" in client.get(an_article.get_absolute_url()).content.decode()
    admin = User.objects.create_superuser("chief", "chief@newsroom.example", "pw")
    client.force_login(admin)
    response = client.post(f"/admin/replies/reply/{reply.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    page = client.get(an_article.get_absolute_url()).content.decode()
    assert "Soon deleted." not in page and "1 reply" not in page
    assert Discussion.objects.get(article=an_article).reply_count == 0


def test_unapproving_hides_the_reply_and_updates_the_count(client, an_article):
    reply = ReplyFactory(article=an_article, text="Soon hidden.")
    assert "1 reply" in client.get(an_article.get_absolute_url()).content.decode()
    client.force_login(staff("Moderator"))
    client.post(f"/admin/replies/reply/{reply.pk}/moderate/unapprove/")
    client.logout()
    page = client.get(an_article.get_absolute_url()).content.decode()
    assert "Soon hidden." not in page and '<a href="#replies">0 replies</a>' in page


def test_staff_reply_is_published_and_marked(client, an_article):
    reply = ReplyFactory(article=an_article)
    editor = staff("Moderator")
    editor.first_name, editor.last_name = "Desk", "Editor"
    editor.save()
    client.force_login(editor)
    client.post(
        f"/admin/replies/reply/{reply.pk}/respond/", {"text": "Thanks, corrected."}
    )
    staff_reply = newest_reply()
    assert staff_reply.is_staff_reply and staff_reply.parent == reply
    page = client.get(an_article.get_absolute_url()).content.decode()
    assert "Thanks, corrected." in page and '<span class="badge">Staff</span>' in page


def test_staff_edit_is_logged(client):
    reply = ReplyFactory()
    client.force_login(staff("Moderator"))
    client.post(
        f"/admin/replies/reply/{reply.pk}/change/",
        {
            "name": reply.name,
            "email": reply.email,
            "website": "",
            "text": "Edited by the desk.",
            "log-TOTAL_FORMS": "0",
            "log-INITIAL_FORMS": "0",
        },
    )
    reply.refresh_from_db()
    assert reply.text == "Edited by the desk."
    assert reply.log.get().action == "edit"


@pytest.mark.parametrize(
    "term", ["olena@mail.example", "198.51.100.7", "ferry plan", "Kovalenko"]
)
def test_queue_search_by_email_ip_text_and_name(client, an_article, term):
    post_reply(client, an_article)
    ReplyFactory(
        text="Unrelated words", email="other@mail.example", ip_address="192.0.2.1"
    )
    client.force_login(staff("Moderator"))
    page = client.get("/admin/replies/reply/", {"q": term}).content.decode()
    assert "The ferry plan sounds workable." in page
    assert "Unrelated words" not in page


def test_only_moderating_roles_reach_the_queue(client):
    for role, expected in [("Contributor", 403), ("Moderator", 200), ("Editor", 200)]:
        client.force_login(staff(role))
        assert client.get("/admin/replies/reply/").status_code == expected, role
        client.logout()


def test_purge_reply_ips_erases_old_addresses_only(capsys):
    old = ReplyFactory(created_at=timezone.now() - timedelta(days=31), user_agent="UA")
    new = ReplyFactory(user_agent="UA")
    call_command("purge_reply_ips")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (new.ip_address, new.user_agent) == ("203.0.113.9", "UA")
    assert (
        "erased the addresses of 1 reply older than 30 days" in capsys.readouterr().out
    )
