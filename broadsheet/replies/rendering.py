"""Reply text is plain text: paragraphs and line breaks kept, URLs linked.

Everything a reader types is escaped; only URLs become links, marked
rel="nofollow ugc" so the site lends them no weight. Avatars are initials on a
colour picked from the name: nothing is fetched, and the email is never used.
"""

import re
import zlib

from django.utils.html import urlize

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
AVATAR_HUES = 12


def render_reply_text(text: str) -> str:
    """Return safe HTML for a reader's plain-text reply."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    rendered = []
    for paragraph in paragraphs:
        # urlize escapes everything that is not a URL it turns into a link.
        html = urlize(paragraph, nofollow=True, autoescape=True)
        html = html.replace('rel="nofollow"', 'rel="nofollow ugc"')
        rendered.append("<p>" + html.replace("\n", "<br>") + "</p>")
    return "\n".join(rendered)


def initials(name: str) -> str:
    """Up to two initials for the on-site avatar ("Olena Kovalenko" -> "OK")."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    if not letters:
        return "?"
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()


def avatar_hue(name: str) -> int:
    """A stable colour slot for the avatar, from the name (never the email)."""
    return zlib.crc32(name.strip().lower().encode("utf-8")) % AVATAR_HUES
