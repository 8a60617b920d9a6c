"""The two full-text engines behind one interface, chosen by the database.

    index = engine()                   # SQLite's FTS5 or PostgreSQL's tsvector
    index.write(documents_for([pk]))   # in the article's transaction
    ids = index.search(query, filters, order="relevance", offset=0, limit=13)
    marked = index.snippets(query, ids)    # {pk: text with MARK_START/MARK_END}

Both keep one row per article, drafts included; `search` joins it with the
articles table and keeps to live articles at query time (status not draft,
dateline passed), so a scheduled article is found as soon as its time comes.
"""

import datetime
from dataclasses import dataclass

from django.db import connection

from broadsheet.articles.models import Article, Byline


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    author_id: int | None = None
    since: datetime.datetime | None = None  # inclusive
    until: datetime.datetime | None = None  # exclusive


def live_conditions(
    filters: Filters, now, prefix: str = "a.", article_id: str = "a.id"
) -> tuple[list[str], list]:
    """SQL conditions for what readers may find, on a table with the articles'
    status, published_at and section_id columns (the articles table as `a`)."""
    adapt = connection.ops.adapt_datetimefield_value
    conditions = [f"{prefix}status <> %s", f"{prefix}published_at <= %s"]
    params = [Article.Status.DRAFT, adapt(now)]
    if filters.section_id is not None:
        conditions.append(f"{prefix}section_id = %s")
        params.append(filters.section_id)
    if filters.author_id is not None:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {Byline._meta.db_table} b "
            f"WHERE b.article_id = {article_id} AND b.author_id = %s)"
        )
        params.append(filters.author_id)
    if filters.since is not None:
        conditions.append(f"{prefix}published_at >= %s")
        params.append(adapt(filters.since))
    if filters.until is not None:
        conditions.append(f"{prefix}published_at < %s")
        params.append(adapt(filters.until))
    return conditions, params


def engine():
    """The index of the default database."""
    if connection.vendor == "postgresql":
        from broadsheet.search.engines.postgresql import PostgresIndex

        return PostgresIndex()
    from broadsheet.search.engines.sqlite import SQLiteIndex

    return SQLiteIndex()
