"""Stable identities and dates shared by feeds, JSON Feed, JSON-LD and oEmbed."""

from urllib.parse import urlparse

from django.conf import settings


def absolute(path: str) -> str:
    """The public URL of a site path (SITE_URL + path)."""
    return settings.SITE_URL + path


def article_id(article) -> str:
    """A tag: URI that never changes for the article, whatever its slug or date.

    Feed readers use the id to tell a new item from an edited one, so it is built
    from the primary key, not the URL (RFC 4151).
    """
    return f"tag:{urlparse(settings.SITE_URL).hostname},2025:article:{article.pk}"


def reply_id(reply) -> str:
    return f"tag:{urlparse(settings.SITE_URL).hostname},2025:reply:{reply.pk}"


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
