"""The two full-text engines behind one interface, chosen by the database.

    index = engine()                   # SQLite's FTS5 or PostgreSQL's tsvector
    index.write(documents_for([pk]))   # in the article's transaction
    ids = index.search(query, filters, order="relevance", offset=0, limit=13)
    marked = index.snippets(query, ids)    # {pk: text with MARK_START/MARK_END}
    rows = index.search_shown(…, shown=Shown(…), snippets=12)  # if reads_shown
    index.similar_words("peskof")      # ["peskov"]: spellings the index holds
    index.analyse()                    # after a bulk load (generate-data)

Both keep one row per article, drafts included; `search` keeps to live articles
at query time (status not draft, dateline passed), so a scheduled article is
found as soon as its time comes.

`Index` holds what the two share: the shape of a search (a bounded set of
candidates, then their order), rebuilding, orphans and the vocabulary of
words (broadsheet.search.models.Word). Each engine says only what differs:
its table, how it writes a document, and the SQL of its matches and snippets.
"""

import datetime
import difflib
from dataclasses import dataclass

from django.db import connection

from broadsheet.articles.models import Article, Author, Byline
from broadsheet.search.models import Word
from broadsheet.search.query import words_to_suggest

ARTICLES = Article._meta.db_table
WORDS = Word._meta.db_table
# The most live matches ranked for one query: how a word found in every
# article costs about what a rare one does (docs/search.md, "Speed").
CANDIDATES = 200
# Results are ordered block by block: the newest CANDIDATES matches, ordered,
# then the next CANDIDATES, ranked, and so on, so a page further on never
# repeats or skips what an earlier page showed. SQL ordering the candidates
# (`m`, the newest matches) by their block:
BLOCK = f"(row_number() OVER (ORDER BY m.id DESC) - 1) / {CANDIDATES}"
# How many spellings starting with the same letter and of about the same
# length are compared with a word that is not in the index.
SPELLINGS_COMPARED = 5000
# How alike (difflib's ratio, 0 to 1) a spelling must be to be suggested.
SPELLING_CUTOFF = 0.75


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    author_id: int | None = None
    since: datetime.datetime | None = None  # inclusive
    until: datetime.datetime | None = None  # exclusive


@dataclass(frozen=True)
class Shown:
    """What a results page shows of each article, for an engine that reads it
    with its search (`Index.search_shown`): SQL columns over the article's
    id, `p.id`, and the joins they need."""

    columns: str
    joins: str


BYLINES = Byline._meta.db_table
AUTHORS = Author._meta.db_table


def live_conditions(filters: Filters, now, prefix: str, article_id: str):
    """SQL conditions for what readers may find, on a table with the articles'
    status, published_at and section_id columns (named with `prefix`)."""
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


class Index:
    """What both engines share; a subclass names TABLE and ID (its article id
    column) and writes, matches and marks snippets in its own SQL."""

    TABLE = ID = ""
    # Whether the engine has `search_shown`: the rows of a results page, each
    # article's id, the Shown columns, its authors' ids, names and slugs in
    # byline order, and its snippet (results.find). Otherwise `search`, then
    # the articles and `snippets`.
    reads_shown = False

    def write(self, documents):
        """Store these documents (replacing their old rows) and their words."""
        self._write(documents, words_to_suggest(d.text for d in documents))

    def remove(self, article_ids):
        ids = list(article_ids)
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            self._execute(f"DELETE FROM {self.TABLE} WHERE {self.ID} IN ({marks})", ids)

    def remove_orphans(self):
        self._execute(
            f"DELETE FROM {self.TABLE} "
            f"WHERE {self.ID} NOT IN (SELECT id FROM {ARTICLES})"
        )

    def rebuild(self, batches):
        """Empty the index and its words, fill them from batches of documents
        (yielding each batch's size), then let the engine tidy up."""
        self._empty()
        self._execute(f"DELETE FROM {WORDS}")
        seen = set()
        for documents in batches:
            words = words_to_suggest(d.text for d in documents) - seen
            self._write(documents, words)
            seen |= words
            yield len(documents)
        self._tidy()

    def search(self, query, filters, *, order, offset, limit, now):
        """The ids of live articles matching, in this order, from offset.

        The candidates are the newest `candidates` live matches (fewer if
        there are fewer), ordered.
        """
        candidates = max(CANDIDATES, offset + limit)
        sql, params = self._search_sql(
            query, filters, order=order, now=now, candidates=candidates
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        return ids[offset : offset + limit]

    def add_words(self, words):
        if words:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {WORDS} (word) VALUES (%s) ON CONFLICT DO NOTHING",
                    [(word,) for word in sorted(words)],
                )

    def known_words(self, words) -> set[str]:
        """Those of these (folded) words that some indexed article contains."""
        words = list(words)
        if not words:
            return set()
        marks = ", ".join(["%s"] * len(words))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word FROM {WORDS} WHERE word IN ({marks})", words)
            return {row[0] for row in cursor.fetchall()}

    def similar_words(self, word: str) -> list[str]:
        """The index's spellings nearest this (folded) word, best first, at
        most three: read from a bounded set of candidates, so cheap whatever
        the vocabulary's size."""
        return difflib.get_close_matches(
            word, self._spellings_near(word), n=3, cutoff=SPELLING_CUTOFF
        )

    def _spellings_near(self, word: str) -> list[str]:
        """Words starting with the same letter, of a length within two."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM {WORDS} WHERE word >= %s AND word < %s "
                "AND length(word) BETWEEN %s AND %s LIMIT %s",
                [
                    word[0],
                    chr(ord(word[0]) + 1),
                    len(word) - 2,
                    len(word) + 2,
                    SPELLINGS_COMPARED,
                ],
            )
            return [row[0] for row in cursor.fetchall()]

    def analyse(self):
        """Refresh the statistics searches go by, after a bulk load."""

    def _execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def _write(self, documents, words):
        """Store these documents, replacing their rows, and add these words."""

    def _empty(self): ...

    def _tidy(self): ...

    def _search_sql(self, query, filters, *, order, now, candidates):
        """SQL selecting every ranked candidate's id, in order (at most
        `candidates` of them: few enough to read them all)."""


def engine() -> Index:
    """The index of the default database."""
    if connection.vendor == "postgresql":
        from broadsheet.search.engines.postgresql import PostgresIndex

        return PostgresIndex()
    from broadsheet.search.engines.sqlite import SQLiteIndex

    return SQLiteIndex()


def create_index(connection):
    """Create the default database's index tables (the app's first migration)."""
    _run_schema_step(connection, postgresql="create_schema", sqlite="create_table")


def drop_index(connection):
    _run_schema_step(connection, postgresql="drop_schema", sqlite="drop_table")


def postgresql_step(name: str):
    """A migration step calling broadsheet.search.engines.postgresql's `name`
    with a cursor on PostgreSQL, and doing nothing on SQLite."""

    def step(apps, schema_editor):
        _run_schema_step(schema_editor.connection, postgresql=name)

    return step


def _run_schema_step(connection, *, postgresql=None, sqlite=None):
    """Call the named function of this connection's engine module with a cursor."""
    if connection.vendor == "postgresql":
        from broadsheet.search.engines import postgresql as module

        name = postgresql
    else:
        from broadsheet.search.engines import sqlite as module

        name = sqlite
    if name:
        with connection.cursor() as cursor:
            getattr(module, name)(cursor)
