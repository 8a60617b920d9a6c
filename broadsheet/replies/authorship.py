"""Which replies this browser wrote, proven by a signed cookie (no account needed).

The cookie lets the author see their held reply and edit or delete it within
REPLIES_EDIT_MINUTES. It holds reply ids only, signed so they cannot be forged.
A second cookie, set only when the reader ticks "Save my name…", holds their
name, email and website for the next reply; a small script fills the form from
it, so no page ever carries one reader's details.
"""

import json
from urllib.parse import quote

from broadsheet.text import whole_number

AUTHOR_COOKIE = "broadsheet_replies"
READER_COOKIE = "broadsheet_reader"
SALT = "broadsheet.replies.author"
KEEP = 30  # most recent replies remembered
MAX_AGE = 30 * 24 * 3600


def authored_ids(request) -> set[int]:
    """The ids of the replies this browser posted."""
    raw = request.get_signed_cookie(
        AUTHOR_COOKIE, default="", salt=SALT, max_age=MAX_AGE
    )
    ids = (whole_number(part) for part in raw.split(",")[-KEEP:])
    return {pk for pk in ids if pk is not None}


def remember_authorship(request, response, reply_id: int):
    ids = sorted(authored_ids(request) | {reply_id})[-KEEP:]
    response.set_signed_cookie(
        AUTHOR_COOKIE,
        ",".join(map(str, ids)),
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def remember_reader(response, data: dict, remember: bool):
    """Keep or forget the reader's details, as the checkbox said."""
    if not remember:
        response.delete_cookie(READER_COOKIE, samesite="Lax")
        return
    details = {key: data.get(key) or "" for key in ("name", "email", "website")}
    response.set_cookie(
        READER_COOKIE,
        quote(json.dumps(details)),
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=False,  # read by replies.js to fill the form
    )
