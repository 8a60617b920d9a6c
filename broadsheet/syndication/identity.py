"""Stable identities and dates shared by feeds, JSON Feed, JSON-LD and oEmbed."""

import re
from urllib.parse import urlparse

from django.conf import settings


def absolute(path: str) -> str:
    """The public URL of a site path (SITE_URL + path); a URL that is absolute
    already (an image in an S3 bucket) is returned as it is."""
    if "://" in path:
        return path
    return settings.SITE_URL + path


def absolute_urls_in(html: str) -> str:
    """The HTML with every site-relative src, href and srcset URL made absolute,
    for feed readers, which have no page address to resolve them against."""
    return _SRCSET.sub(_absolute_srcset, _LINK.sub(_absolute_link, html))


_LINK = re.compile(r'\b(src|href)="(/[^/"][^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def _absolute_link(match):
    return f'{match.group(1)}="{absolute(match.group(2))}"'


def _absolute_srcset(match):
    entries = [entry.strip() for entry in match.group(1).split(",")]
    made = [absolute(e) if e.startswith("/") else e for e in entries]
    return 'srcset="' + ", ".join(made) + '"'


def article_id(article) -> str:
    """A tag: URI that never changes for the article, whatever its slug or date.

    Feed readers use the id to tell a new item from an edited one, so it is built
    from the primary key, not the URL (RFC 4151).
    """
    return f"tag:{urlparse(settings.SITE_URL).hostname},2025:article:{article.pk}"


def reply_id(reply) -> str:
    return f"tag:{urlparse(settings.SITE_URL).hostname},2025:reply:{reply.pk}"


def live_entry_id(entry) -> str:
    return f"tag:{urlparse(settings.SITE_URL).hostname},2025:live-entry:{entry.pk}"


def modified_at(article):
    """When the article last changed: an edit, or its newest update or correction."""
    latest = article.latest_update()
    candidates = [article.published_at, article.updated_at]
    if latest:
        candidates.append(latest.posted_at)
    return max(c for c in candidates if c)


def authors_of(article):
    """(name, absolute URL or None) for each author, or the plain byline."""
    people = [
        (b.author.name, absolute(b.author.get_absolute_url()))
        for b in article.bylines.all()
    ]
    if not people and article.byline:
        people = [(article.byline, None)]
    return people
