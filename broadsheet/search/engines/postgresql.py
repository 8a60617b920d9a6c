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

from broadsheet.articles.models import Article
from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import live_conditions
from broadsheet.search.languages import POSTGRES_CONFIGURATIONS, postgres_configuration
from broadsheet.search.query import fold_accents, to_prefix_tsquery, to_websearch

TABLE = "search_article_document"
ARTICLES = Article._meta.db_table
# to_tsvector refuses a text whose lexemes pass 1 MB; no article comes close.
MAX_BODY_CHARS = 200_000
RECENCY = (
    "(1.0 + greatest(0.0, extract(epoch FROM (%s - m.published_at))) / 31557600.0)"
)
ORDERS = {
    "relevance": f"ts_rank(m.document, q.query) / {RECENCY} DESC, m.id DESC",
    "newest": "m.published_at DESC, m.id DESC",
}
CANDIDATES = 1000
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
    """Install unaccent if this role may; a managed server may refuse."""
    cursor.execute("SAVEPOINT search_unaccent")
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:
        cursor.execute("ROLLBACK TO SAVEPOINT search_unaccent")
        return False
    cursor.execute("RELEASE SAVEPOINT search_unaccent")
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


class PostgresIndex:
    TABLE = TABLE

    def write(self, documents):
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

    def remove_orphans(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} "
                f"WHERE article_id NOT IN (SELECT id FROM {ARTICLES})"
            )

    def remove(self, article_ids):
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [list(article_ids)]
            )

    def rebuild(self, batches):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}")
        for documents in batches:
            self.write(documents)
            yield len(documents)
        with connection.cursor() as cursor:
            # Fresh statistics: the planner picks between walking the newest
            # articles and the GIN index by how common a word is.
            cursor.execute(f"ANALYZE {TABLE}")

    def search(self, query, filters, *, order, offset, limit, now):
        # As on SQLite: at most CANDIDATES live matches, the newest written,
        # are ranked, so a word in every article costs what a rare one does.
        tsquery, query_params = _tsquery(query)
        conditions, condition_params = live_conditions(filters, now)
        sql = (
            f"SELECT m.id FROM (SELECT a.id, a.published_at, d.document "
            f"FROM {TABLE} d JOIN {ARTICLES} a ON a.id = d.article_id "
            f"WHERE d.document @@ ({tsquery}) AND {' AND '.join(conditions)} "
            f"ORDER BY d.article_id DESC LIMIT {CANDIDATES}) m "
            f"CROSS JOIN (SELECT {tsquery} AS query) q "
            f"ORDER BY {ORDERS[order]} LIMIT %s OFFSET %s"
        )
        params = [*query_params, *condition_params, *query_params]
        params += [now] if order == "relevance" else []
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

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
