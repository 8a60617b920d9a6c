"""PostgreSQL: a table of tsvectors (one row an article) with a GIN index.

The reader's terms go to `websearch_to_tsquery` (prefixes to `to_tsquery`)
with the site language's configuration (broadsheet.search.languages). Text is
folded to unaccented letters in Python before it reaches either, so accents
are ignored whether or not the `unaccent` extension could be installed; with
it, highlighting also finds accented words. Ranking is ts_rank (weights A
headline, B dek, C body, D extra) divided by a recency factor that halves an
article's score at one year.
"""

from django.db import connection

from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import (
    ARTICLES,
    BLOCK,
    WORDS,
    Index,
    live_conditions,
)
from broadsheet.search.languages import POSTGRES_CONFIGURATIONS, postgres_configuration
from broadsheet.search.query import fold_accents, to_prefix_tsquery, to_websearch

TABLE = "search_article_document"
# to_tsvector refuses a text whose lexemes pass 1 MB; no article comes close.
MAX_BODY_CHARS = 200_000
RECENCY = (
    "(1.0 + greatest(0.0, extract(epoch FROM (%s - m.published_at))) / 31557600.0)"
)
ORDERS = {
    "relevance": f"{BLOCK}, ts_rank(m.document, q.query) / {RECENCY} DESC, m.id DESC",
    "newest": f"{BLOCK}, m.published_at DESC, m.id DESC",
}
# How many of the newest rows a search walks before it asks the GIN index.
RECENT = 2000
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=35, MinWords=15, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def create_schema(cursor):
    """The table, its GIN index, and a text search configuration per language."""
    cursor.execute(
        f"CREATE TABLE {TABLE} (article_id bigint PRIMARY KEY, "
        "document tsvector NOT NULL, body_text text NOT NULL)"
    )
    _create_gin_index(cursor)
    add_live_columns(cursor)
    has_unaccent = _install_unaccent(cursor)
    for language in {*POSTGRES_CONFIGURATIONS.values(), "simple"}:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [language])
        if cursor.fetchone() is None:
            continue  # a language this server was built without
        name = f"broadsheet_{language}"
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language})")
        if has_unaccent:
            stemmer = "simple" if language == "simple" else f"{language}_stem"
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
                f"hword, hword_part, word WITH unaccent, {stemmer}"
            )


def _create_gin_index(cursor):
    cursor.execute(f"CREATE INDEX {TABLE}_gin ON {TABLE} USING gin (document)")


def add_live_columns(cursor):
    """Copy each article's status, dateline and section into its row (as the
    SQLite table does), so finding live matches never reads the articles
    table, whose rows carry the whole text (migration 0003 for older sites)."""
    cursor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS published_at timestamptz, "
        "ADD COLUMN IF NOT EXISTS status varchar(20) NOT NULL DEFAULT '', "
        "ADD COLUMN IF NOT EXISTS section_id bigint"
    )
    # Narrow rows: the two long columns are kept out of line, so the GIN
    # index's matches are read from a table of about 25 MB for 100,000
    # articles rather than 300 MB (applies to rows written from now on:
    # `broadsheet reindex` rewrites them all).
    cursor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")
    cursor.execute(
        f"UPDATE {TABLE} d SET published_at = a.published_at, status = a.status, "
        f"section_id = a.section_id FROM {ARTICLES} a WHERE a.id = d.article_id"
    )


def _install_unaccent(cursor) -> bool:
    return _install_extension(cursor, "unaccent")


def create_trigram_index(cursor):
    """A trigram index on the words, for spelling suggestions, if pg_trgm
    can be installed; without it the words are compared in Python."""
    if _install_extension(cursor, "pg_trgm"):
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {WORDS}_trgm ON {WORDS} "
            "USING gin (word gin_trgm_ops)"
        )


def _install_extension(cursor, name) -> bool:
    """Install an extension if this role may; a managed server may refuse."""
    cursor.execute("SAVEPOINT search_extension")
    try:
        cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    except Exception:
        cursor.execute("ROLLBACK TO SAVEPOINT search_extension")
        return False
    cursor.execute("RELEASE SAVEPOINT search_extension")
    return True


def drop_schema(cursor):
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    for language in {*POSTGRES_CONFIGURATIONS.values(), "simple"}:
        cursor.execute(
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS broadsheet_{language}"
        )


def _tsquery(query) -> tuple[str, list]:
    """A tsquery expression for the reader's query, and its parameters."""
    config = postgres_configuration()
    parts, params = [], []
    websearch, prefixes = to_websearch(query), to_prefix_tsquery(query)
    if websearch:
        parts.append("websearch_to_tsquery(%s::regconfig, %s)")
        params += [config, websearch]
    if prefixes:
        parts.append("to_tsquery(%s::regconfig, %s)")
        params += [config, prefixes]
    return " && ".join(parts), params


def _has_trigrams() -> bool:
    """Whether pg_trgm is installed in this database (asked once a connection)."""
    known = getattr(connection, "_search_has_trigrams", None)
    if known is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            known = connection._search_has_trigrams = cursor.fetchone() is not None
    return known


class PostgresIndex(Index):
    TABLE, ID = TABLE, "article_id"
    TIERS = ("recent", "all")

    def _write(self, documents):
        config = postgres_configuration()
        vector = " || ".join(
            f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')"
            for weight in "ABCD"
        )
        rows = []
        for d in documents:
            body = d.body[:MAX_BODY_CHARS]
            fields = (d.headline, d.dek, body, d.extra)
            rows.append(
                [d.article_id]
                + [value for text in fields for value in (config, fold_accents(text))]
                + [body, d.published_at, d.status, d.section_id]
            )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, document, body_text, "
                f"published_at, status, section_id) VALUES (%s, {vector}, %s, %s, "
                "%s, %s) ON CONFLICT (article_id) DO UPDATE SET "
                "document = EXCLUDED.document, body_text = EXCLUDED.body_text, "
                "published_at = EXCLUDED.published_at, status = EXCLUDED.status, "
                "section_id = EXCLUDED.section_id",
                rows,
            )

    def add_words(self, words):
        # One statement, not a round trip a word.
        if words:
            self._execute(
                f"INSERT INTO {WORDS} (word) SELECT unnest(%s::text[]) "
                "ON CONFLICT DO NOTHING",
                [sorted(words)],
            )

    def _spellings_near(self, word):
        if not _has_trigrams():
            return super()._spellings_near(word)
        with connection.cursor() as cursor:
            # `%` is pg_trgm's "similar enough" operator, served by the GIN index.
            cursor.execute(
                f"SELECT word FROM {WORDS} WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 20",
                [word, word],
            )
            return [row[0] for row in cursor.fetchall()]

    def _empty(self):
        # Filled without its GIN index, which is built once at the end: faster
        # than 100,000 insertions, and leaves no pending list to scan.
        self._execute(f"TRUNCATE {TABLE}")
        self._execute(f"DROP INDEX {TABLE}_gin")

    def _tidy(self):
        with connection.cursor() as cursor:
            _create_gin_index(cursor)
        # Fresh statistics: the planner picks between walking the newest
        # articles and the GIN index by how common a word is.
        self._execute(f"ANALYZE {TABLE}")
        self._execute(f"ANALYZE {WORDS}")

    def _search_sql(self, query, filters, *, order, now, candidates, tier):
        # As on SQLite, at most `candidates` live matches, the newest written,
        # are ranked. They are looked for first by walking the RECENT newest
        # rows (enough for a common word, stopping as soon as they are found),
        # then, if that found too few, through the GIN index alone: `+ 0`
        # keeps the planner from walking the whole table in id order, testing
        # each document, when a word is rare or absent.
        tsquery, query_params = _tsquery(query)
        conditions, condition_params = live_conditions(
            filters, now, "d.", "d.article_id"
        )
        if tier == "recent":
            rows = f"(SELECT * FROM {TABLE} ORDER BY article_id DESC LIMIT {RECENT}) d"
            newest = "d.article_id DESC"
        else:
            rows, newest = f"{TABLE} d", "d.article_id + 0 DESC"
        sql = (
            f"SELECT m.id FROM (SELECT d.article_id AS id, "
            f"d.published_at, d.document FROM {rows} "
            f"WHERE {' AND '.join(conditions)} AND d.document @@ ({tsquery}) "
            f"ORDER BY {newest} LIMIT {int(candidates)}) m "
            f"CROSS JOIN (SELECT {tsquery} AS query) q "
            f"ORDER BY {ORDERS[order]}"
        )
        params = [*condition_params, *query_params, *query_params]
        params += [now] if order == "relevance" else []
        return sql, params

    def snippets(self, query, article_ids):
        if not article_ids:
            return {}
        tsquery, params = _tsquery(query)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.article_id, ts_headline(%s::regconfig, d.body_text, "
                f"q.query, %s) FROM {TABLE} d CROSS JOIN (SELECT {tsquery} AS query) q "
                "WHERE d.article_id = ANY(%s)",
                [
                    postgres_configuration(),
                    HEADLINE_OPTIONS,
                    *params,
                    list(article_ids),
                ],
            )
            return dict(cursor.fetchall())

    def matching(self, query):
        """SQL selecting the ids of every indexed article matching, drafts too."""
        tsquery, params = _tsquery(query)
        return f"SELECT article_id FROM {TABLE} WHERE document @@ ({tsquery})", params
