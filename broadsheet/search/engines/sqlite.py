"""SQLite: an FTS5 table, one row an article (rowid = article id).

Ranking is bm25 with the fields weighted headline 10, dek 4, body 1, extra
0.5, divided by a recency factor that halves an article's score at one year.

The table also keeps each article's status, dateline and section (unindexed,
first, so reading them never walks a long body): the matches are filtered on
them without touching the articles table, whose rows carry the whole text.
Matches are read newest-written first and at most CANDIDATES are ranked, so a
word found in every article costs about what a rare one does; relevance is
decided among the newest 1,000 live matches (docs/search.md).
"""

from django.db import connection

from broadsheet.articles.models import Article
from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import live_conditions
from broadsheet.search.languages import fts5_tokenizer
from broadsheet.search.query import to_fts5

TABLE = "search_article_fts"
ARTICLES = Article._meta.db_table
RANK = f"bm25({TABLE}, 0, 0, 0, 10.0, 4.0, 1.0, 0.5)"
RECENCY = "(1.0 + max(0.0, julianday(%s) - julianday(m.published_at)) / 365.0)"
CANDIDATES = 1000
ORDERS = {
    "relevance": f"m.score / {RECENCY}, m.id DESC",
    "newest": "m.published_at DESC, m.id DESC",
}
BODY_COLUMN = 5


def create_table(cursor, tokenizer=None):
    tokenizer = tokenizer or fts5_tokenizer()
    cursor.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "published_at UNINDEXED, status UNINDEXED, section_id UNINDEXED, "
        f"headline, dek, body, extra, tokenize = '{tokenizer}')"
    )


def drop_table(cursor):
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class SQLiteIndex:
    TABLE = TABLE

    def write(self, documents):
        with connection.cursor() as cursor:
            self._delete(cursor, [document.article_id for document in documents])
            adapt = connection.ops.adapt_datetimefield_value
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

    def remove_orphans(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid NOT IN (SELECT id FROM {ARTICLES})"
            )

    def remove(self, article_ids):
        with connection.cursor() as cursor:
            self._delete(cursor, list(article_ids))

    def _delete(self, cursor, ids):
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", ids)

    def rebuild(self, batches):
        """Recreate the table (with today's tokenizer) and fill it from batches."""
        with connection.cursor() as cursor:
            drop_table(cursor)
            create_table(cursor)
        for documents in batches:
            self.write(documents)
            yield len(documents)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")

    def search(self, query, filters, *, order, offset, limit, now):
        conditions, params = live_conditions(filters, now, "", f"{TABLE}.rowid")
        sql = (
            f"SELECT m.id FROM (SELECT rowid AS id, published_at, {RANK} AS score "
            f"FROM {TABLE} WHERE {TABLE} MATCH %s AND {' AND '.join(conditions)} "
            f"ORDER BY rowid DESC LIMIT {CANDIDATES}) m "
            f"ORDER BY {ORDERS[order]} LIMIT %s OFFSET %s"
        )
        params = [_match(query), *params]
        if order == "relevance":
            params.append(connection.ops.adapt_datetimefield_value(now))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, query, article_ids):
        if not article_ids:
            return {}
        marks = ", ".join(["%s"] * len(article_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({TABLE}, {BODY_COLUMN}, %s, %s, '…', 30) "
                f"FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({marks})",
                [MARK_START, MARK_END, _match(query), *article_ids],
            )
            return dict(cursor.fetchall())

    def matching(self, query):
        """SQL selecting the ids of every indexed article matching, drafts too."""
        return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [_match(query)]


def _match(query):
    return to_fts5(query, stemmed="porter" in fts5_tokenizer())
