"""Every cookie the site sets is either personal, and keeps its holder out of
the shared page cache, or harmless to share a page over."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching.middleware import personal_cookies
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.replies.authorship import READER_COOKIE
from broadsheet.replies.models import Reply
from broadsheet.replies.tests.posting import post_reply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _post_at_once(settings):
    settings.REPLIES_MIN_FILL_SECONDS = 0


def harmless():
    """Cookies a shared page may ignore, and why."""
    return {
        # A signed secret for the admin's forms; no public page reads it.
        django_settings.CSRF_COOKIE_NAME: "CSRF",
        # The reader's own details, read only by replies.js in their browser.
        READER_COOKIE: "form details",
        # Admin notices after a change: only admin pages, which are personal.
        "messages": "admin notices",
    }


def cookies_set_by_every_flow(client, article):
    seen = set()
    response = post_reply(client, article, remember="on", notify="on")
    seen |= set(response.cookies)
    User.objects.create_superuser("ed", "ed@newsroom.example", "pw")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "ed", "password": "pw"}
    )
    seen |= set(response.cookies)
    for url in ["/admin/", "/admin/articles/article/", article.get_absolute_url()]:
        seen |= set(client.get(url).cookies)
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", {"headline": ""}
    )
    seen |= set(response.cookies)
    seen |= set(client.post("/admin/logout/").cookies)
    return seen


def test_every_cookie_is_personal_or_harmless(client, settings):
    article = ArticleFactory(headline="Harbour Bridge to close")
    seen = cookies_set_by_every_flow(client, article)
    assert django_settings.SESSION_COOKIE_NAME in seen
    unknown = seen - set(personal_cookies()) - set(harmless())
    assert not unknown, f"say whether these make a page personal: {unknown}"


@pytest.mark.parametrize("renamed", [False, True])
def test_a_held_reply_never_reaches_the_shared_cache(client, settings, renamed):
    """Its author sees it; the next reader is served the cached page without it,
    whatever the authorship and session cookies are called."""
    if renamed:
        settings.SESSION_COOKIE_NAME = "newsroom_session"
    article = ArticleFactory(headline="Harbour Bridge to close")
    url = article.get_absolute_url()
    get(url)  # kept for everyone
    post_reply(client, article, comment="Held for a moderator.")
    assert Reply.objects.get(text="Held for a moderator.").status == "pending"
    cookies = "; ".join(f"{c.key}={c.value}" for c in client.cookies.values())
    _, headers, page = get(url, cookie=cookies)
    assert "Held for a moderator." in page and headers.get("X-Cache") != "HIT"
    _, headers, page = get(url)
    assert "Held for a moderator." not in page and headers["X-Cache"] == "HIT"
    User.objects.create_superuser("ed", "ed@newsroom.example", "pw")
    client.cookies.clear()
    client.post("/admin/login/", {"username": "ed", "password": "pw"})
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    _, headers, _ = get(url, cookie=f"{session.key}={session.value}")
    assert headers.get("X-Cache") != "HIT"


@pytest.mark.parametrize("url", ["/replies/privacy/", "/admin/login/"])
def test_a_page_with_a_visitors_csrf_token_is_never_shareable(client, url):
    response = client.get(url)
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "public" not in response["Cache-Control"]
    assert "Surrogate-Key" not in response
