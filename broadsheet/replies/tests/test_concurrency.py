"""Nothing lost: every reply acknowledged by the real server is stored exactly once."""

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from broadsheet.server.tests.live import live_server, opener

CLIENTS = 16
REPLIES_EACH = 8


def reader(server, article_path, number):
    """One browser: load the article, post replies, return the acknowledged texts."""
    jar = http.cookiejar.CookieJar()
    browser = opener(jar)
    page = browser.open(server.url + article_path, timeout=30).read().decode()
    action = re.search(
        r'<form method="post" action="(/replies/post/\d+/)"', page
    ).group(1)
    hidden = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    )
    acknowledged = []
    for n in range(REPLIES_EACH):
        text = f"Reader {number} reply {n}"
        body = urllib.parse.urlencode(
            {
                **hidden,
                "comment": text,
                "name": f"Reader {number}",
                "email": f"reader{number}@mail.example",
            }
        ).encode()
        request = urllib.request.Request(
            server.url + action,
            data=body,
            headers={"Referer": server.url + article_path},
        )
        try:
            browser.open(request, timeout=60)
        except urllib.error.HTTPError as answer:
            if answer.code == 302 and "#reply-" in answer.headers["Location"]:
                acknowledged.append(text)
            else:
                assert answer.code in (429, 503), (answer.code, answer.read()[:300])
    return acknowledged


def test_every_acknowledged_reply_is_stored_exactly_once(tmp_path):
    limits = {
        "REPLIES_MIN_FILL_SECONDS": "0",
        "REPLIES_FLOOD_SECONDS": "0",
        "REPLIES_RATE_LIMIT": "1000",
    }
    with live_server(tmp_path, workers=2, **limits) as server:
        front = urllib.request.urlopen(server.url + "/").read().decode()
        article_path = re.search(
            r'href="(/\d{4}/\d\d/\d\d/harbour-bridge[^"]*)"', front
        ).group(1)
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = pool.map(
                lambda n: reader(server, article_path, n), range(CLIENTS)
            )
            acknowledged = [text for texts in results for text in texts]
        stored = json.loads(
            server.manage(
                "shell",
                "--no-imports",
                "-c",
                "import json; from broadsheet.replies.models import Reply; "
                "print(json.dumps(list(Reply.objects.filter(name__startswith='Reader ')"
                ".values_list('text', flat=True))))",
            )
        )
    assert len(acknowledged) == CLIENTS * REPLIES_EACH
    assert sorted(stored) == sorted(acknowledged)
    assert len(set(stored)) == len(stored)
