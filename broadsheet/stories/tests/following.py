"""Following a story as a reader does, for the stories app's tests."""

import re

FOLLOW_URL = "/stories/ceasefire-talks/follow/"


def follow(client, email="Olena@Mail.Example", ip="198.51.100.7", **headers):
    return client.post(FOLLOW_URL, {"email": email}, REMOTE_ADDR=ip, **headers)


def link_in(message, name) -> str:
    """The site path of the link named in a mail (confirm, stop)."""
    return re.search(
        rf"http://127\.0\.0\.1:8000(/stories/following/{name}/[^\s]+/)", message.body
    ).group(1)


def press(client, url):
    """Open a mailed link as a browser does, and press the page's button."""
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return client.post(url, {"csrfmiddlewaretoken": token.group(1)} if token else {})
