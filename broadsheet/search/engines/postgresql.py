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
    CANDIDATES,
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
    "relevance": f"ts_rank(m.document, q.query) / {RECENCY} DESC, m.id DESC",
    "newest": "m.published_at DESC, m.id DESC",
}
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
    cursor.execute(f"CREATE INDEX {TABLE}_gin ON {TABLE} USING gin (document)")
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


class PostgresIndex(Index):
    TABLE, ID = TABLE, "article_id"

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
                + [body]
            )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, document, body_text) "
                f"VALUES (%s, {vector}, %s) ON CONFLICT (article_id) DO UPDATE "
                "SET document = EXCLUDED.document, body_text = EXCLUDED.body_text",
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
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone() is None:
                return super()._spellings_near(word)
            # `%` is pg_trgm's "similar enough" operator, served by the GIN index.
            cursor.execute(
                f"SELECT word FROM {WORDS} WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 20",
                [word, word],
            )
            return [row[0] for row in cursor.fetchall()]

    def _empty(self):
        self._execute(f"TRUNCATE {TABLE}")

    def _tidy(self):
        # Fresh statistics: the planner picks between walking the newest
        # articles and the GIN index by how common a word is.
        self._execute(f"ANALYZE {TABLE}")
        self._execute(f"ANALYZE {WORDS}")

    def _search_sql(self, query, filters, *, order, now):
        # As on SQLite: at most CANDIDATES live matches, the newest written,
        # are ranked, so a word in every article costs what a rare one does.
        tsquery, query_params = _tsquery(query)
        conditions, condition_params = live_conditions(filters, now, "a.", "a.id")
        sql = (
            f"SELECT m.id FROM (SELECT a.id, a.published_at, d.document "
            f"FROM {TABLE} d JOIN {ARTICLES} a ON a.id = d.article_id "
            f"WHERE d.document @@ ({tsquery}) AND {' AND '.join(conditions)} "
            f"ORDER BY d.article_id DESC LIMIT {CANDIDATES}) m "
            f"CROSS JOIN (SELECT {tsquery} AS query) q "
            f"ORDER BY {ORDERS[order]}"
        )
        params = [*query_params, *condition_params, *query_params]
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
