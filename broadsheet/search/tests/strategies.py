"""Queries a reader, a broken client or an attacker might send."""

from hypothesis import strategies as st

SYNTAX = [
    '"', "'", "*", "-", "+", "(", ")", ":", "^", "NEAR", "NEAR(", "AND", "OR",
    "NOT", "{", "}", "\\", "\x00", "%", "_", "&", "|", "!", "<->", ":*", " ",
]  # fmt: skip
WORDS = ["ceasefire", "Peskov", "kyiv", "guarantee", "talks", "é", "ß", "İ"]


def queries():
    """Text mixing engine syntax, real words and any characters at all."""
    pieces = st.one_of(
        st.sampled_from(SYNTAX), st.sampled_from(WORDS), st.text(max_size=8)
    )
    return st.one_of(
        st.lists(pieces, max_size=12).map("".join),
        st.lists(pieces, max_size=12).map(" ".join),
        st.text(),
    )


def raw_query_strings():
    """Percent-encoded bytes, valid UTF-8 or not."""
    return st.binary(max_size=40).map(
        lambda data: "q=" + "".join(f"%{byte:02X}" for byte in data)
    )
