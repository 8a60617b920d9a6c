"""What the index holds for an article: its text in four weighted fields.

    headline > dek > body > extra (tags, section, author names, byline, place)

Every article is indexed whatever its status, so the admin can find drafts;
readers' searches keep to live articles when they run (broadsheet.search.engines).
"""

import html
import re
from dataclasses import dataclass

from broadsheet.articles.models import Article, Byline
from broadsheet.search.query import normalise

# The engines mark matched words in snippets with these two characters (from
# Unicode's private use area), removed from indexed text so only a match has them.
MARK_START, MARK_END = "\ue000", "\ue001"
_TAG = re.compile(r"<[^>]*>")
_MARKS = str.maketrans({MARK_START: " ", MARK_END: " "})


@dataclass(frozen=True)
class Document:
    article_id: int
    headline: str
    dek: str
    body: str
    extra: str
    # Copied for the SQLite engine, which filters its matches on them before
    # reading any article (broadsheet.search.engines.sqlite).
    published_at: object = None
    status: str = ""
    section_id: int | None = None

    @property
    def text(self) -> str:
        """All four fields, for the vocabulary of spellings."""
        return " ".join((self.headline, self.dek, self.body, self.extra))


def plain_text(body_html: str) -> str:
    """The words of the rendered article, without markup or entities.

    The HTML is our own renderer's sanitised output, so a pattern is enough.

    >>> plain_text("<p>Peace &amp; <em>guarantees</em></p><ul><li>Aid</li></ul>")
    'Peace & guarantees Aid'
    """
    return " ".join(html.unescape(_TAG.sub(" ", body_html)).split())


def _indexable(text: str) -> str:
    """The text as the query parser reads a query (normalised), without marks."""
    return normalise(text).translate(_MARKS)


def documents_for(article_ids) -> list[Document]:
    """The documents of these articles (those that still exist), in three queries."""
    ids = list(article_ids)
    rows = Article.objects.filter(pk__in=ids).values_list(
        "pk",
        "headline",
        "dek",
        "body_html",
        "byline",
        "dateline_place",
        "section__name",
        "published_at",
        "status",
        "section_id",
    )
    tags, authors = {}, {}
    tagged = Article.tags.through.objects.filter(article_id__in=ids)
    for article_id, name in tagged.values_list("article_id", "tag__name"):
        tags.setdefault(article_id, []).append(name)
    bylines = Byline.objects.filter(article_id__in=ids).order_by("position", "pk")
    for article_id, name in bylines.values_list("article_id", "author__name"):
        authors.setdefault(article_id, []).append(name)
    documents = []
    for pk, headline, dek, body_html, byline, place, section, *live in rows:
        extra = [*tags.get(pk, ()), section, *authors.get(pk, ()), byline, place]
        documents.append(
            Document(
                pk,
                _indexable(headline),
                _indexable(dek),
                _indexable(plain_text(body_html)),
                _indexable(" ".join(part for part in extra if part)),
                *live,
            )
        )
    return documents
