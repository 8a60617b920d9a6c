"""RSS 2.0 and Atom 1.0 feeds of articles, of approved replies and of an
article's live entries.

One `ArticleFeed` class serves the whole site, a section, a tag or an author,
in either format: `ArticleFeed(RssFeed)` and `ArticleFeed(AtomFeed)` are
mounted at their own URLs. Items carry a permanent `tag:` id, the dateline as
the publication date, the last change as the update date, the authors,
the section and tags as categories, the featured image's largest JPEG or PNG
rendition as an enclosure, and the
full article (FEED_FULL_CONTENT) or its summary.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.text import Truncator

from broadsheet.articles.models import Article, Author, Section, Tag
from broadsheet.live.models import Entry, started_coverage
from broadsheet.replies.models import Reply
from broadsheet.surrogate import (
    ALL_REPLIES,
    LISTINGS,
    article_key,
    depend_on,
    fresh_until,
    live_key,
    replies_key,
)
from broadsheet.syndication.identity import (
    absolute,
    absolute_urls_in,
    article_id,
    authors_of,
    live_entry_id,
    modified_at,
    reply_id,
)
from broadsheet.text import without_control_characters

# URL scope -> (model, the Article lookup that selects its articles)
SCOPES = {
    "section": (Section, "section"),
    "tag": (Tag, "tags"),
    "author": (Author, "authors"),
}


def _carried(value):
    """The value with its strings as XML can carry them (broadsheet.text)."""
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, dict):
        return {key: _carried(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_carried(item) for item in value)
    return value


class XmlSafe:
    """Drops what XML 1.0 cannot carry from the feed and every item, so a
    control character stored in any field never makes a feed answer 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = _carried(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = _carried(self.items[-1])


class RssFeed(XmlSafe, Rss201rev2Feed):
    """RSS 2.0 with the full article in content:encoded."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(XmlSafe, Atom1Feed):
    """Atom 1.0 with the full article in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def summary_of(article) -> str:
    """The dek, or else the opening paragraph cut to 60 words."""
    return article.dek or Truncator(article.summary()).words(60)


class _AtSiteURL:
    """The request, but with SITE_URL's host and scheme: Django's Feed builds its
    absolute links from the request's host, and every absolute link on the site
    comes from SITE_URL (identity.absolute)."""

    def __init__(self, request):
        self._request = request
        self._site = urlparse(settings.SITE_URL)

    def get_host(self):
        return self._site.netloc

    def is_secure(self):
        return self._site.scheme == "https"

    def __getattr__(self, name):
        return getattr(self._request, name)


class SiteFeed(Feed):
    def get_feed(self, obj, request):
        return super().get_feed(obj, _AtSiteURL(request))


class ArticleFeed(SiteFeed):
    def __init__(self, feed_type):
        self.feed_type = feed_type

    def get_object(self, request, scope=None, slug=None):
        depend_on(request, LISTINGS)
        if scope is None:
            return None
        return get_object_or_404(SCOPES[scope][0], slug=slug)

    def title(self, obj):
        if obj is None:
            return settings.SITE_NAME
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url() if obj is not None else "/"

    def description(self, obj):
        return f"The latest stories from {self.title(obj)}"

    subtitle = description

    def items(self, obj):
        articles = Article.objects.published()
        if obj is not None:
            lookup = next(
                lookup for model, lookup in SCOPES.values() if isinstance(obj, model)
            )
            articles = articles.filter(**{lookup: obj})
        return articles.for_page()[: settings.FEED_ITEMS]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return summary_of(article)

    def item_extra_kwargs(self, article):
        if not settings.FEED_FULL_CONTENT:
            return {}
        return {"content_html": absolute_urls_in(article.body_html)}

    def item_guid(self, article):
        return article_id(article)

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return modified_at(article)

    def item_author_name(self, article):
        # An Atom entry needs an author (RFC 4287, 4.1.2): without a byline,
        # the publication is the author.
        names = ", ".join(name for name, _ in authors_of(article))
        return names or settings.SITE_NAME

    def item_author_link(self, article):
        people = authors_of(article)
        if not people:
            return absolute("/")
        return people[0][1] if len(people) == 1 else None

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]

    def item_enclosures(self, article):
        image = article.featured_image
        largest = image.fallback() if image else None
        if largest is None:
            return []
        return [
            Enclosure(
                absolute(image.fallback_url()),
                str(largest.get("bytes", 0)),
                f"image/{largest['format']}",
            )
        ]


class ReplyFeed(SiteFeed):
    """Approved replies, newest first: of one article, or of the whole site."""

    def __init__(self, feed_type):
        self.feed_type = feed_type

    def get_object(self, request, article_id=None):
        depend_on(
            request, ALL_REPLIES if article_id is None else replies_key(article_id)
        )
        if article_id is None:
            return None
        return get_object_or_404(Article.objects.published(), pk=article_id)

    def title(self, article):
        if article is None:
            return f"{settings.SITE_NAME}: replies"
        return f"Replies to “{article.headline}”"

    def link(self, article):
        return f"{article.get_absolute_url()}#replies" if article else "/"

    def description(self, article):
        return self.title(article)

    subtitle = description

    def items(self, article):
        replies = (
            Reply.objects.approved()
            .filter(is_erased=False, article__in=Article.objects.published())
            .select_related("article")
        )
        if article is not None:
            replies = replies.filter(article=article)
        return replies.order_by("-created_at")[: settings.FEED_ITEMS]

    def item_title(self, reply):
        return f"{reply.name} on “{reply.article.headline}”"

    def item_description(self, reply):
        return reply.text_html

    def item_link(self, reply):
        return reply.get_absolute_url()

    def item_guid(self, reply):
        return reply_id(reply)

    item_guid_is_permalink = False

    def item_pubdate(self, reply):
        return reply.created_at

    def item_updateddate(self, reply):
        return reply.edited_at or reply.created_at

    def item_author_name(self, reply):
        # The name only: a reader's email address is never published.
        return reply.name


class LiveFeed(SiteFeed):
    """An article's live entries, newest first (broadsheet.live)."""

    def __init__(self, feed_type):
        self.feed_type = feed_type

    def get_object(self, request, article_id):
        depend_on(request, article_key(article_id), live_key(article_id))
        article = get_object_or_404(Article.objects.published(), pk=article_id)
        coverage = started_coverage(article)
        if coverage is None:
            raise Http404("This article is not covered live.")
        fresh_until(request, coverage.next_change())
        return article

    def title(self, article):
        return f"Live: {article.headline}"

    def link(self, article):
        return f"{article.get_absolute_url()}#live"

    def description(self, article):
        return f"Live updates on “{article.headline}” from {settings.SITE_NAME}"

    subtitle = description

    def items(self, article):
        entries = Entry.objects.filter(coverage__article=article)
        entries = entries.select_related("author", "coverage__article", "image")
        return entries.order_by("-posted_at", "-pk")[: settings.FEED_ITEMS]

    def item_title(self, entry):
        return entry.title()

    def item_description(self, entry):
        return absolute_urls_in(entry.text_html)

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_guid(self, entry):
        return live_entry_id(entry)

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.posted_at

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_author_name(self, entry):
        return entry.author.name if entry.author else settings.SITE_NAME

    def item_categories(self, entry):
        return ["Key event"] if entry.is_key_event else []
