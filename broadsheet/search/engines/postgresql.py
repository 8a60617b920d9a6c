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
import math
import re
import time
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import (
    ARTICLES,
    AUTHORS,
    BLOCK,
    BYLINES,
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
# What orders the candidates within their block (BLOCK), highest first, then
# the newest id.
ORDER_KEYS = {
    "relevance": f"ts_rank(m.document, q.query) / {RECENCY}",
    "newest": "m.published_at",
}
# How many of the newest rows a search walks before it asks the GIN index.
RECENT = 2000
# The walk is tried first only for words so common that the newest RECENT
# rows should hold the candidates: their share of documents, by the column's
# statistics (a filter is taken to keep FILTERED_SHARE of them).
FILTERED_SHARE = 1 / 3
# A word too rare for the walk, but among the statistics' commonest, is looked
# for first among the newest rows expected to hold this many times the
# candidates (the GIN index's matches ANDed with that span of ids).
SPAN_MARGIN = 2
STATISTICS_SECONDS = 60
# A result's authors in byline order, as three arrays (w.ids, w.names, w.slugs),
# joined to the article `a` of results.shown_sql.
_BYLINE_ORDER = "ORDER BY b.position, b.id"
AUTHORS_IN_ORDER = (
    f"CROSS JOIN LATERAL (SELECT array_agg(u.id {_BYLINE_ORDER}) AS ids, "
    f"array_agg(u.name {_BYLINE_ORDER}) AS names, "
    f"array_agg(u.slug {_BYLINE_ORDER}) AS slugs "
    f"FROM {BYLINES} b JOIN {AUTHORS} u ON u.id = b.author_id "
    "WHERE b.article_id = a.id) w"
)
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
# ts_headline parses and stems all the text it is given (0.1 ms a 1,000
# characters): a longer body is given as this many characters from a little
# before the first of the query's words it holds (room for its other words,
# which an AND of them needs in the window for the snippet to mark any: a
# window of 1,200 lost words 1,000 apart).
SNIPPET_CHARS = 2000
SNIPPET_LEAD = 200


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


def _headline(body: str) -> str:
    """SQL of the marked snippet of `body` (a column) for the query `q.query`:
    ts_headline of the whole body if it is short, else of SNIPPET_CHARS
    characters from SNIPPET_LEAD before the first place one of the query's
    lexemes is found (a stem begins the words it stands for: "negoti" in
    "negotiations"; from the start when none is), cut at whole words: at
    spaces, and at the end only short of the body's end (a match may be its
    last word)."""
    at = (
        f"(SELECT min(nullif(strpos(lower({body}), l.m[1]), 0)) AS at FROM "
        "regexp_matches(querytree(q.query), $r$'([^']+)'$r$, 'g') AS l(m)) f"
    )
    placed = f"f.at > {SNIPPET_LEAD + 1}"
    start = f"CASE WHEN {placed} THEN f.at - {SNIPPET_LEAD} ELSE 1 END"
    window = (
        f"(SELECT CASE WHEN length({body}) <= {SNIPPET_CHARS} THEN {body} "
        "WHEN w.ends THEN w.text "
        "ELSE left(w.text, length(w.text) - strpos(reverse(w.text), ' ')) END "
        f"FROM {at} CROSS JOIN LATERAL (SELECT CASE WHEN {placed} "
        "THEN substr(s.text, strpos(s.text, ' ') + 1) ELSE s.text END AS text, "
        f"s.ends FROM (SELECT substr({body}, {start}, {SNIPPET_CHARS}) AS text, "
        f"{start} + {SNIPPET_CHARS} > length({body}) AS ends) s) w)"
    )
    return f"ts_headline(%s::regconfig, {window}, q.query, %s)"


def _has_phrase(query) -> bool:
    return any(len(term.words) > 1 for term in query.wanted)


@dataclass(frozen=True)
class Statistics:
    """What a search's plan is chosen by: the share of documents holding each
    of the commonest lexemes (the planner's statistics of the column), the
    newest article id and the number of rows."""

    shares: dict[str, float]
    newest: int
    rows: int


_statistics = {}


def _index_statistics() -> Statistics | None:
    """The index's statistics (read again every minute), or None before the
    table was first analysed."""
    kept = _statistics.get(connection.alias)
    if kept and time.monotonic() - kept[0] < STATISTICS_SECONDS:
        return kept[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs, "
            f"(SELECT max(article_id) FROM {TABLE}), "
            f"(SELECT reltuples FROM pg_class WHERE oid = '{TABLE}'::regclass) "
            "FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = %s AND attname = 'document'",
            [TABLE],
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        statistics = None
    else:  # the shares end with three more figures: lowest, highest, nulls
        shares = dict(zip(row[0], row[1][: len(row[0])], strict=True))
        statistics = Statistics(shares, row[2] or 0, int(row[3]))
    _statistics[connection.alias] = (time.monotonic(), statistics)
    return statistics


def wanted_shares(tree: str, shares: dict[str, float]) -> list[float]:
    """The share of documents holding each wanted lexeme of a query (its
    `querytree`); a lexeme outside the statistics' commonest counts as 0."""
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
    return wanted


def tiers_for(tree: str, statistics: Statistics, filters) -> tuple:
    """Where to look for a query's candidates, each tier asked only if those
    before it found too few: the newest RECENT rows walked, when the rarest
    wanted lexeme is common enough for them to hold the CANDIDATES; else,
    when the wanted lexemes are in the statistics, the ids above the returned
    number (a span of the newest expected to hold the candidates SPAN_MARGIN
    times over, taking the lexemes as independent); last, every row. A wrong
    guess costs time, never results: every tier that finds enough finds the
    same candidates.

    >>> shares = {"budget": 0.9, "harpsichord": 0.05, "cycl": 0.03, "lane": 0.03}
    >>> known = Statistics(shares, newest=100_000, rows=100_000)
    >>> tiers_for("'budget'", known, Filters())
    ('recent', 'all')
    >>> tiers_for("'harpsichord' & 'budget'", known, Filters())
    (91111, 'all')
    >>> tiers_for("'harpsichord'", known, Filters(section_id=1))
    (76000, 'all')
    >>> tiers_for("'cycl' <-> 'lane'", known, Filters())
    ('all',)
    >>> tiers_for("'zeppelin'", known, Filters())
    ('all',)
    """
    shares = wanted_shares(tree, statistics.shares) or [1.0]
    kept = FILTERED_SHARE if filters != Filters() else 1.0
    if RECENT * min(shares) * kept >= CANDIDATES:
        return ("recent", "all")
    share = math.prod(shares) * kept
    if share > 0:
        span = math.ceil(SPAN_MARGIN * CANDIDATES / share)
        if span < statistics.rows / 2:
            return (statistics.newest - span, "all")
    return ("all",)


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
    reads_shown = True

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
        # articles and the GIN index by how common a word is. A bulk load
        # also leaves its documents in the GIN index's pending list, which
        # every search reads through until (auto)vacuum empties it: 1 ms a
        # search after `generate-data` (docs/search.md).
        self._execute(f"ANALYZE {TABLE}")
        self._execute(f"ANALYZE {WORDS}")
        try:
            with transaction.atomic():
                self._execute(f"SELECT gin_clean_pending_list('{TABLE}_gin')")
        except DatabaseError:
            pass  # a role that does not own the index: autovacuum will do it
        _statistics.clear()

    def search(self, query, filters, *, order, offset, limit, now):
        rows = self.search_shown(
            query, filters, order=order, offset=offset, limit=limit, now=now
        )
        return [row[0] for row in rows]

    def search_shown(
        self, query, filters, *, order, offset, limit, now, shown=None, snippets=0
    ):
        """The rows of the live articles matching, in order from offset: each
        article's id, then `shown`'s columns (a Shown: SQL over the article
        id `p.id`), then, for the first `snippets` rows, the marked snippet.

        One statement finds the candidates (in tiers, each asked only if those
        before it found too few), orders them, and reads what is shown of the
        page's rows; with the planner's settings it steers by, it is sent in
        one round trip, after the one that reads the query's lexemes.
        """
        candidates = max(CANDIDATES, offset + limit)
        statistics = _index_statistics()
        if statistics is None:
            # Before the table is first analysed the planner goes by defaults,
            # and both tiers are tried in turn, as they always give the right
            # answer.
            tiers, settings, before = ("recent", "all"), {}, {}
        else:
            tiers, settings, before = self._plan(query, filters, statistics)
        sql, params = self._statement(
            query,
            filters,
            order=order,
            now=now,
            candidates=candidates,
            tiers=tiers,
            rows=(offset, limit),
            shown=shown,
            snippets=snippets,
        )
        return _planned_rows(sql, params, settings, before, first_page=offset == 0)

    def _plan(self, query, filters, statistics):
        """The tiers to look for this query's candidates in, the planner
        settings for its statement, and those settings' values before."""
        # Once the table is analysed, the planner finds a scan of all 100,000
        # rows, testing each document, cheaper than the GIN index (0.3 s
        # against 5 ms for a word in 4% of articles): testing means reading
        # the document from the TOAST table, which it does not count.
        # Sequential scans are therefore off for the search's statement, and
        # so are plain index scans when it looks among a span of the newest
        # ids: the planner would otherwise walk the primary key over the span,
        # testing each document, rather than AND the GIN index's matches with
        # the span (23 ms against 1 ms for a word in 5% of articles). Just-in-
        # time compilation is off too: a plan costed with a disabled scan in it
        # looks expensive enough to compile (70 ms). And the joins that read
        # what a page shows are planned in the order written (the page's
        # rows first), which halves the planning of the statement (0.7 to
        # 0.45 ms). The settings are local to the statement's transaction
        # (_planned_rows). With prepared statements (DATABASE_PREPARED_STATEMENTS)
        # the statement's generic plan is kept and used for any words: with
        # these settings and the tiers written into the statement, the words
        # choose no part of the plan (the bench's 200 queries: none slower,
        # a millisecond saved at the median, docs/search.md). A text is always
        # planned under the same settings (the tiers that decide
        # enable_indexscan are in it), and an ANALYZE, which changes the
        # statistics the settings come from, discards kept plans.
        tsquery, params = _tsquery(query)
        settings = {
            "enable_seqscan": "off",
            "jit": "off",
            "join_collapse_limit": "1",
            "from_collapse_limit": "1",
            "plan_cache_mode": "force_generic_plan",
        }
        names = (*settings, "enable_indexscan")
        current = ", ".join(f"current_setting('{name}')" for name in names)
        with connection.cursor() as cursor, _prepared_at_once():
            cursor.execute(f"SELECT querytree({tsquery}), {current}", params)
            tree, *values = cursor.fetchone()
        before = dict(zip(names, values, strict=True))
        tiers = tiers_for(tree, statistics, filters)
        if "recent" not in tiers:
            settings["enable_indexscan"] = "off"
        return tiers, settings, before

    def _statement(
        self, query, filters, *, order, now, candidates, tiers, rows, shown, snippets
    ):
        """SQL of a search (search_shown) and its parameters."""
        tsquery, query_params = _tsquery(query)
        ctes = [f"q AS MATERIALIZED (SELECT {tsquery} AS query)"]
        params = [*query_params]
        for number, tier in enumerate(tiers):
            sql, tier_params = self._matches_sql(
                query, filters, now=now, candidates=candidates, tier=tier
            )
            ctes.append(f"t{number} AS MATERIALIZED ({sql})")
            params += tier_params
        # A tier is read only if every tier before it found too few: each
        # test is a one-time condition, evaluated only when the ones before it
        # let it be (and it reads a tier's rows only up to the last wanted).
        enough = [
            f"EXISTS (SELECT FROM t{n} OFFSET {candidates - 1})"
            for n in range(len(tiers))
        ]
        used = []
        for number in range(len(tiers)):
            gates = [f"NOT {test}" for test in enough[:number]]
            if number < len(tiers) - 1:
                gates.append(enough[number])
            where = f" WHERE {' AND '.join(gates)}" if gates else ""
            used.append(f"SELECT * FROM t{number}{where}")
        ctes.append(f"m AS ({' UNION ALL '.join(used)})")
        ctes.append(
            f"r AS (SELECT m.id, {BLOCK} AS block, {ORDER_KEYS[order]} AS key "
            "FROM m CROSS JOIN q)"
        )
        params += [now] if order == "relevance" else []
        ctes.append(
            "p AS (SELECT id, row_number() OVER "
            "(ORDER BY block, key DESC, id DESC) AS n FROM r)"
        )
        offset, limit = (int(number) for number in rows)
        columns, joins = ["p.id"], ""
        if shown is not None:
            columns += [shown.columns, "w.ids", "w.names", "w.slugs"]
            joins += f" {shown.joins} {AUTHORS_IN_ORDER}"
        if snippets:
            columns.append(
                f"CASE WHEN p.n <= {offset + int(snippets)} "
                f"THEN {_headline('h.body_text')} END"
            )
            params += [postgres_configuration(), HEADLINE_OPTIONS]
            joins += f" JOIN {TABLE} h ON h.article_id = p.id CROSS JOIN q"
        sql = (
            f"WITH {', '.join(ctes)} SELECT {', '.join(columns)} FROM p{joins} "
            f"WHERE p.n > {offset} AND p.n <= {offset + limit} "
            "ORDER BY p.n"
        )
        return sql, params

    def _matches_sql(self, query, filters, *, now, candidates, tier):
        """SQL selecting (id, published_at, document) of at most `candidates`
        live matches of the query `q`, newest first, from one tier: "recent"
        (the RECENT newest rows, walked), "all", or a number (the ids above
        it)."""
        # As on SQLite, at most `candidates` live matches, the newest written,
        # are ranked. For a common word they are found by walking the RECENT
        # newest rows, stopping as soon as they are found; otherwise through
        # the GIN index, among a span of the newest ids or among all: `+ 0`
        # keeps the planner from walking the table in id order, testing each
        # document. The query is the statement's `q`, computed once: a kept
        # (generic) plan would otherwise parse and stem it again for every
        # row a filter tests.
        tsquery = "(SELECT query FROM q)"
        conditions, params = live_conditions(filters, now, "d.", "d.article_id")
        if tier == "recent":
            rows = f"(SELECT * FROM {TABLE} ORDER BY article_id DESC LIMIT {RECENT}) d"
            newest = "d.article_id DESC"
        else:
            rows, newest = f"{TABLE} d", "d.article_id + 0 DESC"
            if tier != "all":
                # A parameter, not a literal: the statement's text, and the
                # plan kept for it, serve every span.
                conditions.append("d.article_id > %s")
                params.append(int(tier))
        where = " AND ".join(conditions)
        if tier != "recent" and _has_phrase(query):
            # A phrase needs its words' positions, which only the document
            # holds: rather than reading the document of every row with the
            # words (thousands), the rows with the words come from the index
            # alone, newest first, and documents are read, in that order,
            # only until enough hold the phrase. (OFFSET 0 keeps the planner
            # from testing the phrase inside the index scan.)
            coarse, coarse_params = _coarse_tsquery(query)
            sql = (
                f"SELECT w.id, w.published_at, w.document FROM (SELECT "
                f"{newest.removesuffix(' DESC')} AS id, d.published_at, d.document "
                f"FROM {rows} WHERE {where} AND d.document @@ ({coarse}) "
                f"ORDER BY id DESC OFFSET 0) w WHERE w.document @@ ({tsquery}) "
                f"ORDER BY w.id DESC LIMIT {int(candidates)}"
            )
            return sql, [*params, *coarse_params]
        sql = (
            f"SELECT d.article_id AS id, d.published_at, d.document FROM {rows} "
            f"WHERE {where} AND d.document @@ ({tsquery}) "
            f"ORDER BY {newest} LIMIT {int(candidates)}"
        )
        return sql, params

    def snippets(self, query, article_ids):
        if not article_ids:
            return {}
        tsquery, params = _tsquery(query)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.article_id, {_headline('d.body_text')} FROM {TABLE} d "
                f"CROSS JOIN (SELECT {tsquery} AS query) q "
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


def _planned_rows(sql, params, settings, before, *, first_page=True) -> list[tuple]:
    """The rows of this statement, planned with these settings (name: value),
    which are put back to their values `before` after it.

    The settings and the statement go in one round trip, in one transaction,
    which local settings end with: with client-side binding (Django's default
    for psycopg) as one string of statements, which runs in a transaction of
    its own; with server-side binding, which takes one statement at a time,
    in a pipeline, whose statements run in one transaction until its end
    (PostgreSQL's extended protocol: until its Sync). Inside the caller's
    transaction (an atomic block, or autocommit turned off) a third
    statement puts them back (after an error there, the rollback does).
    first_page: whether the statement is a first page's, prepared at once.
    """
    if not settings:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def assign(values):
        calls = ", ".join(f"set_config('{name}', %s, true)" for name in values)
        return f"SELECT {calls}", list(values.values())

    statements = [assign(settings), (sql, params)]
    if not connection.get_autocommit():
        statements.append(assign({name: before[name] for name in settings}))
    if not connection.features.uses_server_side_binding:
        with connection.cursor() as cursor:
            cursor.execute(
                "; ".join(text for text, _ in statements),
                [value for _, values in statements for value in values],
            )
            cursor.nextset()
            return cursor.fetchall()
    cursors = [connection.cursor() for _ in statements]  # connected by then
    try:
        # Errors raised as the pipeline ends are Django's too, as any
        # statement's are (and mark the connection to be checked).
        with (
            connection.wrap_database_errors,
            _prepared_at_once(first_page),
            connection.connection.pipeline(),
        ):
            for cursor, statement in zip(cursors, statements, strict=True):
                cursor.execute(*statement)
        return cursors[1].fetchall()
    finally:
        for cursor in cursors:
            cursor.close()


@contextlib.contextmanager
def _prepared_at_once(at_once=True):
    """Statements prepared at their first run on this connection, not their
    sixth (psycopg's prepare_threshold, DATABASE_PREPARED_STATEMENTS): a
    first page's statement is one of a few dozen texts, each then planned
    once a connection, where a site's searches would mostly come before a
    text's sixth run and be planned every time (1.4 ms of a search at 100,000
    articles). A later page's rows are written into its text, so it waits
    for its sixth run as any statement does: a crawler paging through
    results fills no connection with plans of about 300 KB each."""
    pg = connection.connection
    threshold = pg.prepare_threshold
    if threshold is not None and at_once:
        pg.prepare_threshold = 0
    try:
        yield
    finally:
        pg.prepare_threshold = threshold
