"""SQLite: an FTS5 table, one row an article (rowid = article id).

Ranking is bm25 with the fields weighted headline 10, dek 4, body 1, extra
0.5, divided by a recency factor that halves an article's score at one year.

The table also keeps each article's status, dateline and section (unindexed,
first, so reading them never walks a long body): the matches are filtered on
them without touching the articles table, whose rows carry the whole text.
Matches are read newest-written first and at most CANDIDATES are ranked, so a
word found in every article costs about what a rare one does; relevance is
decided among the newest 200 live matches (docs/search.md).
"""

import json

from django.db import connection

from broadsheet.db import aware
from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import (
    AUTHORS,
    BLOCK,
    BYLINES,
    Index,
    live_conditions,
)
from broadsheet.search.languages import fts5_tokenizer
from broadsheet.search.query import to_fts5

TABLE = "search_article_fts"
RANK = f"bm25({TABLE}, 0, 0, 0, 10.0, 4.0, 1.0, 0.5)"
RECENCY = "(1.0 + max(0.0, julianday(%s) - julianday(m.published_at)) / 365.0)"
ORDERS = {
    "relevance": f"{BLOCK}, m.score / {RECENCY}, m.id DESC",
    "newest": f"{BLOCK}, m.published_at DESC, m.id DESC",
}
BODY_COLUMN = 5


def create_table(cursor, tokenizer=None):
    tokenizer = tokenizer or fts5_tokenizer()
    cursor.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "published_at UNINDEXED, status UNINDEXED, section_id UNINDEXED, "
        f"headline, dek, body, extra, tokenize = '{tokenizer}', prefix = '3 4')"
    )


def drop_table(cursor):
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class SQLiteIndex(Index):
    TABLE, ID = TABLE, "rowid"
    reads_shown = True

    def _write(self, documents, words):
        self.remove(document.article_id for document in documents)
        self.add_words(words)
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, published_at, status, section_id, "
                "headline, dek, body, extra) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d.article_id,
                        adapt(d.published_at),
                        d.status,
                        d.section_id,
                        d.headline,
                        d.dek,
                        d.body,
                        d.extra,
                    )
                    for d in documents
                ],
            )

    def _empty(self):
        """Recreate the table, with today's tokenizer."""
        with connection.cursor() as cursor:
            drop_table(cursor)
            create_table(cursor)

    def _tidy(self):
        self._execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")

    def _search_sql(self, query, filters, *, order, now, candidates):
        conditions, params = live_conditions(filters, now, "", f"{TABLE}.rowid")
        sql = (
            f"SELECT m.id FROM (SELECT rowid AS id, published_at, "
            f"{RANK} AS score "
            f"FROM {TABLE} WHERE {TABLE} MATCH %s AND {' AND '.join(conditions)} "
            f"ORDER BY rowid DESC LIMIT {int(candidates)}) m "
            f"ORDER BY {ORDERS[order]}"
        )
        params = [_match(query), *params]
        if order == "relevance":
            params.append(connection.ops.adapt_datetimefield_value(now))
        return sql, params

    def search_shown(
        self, query, filters, *, order, offset, limit, now, shown=None, snippets=0
    ):
        """As PostgreSQL's (the rows of a results page, with what it shows of
        each article), in three plain statements: the search, the shown
        articles with their authors, their snippets. (SQLite has no round
        trip to save: what the ORM would cost is its own work, more than
        these statements' on a page of results.)"""
        ids = self.search(
            query, filters, order=order, offset=offset, limit=limit, now=now
        )
        if not ids or shown is None:
            return [(pk,) for pk in ids]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.id, {shown.columns}, (SELECT json_group_array("
                "json_array(b.position, b.id, u.id, u.name, u.slug)) "
                f"FROM {BYLINES} b JOIN {AUTHORS} u ON u.id = b.author_id "
                "WHERE b.article_id = p.id) "
                f"FROM (SELECT value AS id FROM json_each(%s)) p {shown.joins}",
                [json.dumps(ids)],
            )
            found = {row[0]: row for row in cursor.fetchall()}
        marked = self.snippets(query, ids[:snippets]) if snippets else {}
        return [
            (
                *map(aware, found[pk][:-1]),
                *_authors(found[pk][-1]),
                marked.get(pk),
            )
            for pk in ids
            if pk in found
        ]

    def snippets(self, query, article_ids):
        if not article_ids:
            return {}
        # One MATCH over the ids' range, the ids kept by `rowid + 0 IN`, which
        # FTS5 is not offered: with `rowid IN` it would run the whole MATCH
        # once an id, merging a prefix's word lists a dozen times over.
        marks = ", ".join(["%s"] * len(article_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({TABLE}, {BODY_COLUMN}, %s, %s, '…', 30) "
                f"FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s "
                f"AND rowid + 0 IN ({marks})",
                [
                    MARK_START,
                    MARK_END,
                    _match(query),
                    min(article_ids),
                    max(article_ids),
                    *article_ids,
                ],
            )
            return dict(cursor.fetchall())

    def matching(self, query):
        """SQL selecting the ids of every indexed article matching, drafts too."""
        return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [_match(query)]


def _authors(listed) -> tuple[list, list, list]:
    """Ids, names and slugs in byline order, from the JSON of a row's bylines
    ([position, byline id, author id, name, slug], in no particular order)."""
    bylines = sorted(json.loads(listed)) if listed else []
    return (
        [author_id for _, _, author_id, _, _ in bylines],
        [name for *_, name, _ in bylines],
        [slug for *_, slug in bylines],
    )


def _match(query):
    return to_fts5(query, stemmed="porter" in fts5_tokenizer())
