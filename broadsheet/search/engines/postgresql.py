"""PostgreSQL: a table of tsvectors (one row an article) with a GIN index.

The reader's terms go to `websearch_to_tsquery` (prefixes to `to_tsquery`)
with the site language's configuration (broadsheet.search.languages). Text is
folded to unaccented letters in Python before it reaches either, so accents
are ignored whether or not the `unaccent` extension could be installed; with
it, highlighting also finds accented words. Ranking is ts_rank (weights A
headline, B dek, C body, D extra) divided by a recency factor that halves an
article's score at one year.
"""

import contextlib
import re
import time

from django.db import connection

from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import (
    ARTICLES,
    BLOCK,
    CANDIDATES,
    WORDS,
    Filters,
    Index,
    live_conditions,
)
from broadsheet.search.languages import POSTGRES_CONFIGURATIONS, postgres_configuration
from broadsheet.search.query import (
    ReaderQuery,
    fold_accents,
    to_prefix_tsquery,
    to_websearch,
)

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
# The walk is tried first only for words so common that the newest RECENT
# rows should hold the candidates: their share of documents, by the column's
# statistics (a filter is taken to keep FILTERED_SHARE of them).
FILTERED_SHARE = 1 / 3
STATISTICS_SECONDS = 60
_LEXEME = re.compile(r"(!?)'((?:[^']|'')*)'(:\*)?")
# Documents in, replacing their rows, with the new words (a parameter each:
# the words, the configuration, then one array a column).
WRITE = f"""
WITH words AS (
    INSERT INTO {WORDS} (word) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING
), config AS (SELECT %s::regconfig AS name)
INSERT INTO {TABLE} (article_id, document, body_text, published_at, status, section_id)
SELECT r.id,
    setweight(to_tsvector(config.name, r.headline), 'A')
    || setweight(to_tsvector(config.name, r.dek), 'B')
    || setweight(to_tsvector(config.name, coalesce(r.folded, r.body)), 'C')
    || setweight(to_tsvector(config.name, r.extra), 'D'),
    r.body, r.published_at, r.status, r.section_id
FROM config, unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[],
    %s::text[], %s::timestamptz[], %s::text[], %s::bigint[])
    AS r(id, headline, dek, folded, extra, body, published_at, status, section_id)
ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document,
    body_text = EXCLUDED.body_text, published_at = EXCLUDED.published_at,
    status = EXCLUDED.status, section_id = EXCLUDED.section_id
"""
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


def _coarse_tsquery(query) -> tuple[str, list]:
    """A tsquery every match of the query also matches, that the GIN index
    answers exactly, without reading documents: the wanted words, each on its
    own (no phrases), exclusions left out."""
    config = postgres_configuration()
    parts, params = [], []
    words = [
        '"' + fold_accents(word) + '"'
        for term in query.wanted
        if not term.is_prefix
        for word in term.words
    ]
    if words:
        parts.append("websearch_to_tsquery(%s::regconfig, %s)")
        params += [config, " ".join(words)]
    prefixes = to_prefix_tsquery(ReaderQuery("", tuple(query.wanted)))
    if prefixes:
        parts.append("to_tsquery(%s::regconfig, %s)")
        params += [config, prefixes.replace(" <-> ", " & ")]
    return " && ".join(parts), params


def _has_phrase(query) -> bool:
    return any(len(term.words) > 1 for term in query.wanted)


_statistics = {}


def _lexeme_shares() -> dict[str, float] | None:
    """The share of documents holding each of the commonest lexemes, from the
    planner's statistics of the column (read again every few minutes), or
    None before the table was first analysed."""
    kept = _statistics.get(connection.alias)
    if kept and time.monotonic() - kept[0] < STATISTICS_SECONDS:
        return kept[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs "
            "FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = %s AND attname = 'document'",
            [TABLE],
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        shares = None
    else:  # the shares end with three more figures: lowest, highest, nulls
        shares = dict(zip(row[0], row[1][: len(row[0])], strict=True))
    _statistics[connection.alias] = (time.monotonic(), shares)
    return shares


def is_common(tree: str, shares: dict[str, float], filters) -> bool:
    """Whether the newest RECENT rows likely hold the CANDIDATES matches of
    a query (its `querytree`), judged by its rarest wanted lexeme's share of
    documents (a lexeme outside the statistics' commonest is rare). A wrong
    guess costs time, never results: both ways find the same candidates."""
    wanted = []
    for excluded, lexeme, prefix in _LEXEME.findall(tree):
        lexeme = lexeme.replace("''", "'")
        if excluded:
            continue
        if prefix:
            share = sum(f for word, f in shares.items() if word.startswith(lexeme))
        else:
            share = shares.get(lexeme, 0.0)
        wanted.append(min(share, 1.0))
    if not wanted:
        return True
    share = min(wanted) * (FILTERED_SHARE if filters != Filters() else 1.0)
    return RECENT * share >= CANDIDATES


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

    def _write(self, documents, words):
        # One statement, whatever the number of documents: their fields go as
        # arrays (a body with no accent once, as it is also its folded text),
        # the tsvectors are computed by the server, and the new words go in
        # from the same statement.
        columns = [[] for _ in range(9)]
        for d in documents:
            body = d.body[:MAX_BODY_CHARS]
            folded = fold_accents(body)
            row = (
                d.article_id,
                fold_accents(d.headline),
                fold_accents(d.dek),
                None if folded == body else folded,
                fold_accents(d.extra),
                body,
                d.published_at,
                d.status,
                d.section_id,
            )
            for column, value in zip(columns, row, strict=True):
                column.append(value)
        with connection.cursor() as cursor:
            cursor.execute(WRITE, [sorted(words), postgres_configuration(), *columns])

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
        self.analyse()

    def analyse(self):
        # Fresh statistics: a search picks between walking the newest
        # articles and the GIN index by how common a word is.
        self._execute(f"ANALYZE {TABLE}")
        self._execute(f"ANALYZE {WORDS}")
        _statistics.clear()

    @contextlib.contextmanager
    def _planned(self, query, filters):
        # Before the table is first analysed the planner goes by defaults, and
        # both tiers are tried in turn, as they always give the right answer.
        shares = _lexeme_shares()
        if shares is None:
            yield self.TIERS
            return
        # Once it is analysed, the planner finds a scan of all 100,000 rows,
        # testing each document, cheaper than the GIN index (0.3 s against
        # 5 ms for a word in 4% of articles): testing means reading the
        # document from the TOAST table, which it does not count. Sequential
        # scans are therefore off for the search's statements, and only for
        # them: the setting is put back after them (in a transaction, it is
        # also local to it, so a rollback puts it back too). The same
        # statement tells which lexemes the query holds, to skip the walk for
        # a word that is not common, which would read 2,000 documents for
        # nothing.
        local = "true" if connection.in_atomic_block else "false"
        tsquery, params = _tsquery(query)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), "
                f"set_config('enable_seqscan', 'off', {local}), querytree({tsquery})",
                params,
            )
            ((before, _, tree),) = cursor.fetchall()
            done = False
            try:
                yield self.TIERS if is_common(tree, shares, filters) else ("all",)
                done = True
            finally:
                # After an error in a transaction, its rollback puts it back.
                if done or local == "false":
                    cursor.execute(
                        f"SELECT set_config('enable_seqscan', %s, {local})", [before]
                    )

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
        matches = (
            f"SELECT d.article_id AS id, d.published_at, d.document FROM {rows} "
            f"WHERE {' AND '.join(conditions)} AND d.document @@ ({tsquery}) "
            f"ORDER BY {newest} LIMIT {int(candidates)}"
        )
        params = [*condition_params, *query_params]
        if tier == "all" and _has_phrase(query):
            # A phrase needs its words' positions, which only the document
            # holds: rather than reading the document of every row with the
            # words (thousands), the rows with the words come from the index
            # alone, newest first, and documents are read, in that order,
            # only until enough hold the phrase. (OFFSET 0 keeps the planner
            # from testing the phrase inside the index scan.)
            coarse, coarse_params = _coarse_tsquery(query)
            matches = (
                f"SELECT w.id, w.published_at, w.document FROM (SELECT "
                f"{newest.removesuffix(' DESC')} AS id, d.published_at, d.document "
                f"FROM {TABLE} d WHERE {' AND '.join(conditions)} "
                f"AND d.document @@ ({coarse}) ORDER BY id DESC OFFSET 0) w "
                f"WHERE w.document @@ ({tsquery}) "
                f"ORDER BY w.id DESC LIMIT {int(candidates)}"
            )
            params = [*condition_params, *coarse_params, *query_params]
        sql = (
            f"SELECT m.id FROM ({matches}) m "
            f"CROSS JOIN (SELECT {tsquery} AS query) q "
            f"ORDER BY {ORDERS[order]}"
        )
        params += query_params
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
