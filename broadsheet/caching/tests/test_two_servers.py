"""Two server processes, one database and one cache: a write through one is
visible through the other within a second. With REDIS_URL set (PostgreSQL run)
the cache is Redis; otherwise both share the file cache in DATA_DIR."""

import os
import re
import time
import urllib.parse
import urllib.request

import redis

from broadsheet.server.tests.live import Browser, another_server, live_server

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


def test_a_reply_approved_through_one_server_shows_through_the_other(tmp_path):
    env = {"REPLIES_MIN_FILL_SECONDS": "0", "REPLIES_FLOOD_SECONDS": "0"}
    env["TWO_FACTOR_ROLES"] = ""  # the desk signs in as the admin, with a password
    use_redis = redis_available() or bool(os.environ.get("CI"))
    if use_redis:
        redis.Redis.from_url(REDIS_URL).flushdb()
        env["REDIS_URL"] = REDIS_URL
    with live_server(tmp_path, workers=1, **env) as one, another_server(one) as two:
        front = urllib.request.urlopen(one.url + "/").read().decode()
        story = re.search(
            r'href="(/\d{4}/\d\d/\d\d/harbour-bridge[^"]*)"', front
        ).group(1)
        reader, stranger = Browser(one.url), Browser(two.url)
        assert urllib.request.urlopen(two.url + story).headers["X-Cache"] == "MISS"
        # The page is stored just after it is sent: a moment later it is a hit.
        kept_by = time.monotonic() + 1.0
        while urllib.request.urlopen(two.url + story).headers["X-Cache"] != "HIT":
            assert time.monotonic() < kept_by, "the page was not kept"
            time.sleep(0.02)
        page = reader.get(story)
        hidden = dict(
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
        )
        action = re.search(r'action="(/replies/post/\d+/)"', page).group(1)
        text = "Seen from the other server."
        answer = reader.post(
            action,
            {**hidden, "comment": text, "name": "Ada", "email": "ada@mail.example"},
        )
        reply_id = answer.headers["Location"].rsplit("-", 1)[1]
        assert text not in stranger.get(story)  # held, and now cached on server two

        desk = Browser.signed_in(one.url)
        approved = desk.post(
            f"/admin/replies/reply/{reply_id}/moderate/approve/",
            {"csrfmiddlewaretoken": desk.csrf()},
        )
        assert approved.status == 302
        approved_at = time.monotonic()
        while text not in stranger.get(story):
            assert time.monotonic() - approved_at < 1.0, "not visible within a second"
            time.sleep(0.05)
