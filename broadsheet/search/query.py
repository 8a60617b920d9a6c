"""What a reader typed, read into terms the search engines can be given safely.

The reader's text is never handed to an engine's own query syntax: it is cut
into words (letters and digits only) and rebuilt, so FTS5's operators, a stray
quote or a NUL cannot reach the engine.

    >>> query = read_query('"constructive dialogue" guarant* -Moscow')
    >>> for term in query.terms:
    ...     print(term.words, term.is_prefix, term.is_excluded)
    ('constructive', 'dialogue') False False
    ('guarant',) True False
    ('Moscow',) False True
    >>> to_fts5(query)
    '("constructive dialogue" AND "guarant"*) NOT ("Moscow")'

`"several words"` is a phrase, `-word` leaves out what contains it, `word*`
matches words that start with it; everything else must all be present.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# A query is cut to this many characters and terms: enough for any real search,
# and a 10 KB query costs no more than a short one.
MAX_QUERY_CHARS = 300
MAX_TERMS = 12
MAX_WORD_CHARS = 60

# Unicode's format characters (category Cf, as of Unicode 14, Python 3.11's):
# soft hyphen, zero-width space and joiners, byte order mark, bidirectional
# controls, tags. Invisible, they split a word in two for both engines'
# tokenizers; test_normalising checks this list against unicodedata.
FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
_SPELLABLE = re.compile(r"[^\W\d_]{3,}")  # three letters or more, no digits


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    is_prefix: bool = False
    is_excluded: bool = False


@dataclass(frozen=True)
class ReaderQuery:
    text: str
    terms: tuple[Term, ...] = field(default=())

    @property
    def wanted(self) -> list[Term]:
        return [term for term in self.terms if not term.is_excluded]

    @property
    def unwanted(self) -> list[Term]:
        return [term for term in self.terms if term.is_excluded]

    @property
    def is_empty(self) -> bool:
        """True when nothing is asked for: only exclusions find nothing."""
        return not self.wanted


def normalise(text: str) -> str:
    """The text in NFKC form without format characters: what both the index
    and the query parser read, so an invisible or compatibility character on
    either side cannot keep a word from matching.

    >>> normalise("Pes\u00adkov\u200b ＰＥＳＫＯＶ \ufeffﬁnance")
    'Peskov PESKOV finance'
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", FORMAT_CHARACTERS.sub("", text))


def clean_text(text: str) -> str:
    """The query normalised, without control characters (NUL included), cut to
    length."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs", "Co") else char
        for char in normalise(text[: MAX_QUERY_CHARS * 2])
    )
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def read_query(text: str) -> ReaderQuery:
    """Read the reader's text into terms; never fails, whatever the text."""
    text = clean_text(text)
    terms = []
    for match in _CHUNK.finditer(text):
        minus, phrase, bare = match.groups()
        if phrase is not None:
            words, is_prefix, is_excluded = _words(phrase), False, bool(minus)
        else:
            is_excluded = bare.startswith("-") and len(bare) > 1
            is_prefix = bare.endswith("*")
            words = _words(bare)
        if words and len(terms) < MAX_TERMS:
            terms.append(Term(words, is_prefix, is_excluded))
    return ReaderQuery(text, tuple(terms))


def _words(text: str) -> tuple[str, ...]:
    return tuple(word[:MAX_WORD_CHARS] for word in _WORD.findall(text))


def fold_accents(text: str) -> str:
    """The text with accents removed and compatibility forms unified.

    >>> fold_accents("Kyív, Zürich, ﬁnance")
    'Kyiv, Zurich, finance'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept)


def fold_word(word: str) -> str:
    """A word as the vocabulary of spellings holds it: lower case, no accents."""
    return fold_accents(word).lower()


def words_to_suggest(texts) -> set[str]:
    """The distinct words of these (normalised) texts a spelling suggestion may
    offer: folded, three letters or more, not numbers.

    >>> sorted(words_to_suggest(["Talks in Kyív on 12 May", "the talks"]))
    ['kyiv', 'may', 'talks', 'the']
    """
    words = set()
    for text in texts:
        words.update(_SPELLABLE.findall(text))
    return {fold_word(word) for word in words if len(word) <= MAX_WORD_CHARS}


def to_text(query: ReaderQuery) -> str:
    """The terms written back in the reader's syntax.

    >>> to_text(read_query('-Moscow "security  guarantees" negotiat* cease-fire'))
    '-Moscow "security guarantees" negotiat* "cease fire"'
    """

    def written(term):
        if term.is_prefix:
            return "-".join(term.words) + "*"
        if len(term.words) > 1:
            return '"' + " ".join(term.words) + '"'
        return term.words[0]

    return " ".join(("-" if t.is_excluded else "") + written(t) for t in query.terms)


def to_fts5(query: ReaderQuery, *, stemmed: bool = False) -> str:
    """An FTS5 MATCH expression: every term a quoted string, joined by operators.

    stemmed: the index holds stems (Porter's), which can be shorter than the
    prefix the reader typed ("negotiat*" is indexed as "negoti"), so a
    one-word prefix is shortened as stem_prefix says.

    >>> to_fts5(read_query("negotiat*"), stemmed=True)
    '"negot"*'
    """

    def quoted(term):
        words = term.words
        if stemmed and term.is_prefix and len(words) == 1:
            words = (stem_prefix(words[0]),)
        return '"' + " ".join(words) + '"' + ("*" if term.is_prefix else "")

    wanted = " AND ".join(quoted(term) for term in query.wanted)
    if not query.unwanted:
        return wanted
    unwanted = " OR ".join(quoted(term) for term in query.unwanted)
    return f"({wanted}) NOT ({unwanted})"


def stem_prefix(word: str) -> str:
    """The word less three letters, keeping at least four.

    A stemmer cuts up to three letters from the end of a word's prefix
    ("negotiat" is stored as "negoti"): the shorter prefix finds it. One
    prefix, not the word and each shortening: every word the longer prefixes
    find, the shortest finds too, and each prefix costs a merge of the lists
    of every word it begins.

    >>> stem_prefix("negotiat"), stem_prefix("guara"), stem_prefix("guar")
    ('negot', 'guar', 'guar')
    """
    return word[: max(len(word) - 3, 4)]


def to_websearch(query: ReaderQuery) -> str:
    """The terms without a prefix, in websearch_to_tsquery's syntax, all quoted."""
    return " ".join(
        ("-" if term.is_excluded else "")
        + '"'
        + fold_accents(" ".join(term.words))
        + '"'
        for term in query.terms
        if not term.is_prefix
    )


def to_prefix_tsquery(query: ReaderQuery) -> str:
    """The prefix terms in to_tsquery's syntax (`'guarant':*`), or ''.

    >>> to_prefix_tsquery(read_query("negotiat* -Mosc*"))
    "('negot':*) & !('Mosc':*)"
    """
    parts = []
    for term in query.terms:
        if not term.is_prefix:
            continue
        words = [fold_accents(word) for word in term.words]
        if len(words) == 1:
            phrase = f"('{stem_prefix(words[0])}':*)"
        else:
            lexemes = [f"'{word}'" for word in words]
            phrase = "(" + " <-> ".join(lexemes) + ":*)"
        parts.append(("!" if term.is_excluded else "") + phrase)
    return " & ".join(parts)
