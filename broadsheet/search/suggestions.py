"""Did you mean …? A nearer spelling for a query that finds little or nothing.

    suggestion = suggest(query, filters, found=0, now=now)  # ReaderQuery or None

Words of the query the index does not hold are compared with the words it
does (broadsheet.search.models.Word): on PostgreSQL with pg_trgm's trigram
index, elsewhere among the spellings with the same first letter and about the
same length, by difflib's ratio. A suggestion is offered only if it finds
more live articles than the query did, with the same filters: a word known
only from a draft is never shown. The work is bounded: at most
MAX_CORRECTIONS words are looked up, and one search checks the result.
"""

from broadsheet.search.engines import engine
from broadsheet.search.query import ReaderQuery, Term, fold_word, to_text

# Fewer results than this on a first page, and a better spelling is looked for.
POOR_MATCH = 3
MAX_CORRECTIONS = 3
SHORTEST_CORRECTED = 3


def is_poor(page) -> bool:
    """True for a first page with fewer than POOR_MATCH results and no next."""
    return page.number == 1 and not page.has_next and len(page.object_list) < POOR_MATCH


def suggest(query: ReaderQuery, filters, *, found: int, now) -> ReaderQuery | None:
    """The query with its unknown words respelt, if that finds more than `found`."""
    index = engine()
    asked = {
        fold_word(word)
        for term in query.wanted
        if not term.is_prefix
        for word in term.words
        if len(word) >= SHORTEST_CORRECTED and not word.isdigit()
    }
    unknown = sorted(asked - index.known_words(asked))[:MAX_CORRECTIONS]
    respelt = {}
    for word in unknown:
        near = index.similar_words(word)
        if near:
            respelt[word] = near[0]
    if not respelt:
        return None
    terms = tuple(
        Term(
            tuple(respelt.get(fold_word(word), word) for word in term.words),
            term.is_prefix,
            term.is_excluded,
        )
        if not term.is_prefix and not term.is_excluded
        else term
        for term in query.terms
    )
    corrected = ReaderQuery("", terms)
    corrected = ReaderQuery(to_text(corrected), terms)
    better = index.search(
        corrected, filters, order="relevance", offset=0, limit=found + 1, now=now
    )
    return corrected if len(better) > found else None
