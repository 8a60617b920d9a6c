"""Posting replies as a reader's browser does, for the tests of every app."""

import re

from broadsheet.replies.models import Reply

VALID = {
    "comment": "The ferry plan sounds workable.",
    "name": "Olena Kovalenko",
    "email": "olena@mail.example",
    "website": "",
}


def form_fields(client, article, query="", script=True):
    """The hidden fields of the reply form as a reader's browser would send them:
    with the page's script, which fetches a fresh fill-time token, or without."""
    page = client.get(article.get_absolute_url() + query).content.decode()
    hidden = r'<input type="hidden" name="(\w+)" value="([^"]*)"'
    fields = dict(re.findall(hidden, page))
    shown = re.search(r'data-shown-url="([^"]+)"', page)
    if script and shown:  # a closed article has no form
        fields["started"] = client.get(shown.group(1)).json()["started"]
    return fields


def post_reply(client, article, query="", script=True, **fields):
    data = {**form_fields(client, article, query, script), **VALID, **fields}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"/replies/post/{article.pk}/", data, REMOTE_ADDR="198.51.100.7")


def newest_reply():
    return Reply.objects.order_by("-pk").first()
