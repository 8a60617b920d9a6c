"""Two server processes, one database and one cache: a banner an editor
switches on through one shows on the other's cached pages within a second,
and comes down as fast (Redis when TEST_REDIS_URL answers, else the file cache)."""

import datetime
import os
import time
import urllib.request

import redis

from broadsheet.caching.tests.test_two_servers import REDIS_URL, redis_available
from broadsheet.server.tests.live import Browser, another_server, live_server

TEXT = "Live: Portside council votes tonight"


def shows_within_a_second(server, path, expected):
    since = time.monotonic()
    while (
        TEXT in urllib.request.urlopen(server.url + path).read().decode()
    ) != expected:
        assert time.monotonic() - since < 1.0, f"{path}: not {expected} within 1 s"
        time.sleep(0.05)


def test_a_banner_switched_on_through_one_server_shows_through_the_other(tmp_path):
    env = {"TWO_FACTOR_ROLES": ""}  # the desk signs in with a password
    if redis_available() or os.environ.get("CI"):
        redis.Redis.from_url(REDIS_URL).flushdb()
        env["REDIS_URL"] = REDIS_URL
    with live_server(tmp_path, workers=1, **env) as one, another_server(one) as two:
        pages = ["/", "/stories/keeping-portside-running/"]
        for path in pages:
            urllib.request.urlopen(two.url + path).read()
            kept_by = time.monotonic() + 1.0
            while urllib.request.urlopen(two.url + path).headers["X-Cache"] != "HIT":
                assert time.monotonic() < kept_by, "the page was not kept"
                time.sleep(0.02)
        story_id = one.manage(
            "shell",
            "--no-imports",
            "-c",
            "from broadsheet.stories.models import Story\n"
            "print(Story.objects.get(slug='keeping-portside-running').pk)",
        ).strip()
        desk = Browser.signed_in(one.url)
        desk.get("/admin/stories/banner/add/")
        until = datetime.datetime.now() + datetime.timedelta(hours=1)  # TIME_ZONE=UTC
        added = desk.post(
            "/admin/stories/banner/add/",
            {
                "csrfmiddlewaretoken": desk.csrf(),
                "text": TEXT,
                "story": story_id,
                "article": "",
                "is_on": "on",
                "expires_at_0": f"{until:%Y-%m-%d}",
                "expires_at_1": f"{until:%H:%M:%S}",
            },
        )
        assert added.status == 302, added.read().decode()[:2000]
        for path in pages:
            shows_within_a_second(two, path, True)

        banner_id = one.manage(
            "shell",
            "--no-imports",
            "-c",
            "from broadsheet.stories.models import Banner\n"
            "print(Banner.objects.get().pk)",
        ).strip()
        off = desk.post(
            "/admin/stories/banner/",
            {
                "csrfmiddlewaretoken": desk.csrf(),
                "action": "switch_off",
                "_selected_action": banner_id,
            },
        )
        assert off.status == 302
        for path in pages:
            shows_within_a_second(two, path, False)
